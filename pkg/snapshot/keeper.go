package snapshot

import (
	"bufio"
	"encoding/gob"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/spacetime/tickets/pkg/store"
	"github.com/spacetime/tickets/pkg/syncer"
	"github.com/spacetime/tickets/pkg/tickets"
)

// Logger is the part of the SDK's logger the keeper uses.
type Logger interface {
	Info(msg string, args ...any)
	Warn(msg string, args ...any)
}

// change is one record of the change log.
type change struct {
	Dimensions  []tickets.Dimension
	Tickets     []tickets.Ticket
	Deleted     []string
	CoveredFrom time.Time
	Backfill    *syncer.Backfill // a backfill's progress, recorded with the tickets it loaded
}

// Keeper writes and reads one instance's snapshot of one store. Its methods are safe for concurrent use.
type Keeper struct {
	snapPath, logPath string
	fingerprint       string
	store             *store.Store
	log               Logger
	now               func() time.Time

	mu       sync.Mutex
	base     Header    // of the .snap the log follows
	covered  time.Time // the covered range the files hold: the base's, or a later change's
	logSize  int64
	snapSize int64
	backfill *syncer.Backfill // the unfinished backfill the files hold (nil: finished, or none yet)
}

var _ syncer.Persister = (*Keeper)(nil)

// compactAt folds the change log into a new snapshot once it passes this share of the snapshot's size.
const compactAt = 0.25

// minCompact keeps small stores from rewriting their snapshot after every poll.
const minCompact = 4 << 20

// New returns a keeper of st's snapshot in dir under name (the datasource's uid); fingerprint identifies
// the settings. Nothing is read or written until Load or Save.
func New(dir, name, fingerprint string, st *store.Store, logger Logger) *Keeper {
	return &Keeper{
		snapPath: filepath.Join(dir, name+".snap"), logPath: filepath.Join(dir, name+".log"),
		fingerprint: fingerprint, store: st, log: logger, now: time.Now,
	}
}

// Path is the snapshot file.
func (k *Keeper) Path() string { return k.snapPath }

// Load fills the store from the snapshot and replays the change log, and returns when the snapshot was
// written and the opening time from which the store is complete. It reports false, with a log line that says
// why, when there is no usable snapshot: none yet, another format, other settings, damage.
func (k *Keeper) Load() (savedAt, coveredFrom time.Time, ok bool) {
	k.mu.Lock()
	defer k.mu.Unlock()
	// Temporary files of writes a crash interrupted: the rename never happened, so they hold nothing needed.
	for _, p := range []string{k.snapPath, k.logPath} {
		leftovers, _ := filepath.Glob(p + ".tmp-*")
		for _, l := range leftovers {
			_ = os.Remove(l)
		}
	}
	h, err := k.loadBase()
	if err != nil {
		if !errors.Is(err, os.ErrNotExist) {
			k.log.Warn("Ticket snapshot ignored: a full backfill follows", "file", k.snapPath, "reason", err.Error())
		}
		return time.Time{}, time.Time{}, false
	}
	k.base, k.covered, k.backfill = h, h.CoveredFrom, h.Backfill
	replayed, clean, err := k.replayLog()
	if err != nil {
		k.log.Warn("Ticket change log read up to a damaged record: the changes after it are fetched again", "file", k.logPath,
			"records", replayed, "reason", err.Error())
	}
	if !clean {
		// New changes must follow a log that belongs to this snapshot, whole: write both afresh.
		if err := k.saveLocked(k.covered); err != nil {
			k.log.Warn("Ticket snapshot could not be rewritten after a damaged change log", "file", k.snapPath, "reason", err.Error())
		}
	}
	k.log.Info("Ticket snapshot loaded", "file", k.snapPath, "tickets", k.store.Len(), "savedAt", h.SavedAt.UTC().Format(time.RFC3339),
		"changes", replayed)
	return h.SavedAt, k.covered, true
}

func (k *Keeper) loadBase() (Header, error) {
	f, err := os.Open(k.snapPath)
	if err != nil {
		return Header{}, err
	}
	defer func() { _ = f.Close() }()
	info, err := f.Stat()
	if err != nil {
		return Header{}, err
	}
	r := bufio.NewReaderSize(f, 1<<20)
	h, err := readHeader(r, snapMagic, k.fingerprint)
	if err != nil {
		return Header{}, err
	}
	var cols store.Columns
	if err := readBlock(r, info.Size(), func(d *gob.Decoder) error { return decodeColumns(d, &cols) }); err != nil {
		if errors.Is(err, errTorn) || errors.Is(err, io.EOF) {
			return Header{}, fmt.Errorf("the file is cut short (%d bytes)", info.Size())
		}
		return Header{}, err
	}
	if err := k.store.Import(&cols); err != nil {
		return Header{}, fmt.Errorf("inconsistent content: %w", err)
	}
	k.snapSize = info.Size()
	return h, nil
}

// replayLog applies the change log's records; clean is false when the log is missing, follows another
// snapshot (the process died between writing a snapshot and its log) or is damaged.
func (k *Keeper) replayLog() (n int, clean bool, err error) {
	f, err := os.Open(k.logPath)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return 0, false, nil
		}
		return 0, false, err
	}
	defer func() { _ = f.Close() }()
	info, err := f.Stat()
	if err != nil {
		return 0, false, err
	}
	r := bufio.NewReaderSize(f, 1<<20)
	h, err := readHeader(r, logMagic, k.fingerprint)
	if err != nil || !h.SavedAt.Equal(k.base.SavedAt) {
		return 0, false, nil
	}
	for {
		var c change
		err := readBlock(r, info.Size(), decodeOne(&c))
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return n, false, err
		}
		k.apply(c)
		n++
	}
	k.logSize = info.Size()
	return n, true, nil
}

func (k *Keeper) apply(c change) {
	if len(c.Tickets) > 0 {
		k.store.Upsert(c.Dimensions, c.Tickets)
	}
	if len(c.Deleted) > 0 {
		k.store.Delete(c.Deleted...)
	}
	if !c.CoveredFrom.IsZero() {
		k.covered = c.CoveredFrom
	}
	if c.Backfill != nil {
		k.backfill = c.Backfill
	}
}

// Save writes the whole store as a new snapshot (atomically) and starts an empty change log after it.
// The store is copied under its read lock; encoding and writing hold no lock a query needs.
func (k *Keeper) Save(coveredFrom time.Time) error {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.backfill = nil // the backfill is done
	return k.saveLocked(coveredFrom)
}

// Backfilling records a backfill under way: the tickets it loaded since its last record and what is left.
// The first record writes the snapshot (the store as it is); later ones go to the change log.
func (k *Keeper) Backfilling(dims []tickets.Dimension, ts []tickets.Ticket, left syncer.Backfill) error {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.backfill = &left
	if k.base.SavedAt.IsZero() {
		return k.saveLocked(time.Time{})
	}
	return k.appendLocked(change{Dimensions: dims, Tickets: ts, Backfill: &left})
}

// Unfinished is the backfill the loaded files were written in the middle of (nil: a finished one).
func (k *Keeper) Unfinished() *syncer.Backfill {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.backfill == nil {
		return nil
	}
	b := *k.backfill
	return &b
}

func (k *Keeper) saveLocked(coveredFrom time.Time) error {
	cols := k.store.Export()
	h := Header{Format: Format, Fingerprint: k.fingerprint, SavedAt: k.now().UTC(), CoveredFrom: coveredFrom, Tickets: len(cols.IDs),
		Backfill: k.backfill}
	size, err := writeAtomically(k.snapPath, func(w io.Writer) error {
		if err := writeHeader(w, snapMagic, h); err != nil {
			return err
		}
		_, err := writeBlock(w, columnParts(cols)...)
		return err
	})
	if err != nil {
		return err
	}
	k.base, k.snapSize, k.covered = h, size, coveredFrom
	logSize, err := writeAtomically(k.logPath, func(w io.Writer) error { return writeHeader(w, logMagic, h) })
	k.logSize = logSize
	return err
}

// Append records changes (upserted tickets, deleted identities, a wider covered range) in the change log,
// and folds the log into a new snapshot once it has grown past a quarter of the snapshot.
func (k *Keeper) Append(dims []tickets.Dimension, ts []tickets.Ticket, deleted []string, coveredFrom time.Time) error {
	if len(ts) == 0 && len(deleted) == 0 && coveredFrom.IsZero() {
		return nil
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.base.SavedAt.IsZero() {
		return errors.New("no snapshot to append to yet")
	}
	return k.appendLocked(change{Dimensions: dims, Tickets: ts, Deleted: deleted, CoveredFrom: coveredFrom})
}

// appendLocked writes one record to the change log (synced), and folds the log into a new snapshot once
// it has grown past a quarter of the snapshot (and 4 MB).
func (k *Keeper) appendLocked(c change) error {
	f, err := os.OpenFile(k.logPath, os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	n, err := writeBlock(w, c)
	if err == nil {
		err = w.Flush()
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	k.logSize += int64(n)
	if !c.CoveredFrom.IsZero() {
		k.covered = c.CoveredFrom
	}
	// A backfill's log is folded once, by the Save that ends it: folding it as it grows would rewrite the
	// growing store again and again.
	if k.backfill == nil && k.logSize > minCompact && float64(k.logSize) > compactAt*float64(k.snapSize) {
		return k.saveLocked(k.covered)
	}
	return nil
}

// Probe checks that the snapshot's directory can be written, as Save & test reports it.
func (k *Keeper) Probe() error { return probe(filepath.Dir(k.snapPath)) }

// Sizes are the snapshot's and the change log's sizes in bytes, for status and benchmarks.
func (k *Keeper) Sizes() (snap, changes int64) {
	k.mu.Lock()
	defer k.mu.Unlock()
	return k.snapSize, k.logSize
}

// writeAtomically writes path through a temporary file in the same directory: written, synced, renamed,
// and the directory synced, so a crash leaves the old file or the new one, never a part.
func writeAtomically(path string, write func(io.Writer) error) (int64, error) {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return 0, err
	}
	tmp, err := os.CreateTemp(dir, filepath.Base(path)+".tmp-*")
	if err != nil {
		return 0, err
	}
	defer func() { _ = os.Remove(tmp.Name()) }()
	w := bufio.NewWriterSize(tmp, 1<<20)
	err = write(w)
	if err == nil {
		err = w.Flush()
	}
	if err == nil {
		err = tmp.Sync()
	}
	var size int64
	if info, serr := tmp.Stat(); serr == nil {
		size = info.Size()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return 0, err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return 0, err
	}
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		_ = d.Close()
	}
	return size, nil
}

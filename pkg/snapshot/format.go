// Package snapshot keeps a datasource instance's ticket store on local disk, so a restarted plugin answers
// at once, and keeps answering while the ticket system is down.
//
// Two files per instance, in the data directory: <name>.snap, the whole store (written atomically: a
// temporary file, fsync, rename), and <name>.log, the changes since (appended after every poll, replayed on
// load, folded into a new .snap now and then). While the first backfill runs, the files also record what it
// has left (Header.Backfill, and each change record's), so a restart goes on from there. Both start with a
// header that holds the format version and a fingerprint of the settings that decide the content; a file with
// another fingerprint, another version, a bad checksum or a torn end is ignored (with a log line) and never
// crashes the plugin. No secret is written: the fingerprint is a SHA-256 over the settings.
package snapshot

import (
	"bytes"
	"encoding/binary"
	"encoding/gob"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"time"

	"github.com/klauspost/compress/zstd"

	"github.com/spacetime/tickets/pkg/syncer"
)

// Format is the version of the files' layout; files of another version are ignored.
// 2: the header and the change records carry an unfinished backfill's progress (Header.Backfill).
// 3: the snapshot's columns are gob messages of partRows rows each (columnParts).
const Format = 3

var (
	snapMagic = []byte("SPACETIME-SNAPSHOT\n")
	logMagic  = []byte("SPACETIME-CHANGES\n")
	crcTable  = crc32.MakeTable(crc32.Castagnoli)
)

// Header opens both files.
type Header struct {
	Format int `json:"format"`
	// Fingerprint identifies the settings the content was synced with.
	Fingerprint string `json:"fingerprint"`
	// SavedAt is when the base snapshot was written; a change log names the snapshot it follows.
	SavedAt time.Time `json:"savedAt"`
	// CoveredFrom is the earliest opening time the store holds completely.
	CoveredFrom time.Time `json:"coveredFrom"`
	Tickets     int       `json:"tickets"`
	// Backfill is set while the store holds part of a backfill: what is left to load (a change record may
	// carry a newer one). A snapshot without it holds a finished backfill.
	Backfill *syncer.Backfill `json:"backfill,omitempty"`
}

// ErrForeign marks a file made with other settings or another format: expected, not damage.
var ErrForeign = errors.New("made with other settings or another format")

// writeHeader writes magic, the header's length and the header as JSON.
func writeHeader(w io.Writer, magic []byte, h Header) error {
	js, err := json.Marshal(h)
	if err != nil {
		return err
	}
	buf := append(append([]byte(nil), magic...), binary.BigEndian.AppendUint32(nil, uint32(len(js)))...) // #nosec G115 -- a header is a few hundred bytes
	_, err = w.Write(append(buf, js...))
	return err
}

func readHeader(r io.Reader, magic []byte, fingerprint string) (Header, error) {
	got := make([]byte, len(magic)+4)
	n0, err := io.ReadFull(r, got)
	if !bytes.HasPrefix(magic, got[:min(n0, len(magic))]) {
		return Header{}, fmt.Errorf("not a Spacetime file: %w", ErrForeign)
	}
	if err != nil {
		return Header{}, fmt.Errorf("no header: %w", err)
	}
	n := binary.BigEndian.Uint32(got[len(magic):])
	if n > 1<<20 {
		return Header{}, fmt.Errorf("a header of %d bytes", n)
	}
	js := make([]byte, n)
	if _, err := io.ReadFull(r, js); err != nil {
		return Header{}, fmt.Errorf("a cut header: %w", err)
	}
	var h Header
	if err := json.Unmarshal(js, &h); err != nil {
		return Header{}, fmt.Errorf("an unreadable header: %w", err)
	}
	if h.Format != Format {
		return h, fmt.Errorf("format version %d, this plugin reads %d: %w", h.Format, Format, ErrForeign)
	}
	if h.Fingerprint != fingerprint {
		return h, fmt.Errorf("other data source settings: %w", ErrForeign)
	}
	return h, nil
}

// writeBlock writes values as one framed block: length, CRC-32C, then zstd(gob(values…)), one gob message
// each.
func writeBlock(w io.Writer, values ...any) (int, error) {
	var raw bytes.Buffer
	enc, err := zstd.NewWriter(&raw, zstd.WithEncoderLevel(zstd.SpeedFastest))
	if err != nil {
		return 0, err
	}
	g := gob.NewEncoder(enc)
	for _, v := range values {
		if err := g.Encode(v); err != nil {
			return 0, err
		}
	}
	if err := enc.Close(); err != nil {
		return 0, err
	}
	frame := binary.BigEndian.AppendUint64(nil, uint64(raw.Len())) // #nosec G115 -- a length is never negative
	frame = binary.BigEndian.AppendUint32(frame, crc32.Checksum(raw.Bytes(), crcTable))
	if _, err := w.Write(frame); err != nil {
		return 0, err
	}
	n, err := w.Write(raw.Bytes())
	return n + len(frame), err
}

// errTorn is a block cut short: the end of a change log written when the process died.
var errTorn = errors.New("cut short")

// readBlock reads one framed block, decoding its gob messages with decode; io.EOF at a clean end.
func readBlock(r io.Reader, limit int64, decode func(*gob.Decoder) error) error {
	frame := make([]byte, 12)
	if _, err := io.ReadFull(r, frame); err != nil {
		if errors.Is(err, io.EOF) {
			return io.EOF
		}
		return errTorn
	}
	n := binary.BigEndian.Uint64(frame)
	if n > uint64(limit) { // #nosec G115 -- limit is a file size
		return errTorn
	}
	raw := make([]byte, n)
	if _, err := io.ReadFull(r, raw); err != nil {
		return errTorn
	}
	if crc32.Checksum(raw, crcTable) != binary.BigEndian.Uint32(frame[8:]) {
		return errors.New("a checksum mismatch")
	}
	dec, err := zstd.NewReader(bytes.NewReader(raw))
	if err != nil {
		return err
	}
	defer dec.Close()
	if err := decode(gob.NewDecoder(dec)); err != nil {
		return fmt.Errorf("undecodable content: %w", err)
	}
	return nil
}

// decodeOne decodes one gob message into v.
func decodeOne(v any) func(*gob.Decoder) error {
	return func(d *gob.Decoder) error { return d.Decode(v) }
}

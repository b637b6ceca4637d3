// Package syncer keeps one datasource instance's ticket store in step with its ticket system: a backfill of
// the sync window, then polls for changes, periodic reconciliation of deletions, and on-demand fetches of
// older ranges. When the system fails, the store keeps the last good data and Status says how old it is.
package syncer

import (
	"time"

	"github.com/spacetime/tickets/pkg/tickets"
)

// Config tunes a Syncer. Zero values take the defaults.
type Config struct {
	// Window is how far back the backfill loads tickets by opening time (default 7 days).
	Window time.Duration
	// PollInterval is the time between polls for changes (default 60 s), jittered by ±10 %.
	PollInterval time.Duration
	// Overlap is subtracted from the high-water mark on every poll, for changes committed in the same second.
	Overlap time.Duration
	// ReconcileInterval is the time between checks for deleted tickets (default 15 min).
	ReconcileInterval time.Duration
	// MaxHistory bounds how far back ranges outside the window are fetched (default 90 days).
	MaxHistory time.Duration
	// Now is the clock (tests); default time.Now.
	Now func() time.Time
	// Slices is how many time slices of the window the backfill fetches at once (default 4): at most this
	// many requests are in flight, fewer while the system's rate-limit budget runs low.
	Slices int
	// ProgressInterval is the most time between two snapshot records of a backfill's progress (default 1 s).
	ProgressInterval time.Duration
	// Snapshot keeps the store on disk (pkg/snapshot); nil keeps it in memory only.
	Snapshot Persister
}

// Persister keeps a store on local disk across restarts (pkg/snapshot.Keeper implements it).
type Persister interface {
	// Load fills the store from disk; ok is false when there is nothing usable.
	Load() (savedAt, coveredFrom time.Time, ok bool)
	// Save writes the whole store.
	Save(coveredFrom time.Time) error
	// Append records changes since the last Save.
	Append(dims []tickets.Dimension, ts []tickets.Ticket, deleted []string, coveredFrom time.Time) error
	// Backfilling records a backfill under way: the tickets loaded since its last record, and what is left.
	// The first record writes the snapshot; Save, once the backfill is done, ends the record.
	Backfilling(dims []tickets.Dimension, ts []tickets.Ticket, left Backfill) error
	// Unfinished is the backfill the snapshot Load read was written in the middle of (nil: it was finished).
	Unfinished() *Backfill
}

// Defaults.
const (
	DefaultWindow            = 7 * 24 * time.Hour
	DefaultPollInterval      = 60 * time.Second
	DefaultOverlap           = 2 * time.Minute
	DefaultReconcileInterval = 15 * time.Minute
	DefaultMaxHistory        = 90 * 24 * time.Hour
	DefaultSlices            = 4
	DefaultProgressInterval  = time.Second
	maxBackoff               = 5 * time.Minute
	firstBackoff             = 2 * time.Second
)

func (c Config) withDefaults() Config {
	set := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	set(&c.Window, DefaultWindow)
	set(&c.PollInterval, DefaultPollInterval)
	set(&c.Overlap, DefaultOverlap)
	set(&c.ReconcileInterval, DefaultReconcileInterval)
	set(&c.MaxHistory, DefaultMaxHistory)
	set(&c.ProgressInterval, DefaultProgressInterval)
	if c.Slices <= 0 {
		c.Slices = DefaultSlices
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	return c
}

// Store is what the syncer writes to (pkg/store implements it).
type Store interface {
	Upsert(dims []tickets.Dimension, ts []tickets.Ticket)
	Delete(ids ...string) int
	Len() int
	MaxUpdated() time.Time
	IDsOpenedBetween(from, to time.Time) []string
	SetSeverities([]tickets.Severity)
}

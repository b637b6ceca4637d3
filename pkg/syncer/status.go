package syncer

import (
	"fmt"
	"time"
)

// State of a sync.
const (
	StateBackfilling = "backfilling" // first load of the window in progress
	StateReady       = "ready"       // backfilled, last poll succeeded
	StateDegraded    = "degraded"    // serving the last good data: the ticket system failed since
	StateError       = "error"       // the backfill failed and nothing has been loaded
	StateCatchingUp  = "catching-up" // serving the snapshot loaded at start; the first poll is under way
)

// Status is a snapshot of a sync, served by the "sync" resource.
type Status struct {
	State string `json:"state"`
	// Tickets is how many tickets the store holds.
	Tickets int `json:"tickets"`
	// CoveredFrom is the earliest opening time loaded completely (unix ms).
	CoveredFrom int64 `json:"coveredFrom"`
	// LastSuccess is when the ticket system last answered a sync request completely (unix ms, 0 never).
	LastSuccess int64 `json:"lastSuccess"`
	// LastError describes the latest failure since LastSuccess ("" if none).
	LastError   string `json:"lastError,omitempty"`
	LastErrorAt int64  `json:"lastErrorAt,omitempty"`
	// Backfill progress: tickets loaded so far of the total the system reported.
	BackfillLoaded int `json:"backfillLoaded"`
	BackfillTotal  int `json:"backfillTotal"`
	Polls          int `json:"polls"`
	Deleted        int `json:"deleted"`
	// SnapshotAt is when the snapshot loaded at start was written (unix ms), until the first poll succeeds
	// (or, for the snapshot of an unfinished backfill, until the backfill is done).
	SnapshotAt int64 `json:"snapshotAt,omitempty"`
	// SnapshotProblem says in one sentence why snapshots cannot be written ("" when they can, or are off).
	SnapshotProblem string `json:"snapshotProblem,omitempty"`
}

func ms(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMilli()
}

// staleNotice says how old the data is and why, or "" when the data is fresh.
func staleNotice(st Status, system string, now time.Time) string {
	switch st.State {
	case StateBackfilling:
		if st.SnapshotAt > 0 {
			// A backfill interrupted by a restart, going on from what its snapshot holds.
			return fmt.Sprintf("From the snapshot of %s; the backfill from %s is still running: %d tickets so far; results fill in as it proceeds.",
				clock(st.SnapshotAt, now), system, st.BackfillLoaded)
		}
		if st.BackfillTotal > 0 {
			return fmt.Sprintf("Still loading tickets from %s: %d of %d so far; results fill in as the backfill proceeds.", system, st.BackfillLoaded, st.BackfillTotal)
		}
		return fmt.Sprintf("Still loading tickets from %s; results fill in as the backfill proceeds.", system)
	case StateCatchingUp:
		return fmt.Sprintf("From the snapshot of %s; catching up with %s.", clock(st.SnapshotAt, now), system)
	case StateDegraded:
		age := "never synced"
		if st.LastSuccess > 0 {
			age = "synced " + humanAge(now.Sub(time.UnixMilli(st.LastSuccess))) + " ago"
		}
		if st.SnapshotAt > 0 {
			age = "from the snapshot of " + clock(st.SnapshotAt, now) + ", " + age
		}
		return fmt.Sprintf("Showing the last good data (%s): %s", age, st.LastError)
	}
	return ""
}

func humanAge(d time.Duration) string {
	switch {
	case d < time.Minute:
		return fmt.Sprintf("%d s", int(d.Seconds()))
	case d < time.Hour:
		return fmt.Sprintf("%d min", int(d.Minutes()))
	case d < 48*time.Hour:
		return fmt.Sprintf("%.1f h", d.Hours())
	default:
		return fmt.Sprintf("%d days", int(d.Hours()/24))
	}
}

// clock names a time as a notice does: "12:04 UTC" today, "Nov 30 12:04 UTC" before.
func clock(msec int64, now time.Time) string {
	t := time.UnixMilli(msec).UTC()
	if t.Format(time.DateOnly) == now.UTC().Format(time.DateOnly) {
		return t.Format("15:04 UTC")
	}
	return t.Format("Jan 2 15:04 UTC")
}

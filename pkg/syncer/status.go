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
		if st.BackfillTotal > 0 {
			return fmt.Sprintf("Still loading tickets from %s: %d of %d so far; results fill in as the backfill proceeds.", system, st.BackfillLoaded, st.BackfillTotal)
		}
		return fmt.Sprintf("Still loading tickets from %s; results fill in as the backfill proceeds.", system)
	case StateDegraded:
		age := "never synced"
		if st.LastSuccess > 0 {
			age = "synced " + humanAge(now.Sub(time.UnixMilli(st.LastSuccess))) + " ago"
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

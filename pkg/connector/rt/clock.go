package rt

import (
	"fmt"
	"math"
	"net/http"
	"sync"
	"time"
)

// margin widens every relative time bound: the Date header has second precision and the request takes time
// to reach RT. Opened filters by the tickets' own times, so it only costs a few extra tickets.
const margin = time.Minute

// clock knows how far RT's clock is from ours, from the Date header of its answers.
type clock struct {
	now      func() time.Time
	mu       sync.Mutex
	skew     time.Duration // RT's clock minus ours
	observed bool
}

func (k *clock) observe(h http.Header) {
	d, err := http.ParseTime(h.Get("Date"))
	if err != nil {
		return
	}
	k.mu.Lock()
	k.skew, k.observed = d.Sub(k.now().Truncate(time.Second)), true
	k.mu.Unlock()
}

// rtNow is RT's current time as far as we know.
func (k *clock) rtNow() time.Time {
	k.mu.Lock()
	defer k.mu.Unlock()
	return k.now().Add(k.skew)
}

// relative writes t (a time on RT's clock, as tickets carry) as a TicketSQL relative date, which RT reads
// the same whatever the user's time zone.
func (k *clock) relative(t time.Time) string {
	secs := int64(math.Round(k.rtNow().Sub(t).Seconds()))
	if secs >= 0 {
		return fmt.Sprintf("now - %d seconds", secs)
	}
	return fmt.Sprintf("now + %d seconds", -secs)
}

func (k *clock) known() bool {
	k.mu.Lock()
	defer k.mu.Unlock()
	return k.observed
}

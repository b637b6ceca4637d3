package syncer

import (
	"context"
	"sync"
	"time"

	"github.com/spacetime/tickets/pkg/connector"
)

// gate bounds the backfill's requests in flight: the slices setting, lowered while the system's rate-limit
// budget runs low. A slice holds the gate while its request is out; the page callback, which runs between
// one request and the next, gives it back and takes it again. Room goes to the newest slice waiting, so a
// throttled backfill still fills in newest first.
type gate struct {
	mu       sync.Mutex
	cond     *sync.Cond
	inFlight int
	waiting  map[int64]int // slices waiting, by rank (the lowest: the newest)
	allowed  func() int
}

func newGate(allowed func() int) *gate {
	g := &gate{allowed: allowed, waiting: map[int64]int{}}
	g.cond = sync.NewCond(&g.mu)
	return g
}

// acquire waits for room for one more request of the slice of the given rank.
func (g *gate) acquire(ctx context.Context, rank int64) error {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.waiting[rank]++
	defer func() {
		if g.waiting[rank]--; g.waiting[rank] == 0 {
			delete(g.waiting, rank)
		}
		g.cond.Broadcast() // the next newest may fit too
	}()
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		if g.inFlight < max(g.allowed(), 1) && rank == g.newestWaiting() {
			g.inFlight++
			return nil
		}
		g.cond.Wait() // a release, an admission, or the cancellation's broadcast wakes it
	}
}

func (g *gate) newestWaiting() int64 {
	first, newest := true, int64(0)
	for r := range g.waiting {
		if first || r < newest {
			first, newest = false, r
		}
	}
	return newest
}

func (g *gate) release() {
	g.mu.Lock()
	g.inFlight--
	g.mu.Unlock()
	g.cond.Broadcast()
}

// wake lets waiters see a cancelled context.
func (g *gate) wake() { g.cond.Broadcast() }

// inFlightFor is how many backfill requests may be out at once: n, or fewer while the budget of the current
// window runs low, so that the requests already out (which the last answer's count may not include yet) can
// never take it past the limit. The httpapi client spaces requests out once the system says it is near the
// limit, and holds them until the reset when it is spent: one request at a time keeps that exact.
func inFlightFor(n int, b connector.Budget, now time.Time) int {
	if b.Observed.IsZero() {
		return n
	}
	if b.Limit > 0 {
		n = max(1, min(n, b.Limit/2)) // a new window opens with the whole budget: half of it at most at once
	}
	if b.Remaining < 0 || !b.Reset.After(now) {
		return n
	}
	if b.Near {
		return 1
	}
	return max(1, min(n, b.Remaining/2))
}

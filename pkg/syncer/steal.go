package syncer

import (
	"context"
	"errors"
	"time"
)

// errHandedOver ends a slice's listing where another slice took over the rest.
var errHandedOver = errors.New("the rest of the slice is another's")

// next is a worker's next slice: the newest not started, else the older half of the slice with the most
// left, so that tickets crowded into one slice (an outage) are still fetched at once. It waits while a
// slice may yet be worth splitting (it has delivered no page yet), and is nil when there is nothing to do.
func (a *attempt) next(ctx context.Context) *slice {
	s := a.s
	s.mu.Lock()
	defer s.mu.Unlock()
	for ctx.Err() == nil {
		for _, sl := range a.slices {
			if !sl.started {
				sl.started = true
				return sl
			}
		}
		victim, waiting := a.busiestLocked(s.cfg.Now())
		if victim != nil {
			return a.splitLocked(victim)
		}
		if !waiting {
			return nil
		}
		a.cond.Wait()
	}
	return nil
}

// stealPages is how many pages a slice must have left to be split: the split costs a listing of its own
// and a page read twice (the one out when the slice learns of it).
const stealPages = 4

// busiestLocked is the slice with the most tickets left, when it has at least stealPages pages more and the
// gate has room for one more listing; waiting is set when a slice under way has not shown its page size yet.
func (a *attempt) busiestLocked(now time.Time) (busiest *slice, waiting bool) {
	active := 0
	for _, sl := range a.slices {
		if sl.started && !sl.done {
			active++
		}
	}
	if active >= a.gate.allowed() {
		return nil, false // the rate limit leaves no room: splitting would not fetch any sooner
	}
	best := 0.0
	for _, sl := range a.slices {
		if !sl.started || sl.done || sl.unordered {
			continue
		}
		if sl.pageSize == 0 {
			waiting = true
			continue
		}
		if left := sl.ticketsLeft(now); left >= float64(stealPages*sl.pageSize) && left > best && splitPoint(sl.left).After(sl.left.From) {
			busiest, best = sl, left
		}
	}
	return busiest, waiting
}

// ticketsLeft estimates how many tickets the slice has still to deliver: the system's count, or the rate
// of those delivered so far over the time listed (a listing goes newest first).
func (sl *slice) ticketsLeft(now time.Time) float64 {
	if sl.total >= 0 {
		return float64(sl.total - sl.fetched)
	}
	listed := minTime(sl.listedTo, now).Sub(sl.left.To)
	if listed <= 0 {
		return 0
	}
	return float64(sl.fetched) * float64(sl.left.To.Sub(sl.left.From)) / float64(listed)
}

// splitPoint is the whole minute halfway through what is left of a span (or its start, if it is too short).
func splitPoint(sp Span) time.Time {
	mid := sp.From.Add(sp.To.Sub(sp.From) / 2).Truncate(time.Minute)
	if !mid.After(sp.From) || !mid.Before(sp.To) {
		return sp.From
	}
	return mid
}

// splitLocked hands the older half of what victim has left to a new slice, started at once.
func (a *attempt) splitLocked(victim *slice) *slice {
	mid := splitPoint(victim.left)
	taken := &slice{left: Span{victim.left.From, mid}, total: -1, started: true}
	victim.left.From, victim.split, victim.total = mid, true, -1 // its count covered the part handed over
	a.slices = append(a.slices, taken)
	a.s.updateProgressLocked(a)
	return taken
}

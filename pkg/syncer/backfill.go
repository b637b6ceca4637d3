package syncer

import (
	"context"
	"errors"
	"slices"
	"sync"
	"time"

	"github.com/spacetime/tickets/pkg/connector"
	"github.com/spacetime/tickets/pkg/tickets"
)

// backfill loads the window in time slices fetched at once, newest first, each through Opened, with at most
// Config.Slices requests in flight. It goes on from s.bf: what an earlier attempt, or the snapshot of an
// earlier process, left to load.
func (s *Syncer) backfill(ctx context.Context) error {
	sev, err := s.conn.Severities(ctx)
	if err != nil {
		return err
	}
	s.store.SetSeverities(sev)
	now := s.cfg.Now()
	s.mu.Lock()
	if s.bf == nil {
		s.bf = newBackfill(now, s.cfg.Window, s.cfg.Slices)
	}
	// Fewer spans left than slices (a resumed backfill): cut them again, so every slice has work.
	s.bf.Left = split(s.bf.Left, now, s.cfg.Slices)
	a := &attempt{s: s, lastFlush: time.Now()}
	for _, sp := range s.bf.Left {
		a.slices = append(a.slices, &slice{left: sp, total: -1})
	}
	s.updateProgressLocked(a)
	s.mu.Unlock()

	if err := a.run(ctx); err != nil {
		a.flush() // what the failed attempt loaded is kept, so the next one (or a restart) goes on from there
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.coveredFrom, s.pollFrom = s.bf.Start, s.bf.Began
	s.bf = nil
	s.succeededLocked()
	return nil
}

// slice is one time slice of an attempt.
type slice struct {
	left Span // still to load; To comes down as pages arrive newest first
	// listedTo is the To of the slice's current listing.
	listedTo time.Time
	// unordered is set when a page held a ticket newer than an earlier page's oldest: the listing is not
	// newest first, and resuming from the oldest ticket seen could skip some.
	unordered bool
	oldest    time.Time
	// fetched and total are the listing's progress (total -1: unknown, or not started); pageSize the
	// largest page it delivered.
	fetched, total, pageSize int
	started, done            bool
	// split is set once another slice took the older part of this one's: left.From came up, and the
	// listing ends when it gets there.
	split bool
}

// advance lowers what is left of the slice below the oldest ticket of a page.
func (sl *slice) advance(page []tickets.Ticket) {
	if len(page) == 0 || sl.unordered {
		return
	}
	newest, oldest := page[0].Opened, page[0].Opened
	ordered := true
	for i := range page {
		newest = maxTime(newest, page[i].Opened)
		oldest = minTime(oldest, page[i].Opened)
		// Within a page too: a ticket a second newer than one before it shows a listing in another order
		// (an API paging oldest first), whose first page must not lower what is left.
		if i > 0 && page[i].Opened.Truncate(time.Second).After(page[i-1].Opened.Truncate(time.Second)) {
			ordered = false
		}
	}
	if !ordered || (!sl.oldest.IsZero() && newest.After(sl.oldest)) {
		sl.unordered, sl.left.To = true, sl.listedTo
		return
	}
	sl.oldest = oldest
	// Tickets opened in the oldest one's second may still follow (the systems filter by the second): a
	// resumed listing reads that second again.
	if to := oldest.Truncate(time.Second).Add(time.Second); to.Before(sl.left.To) {
		sl.left.To = maxTime(to, sl.left.From)
	}
}

// attempt is one run of the backfill over what is left.
type attempt struct {
	s      *Syncer
	slices []*slice // newest first

	gate *gate
	// cond (on s.mu) wakes workers waiting for a slice they can take part of.
	cond *sync.Cond

	// mu orders the snapshot records: a record's "left" never claims a page whose tickets a later record holds.
	mu        sync.Mutex
	dims      []tickets.Dimension
	loaded    []tickets.Ticket
	lastFlush time.Time
}

// run fetches the slices, newest first, by up to Config.Slices workers; a worker without a slice of its own
// takes the older half of the busiest one (steal.go). The first failure cancels the rest.
func (a *attempt) run(ctx context.Context) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	s := a.s
	n := s.cfg.Slices
	g := newGate(func() int { return inFlightFor(n, connector.BudgetThrough(s.conn), s.cfg.Now()) })
	a.gate, a.cond = g, sync.NewCond(&s.mu)
	stop := context.AfterFunc(ctx, func() {
		g.wake()
		s.mu.Lock()
		a.cond.Broadcast()
		s.mu.Unlock()
	})
	defer stop()
	var (
		wg    sync.WaitGroup
		errMu sync.Mutex
		first error
	)
	for range min(n, len(a.slices)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for sl := a.next(ctx); sl != nil; sl = a.next(ctx) {
				if err := a.fetch(ctx, g, sl); err != nil {
					errMu.Lock()
					if first == nil {
						first = err
					}
					errMu.Unlock()
					cancel()
				}
			}
		}()
	}
	wg.Wait()
	if first == nil {
		first = ctx.Err()
	}
	return first
}

// fetch lists one slice, holding the gate while each of its requests is out.
func (a *attempt) fetch(ctx context.Context, g *gate, sl *slice) error {
	if ctx.Err() != nil {
		return ctx.Err()
	}
	s := a.s
	s.mu.Lock()
	from, to := sl.left.From, sl.left.To
	sl.listedTo, sl.unordered, sl.oldest, sl.fetched = to, connector.InterleavedThrough(s.conn), time.Time{}, 0
	s.mu.Unlock()
	rank := -to.UnixNano() // the newest slice first
	if err := g.acquire(ctx, rank); err != nil {
		return err
	}
	held := true
	defer func() {
		if held {
			g.release()
		}
	}()
	err := s.conn.Opened(ctx, from, to, func(p connector.Page) error {
		g.release()
		held = false
		s.store.Upsert(p.Dimensions, p.Tickets)
		if a.record(sl, p) {
			return errHandedOver // the rest of the listing belongs to the slice that took it
		}
		if err := g.acquire(ctx, rank); err != nil {
			return err
		}
		held = true
		return nil
	})
	if err != nil && !errors.Is(err, errHandedOver) {
		return err
	}
	a.finish(sl)
	return nil
}

// record notes a page's progress and keeps it for the snapshot, written at most every ProgressInterval. It
// reports whether the slice is done: another took its older part, and the listing has reached it.
func (a *attempt) record(sl *slice, p connector.Page) (done bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	s := a.s
	s.mu.Lock()
	sl.advance(p.Tickets)
	sl.fetched, sl.pageSize = p.Fetched, max(sl.pageSize, len(p.Tickets))
	if !sl.split {
		sl.total = p.Total
	}
	done = sl.split && !sl.unordered && !sl.left.To.After(sl.left.From)
	s.updateProgressLocked(a)
	a.cond.Broadcast() // a worker waiting to take part of a slice may now
	s.mu.Unlock()
	a.dims = mergeDimensions(a.dims, p.Dimensions)
	a.loaded = append(a.loaded, p.Tickets...)
	if time.Since(a.lastFlush) >= s.cfg.ProgressInterval {
		a.flushLocked()
	}
	return done
}

// finish marks a slice loaded and records it in the snapshot.
func (a *attempt) finish(sl *slice) {
	a.mu.Lock()
	defer a.mu.Unlock()
	s := a.s
	s.mu.Lock()
	sl.done = true
	s.updateProgressLocked(a)
	a.cond.Broadcast()
	s.mu.Unlock()
	a.flushLocked()
}

func (a *attempt) flush() {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.flushLocked()
}

// flushLocked writes the tickets loaded since the last record, and what is left, to the snapshot.
func (a *attempt) flushLocked() {
	s := a.s
	a.lastFlush = time.Now()
	if s.cfg.Snapshot == nil {
		a.dims, a.loaded = nil, nil
		return
	}
	s.mu.Lock()
	left := s.bf.clone()
	s.mu.Unlock()
	left.Recorded = s.cfg.Now()
	s.persisted(s.cfg.Snapshot.Backfilling(a.dims, a.loaded, left))
	a.dims, a.loaded = nil, nil
}

// updateProgressLocked sets the plan's Left and the status's progress from the slices.
func (s *Syncer) updateProgressLocked(a *attempt) {
	var left []Span
	total, known := 0, true
	for _, sl := range a.slices {
		if sl.done {
			continue
		}
		left = append(left, sl.left)
		if sl.total < 0 {
			known = false
		}
		total += max(sl.total-sl.fetched, 0)
	}
	slices.SortFunc(left, func(a, b Span) int { return b.To.Compare(a.To) })
	s.bf.Left = left
	loaded := s.store.Len()
	s.status.BackfillLoaded, s.status.BackfillTotal = loaded, -1
	if known {
		s.status.BackfillTotal = loaded + total
	}
}

// mergeDimensions adds the dimensions of add that dims lacks (by key; a later definition replaces an earlier).
func mergeDimensions(dims, add []tickets.Dimension) []tickets.Dimension {
	for _, d := range add {
		i := slices.IndexFunc(dims, func(e tickets.Dimension) bool { return e.Key == d.Key })
		if i < 0 {
			dims = append(dims, d)
		} else {
			dims[i] = d
		}
	}
	return dims
}

func maxTime(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

func minTime(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}

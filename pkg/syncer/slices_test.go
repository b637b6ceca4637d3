package syncer_test

import (
	"context"
	"errors"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/spacetime/tickets/pkg/connector"
	"github.com/spacetime/tickets/pkg/snapshot"
	"github.com/spacetime/tickets/pkg/store"
	"github.com/spacetime/tickets/pkg/syncer"
	"github.com/spacetime/tickets/pkg/tickets"
)

var t0 = time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)

// slowSystem holds 432 tickets opened 20 minutes apart over the last 6 days (the window; 108 in each of its
// 4 slices) and lists them newest first
// in pages of 10, each page a request that takes latency. It counts requests, the most in flight at once,
// and the tickets it delivered.
type slowSystem struct {
	latency time.Duration
	budget  connector.Budget

	mu        sync.Mutex
	inFlight  int
	peak      int
	peakLater int // from the 9th request on: after the first pages of every slice
	requests  int
	delivered int
	listings  []syncer.Span
	failFrom  int           // from this request on (1-based), every request fails; 0: none
	failOnce  int           // this request fails once
	hold      chan struct{} // when set, requests wait until it is closed
	since     []time.Time   // of each Changed call
	crowded   bool
	// touched makes ticket 432, the oldest, updated an hour after t0: it changed while newer slices loaded.
	touched bool
	// oldestFirst lists oldest first, as an API that pages in its own order does (a JSON API by id).
	oldestFirst bool
}

func (f *slowSystem) all() []tickets.Ticket {
	var out []tickets.Ticket
	step := 20 * time.Minute
	if f.crowded {
		step = time.Minute // an outage: every ticket in the newest slice
	}
	for i := int64(1); i <= 432; i++ {
		opened := t0.Add(-time.Duration(i) * step)
		out = append(out, tickets.Ticket{ID: strconv.FormatInt(i, 10), Number: i, Title: "ticket " + strconv.FormatInt(i, 10), Opened: opened, Updated: opened})
	}
	if f.touched {
		out[len(out)-1].Updated = t0.Add(time.Hour)
	}
	return out
}

func (f *slowSystem) request(ctx context.Context) error {
	f.mu.Lock()
	f.requests++
	n, hold := f.requests, f.hold
	f.inFlight++
	f.peak = max(f.peak, f.inFlight)
	if n > 8 {
		f.peakLater = max(f.peakLater, f.inFlight)
	}
	f.mu.Unlock()
	defer func() { f.mu.Lock(); f.inFlight--; f.mu.Unlock() }()
	if hold != nil {
		select {
		case <-hold:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	select {
	case <-time.After(f.latency):
	case <-ctx.Done():
		return ctx.Err()
	}
	if (f.failFrom > 0 && n >= f.failFrom) || n == f.failOnce {
		return errors.New("the system failed past the retries")
	}
	return nil
}

func (f *slowSystem) Opened(ctx context.Context, from, to time.Time, page connector.PageFunc) error {
	f.mu.Lock()
	f.listings = append(f.listings, syncer.Span{From: from, To: to})
	f.mu.Unlock()
	var list []tickets.Ticket
	for _, t := range f.all() {
		if !t.Opened.Before(from) && t.Opened.Before(to) {
			list = append(list, t)
		}
	}
	sort.Slice(list, func(i, j int) bool { return list[i].Opened.After(list[j].Opened) != f.oldestFirst })
	for start := 0; start == 0 || start < len(list); start += 10 {
		if err := f.request(ctx); err != nil {
			return err
		}
		chunk := list[min(start, len(list)):min(start+10, len(list))]
		f.mu.Lock()
		f.delivered += len(chunk)
		f.mu.Unlock()
		if err := page(connector.Page{List: tickets.List{Tickets: chunk}, Fetched: start + len(chunk), Total: len(list)}); err != nil {
			return err
		}
	}
	return nil
}

func (f *slowSystem) Changed(_ context.Context, since time.Time, _ connector.PageFunc) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.since = append(f.since, since)
	return nil
}
func (f *slowSystem) Severities(context.Context) ([]tickets.Severity, error) { return nil, nil }
func (f *slowSystem) Budget() connector.Budget                               { return f.budget }

func (f *slowSystem) counts() (requests, peak, delivered int, listings []syncer.Span) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.requests, f.peak, f.delivered, slices.Clone(f.listings)
}

func startSync(t *testing.T, sys connector.Connector, st syncer.Store, cfg syncer.Config) *syncer.Syncer {
	t.Helper()
	cfg.Window, cfg.PollInterval, cfg.Now = 6*24*time.Hour, time.Hour, func() time.Time { return t0 }
	s := syncer.New(sys, st, cfg, "Fake", func(err error) string { return err.Error() }, nil)
	s.Start()
	t.Cleanup(s.Stop)
	return s
}

func ready(t *testing.T, s *syncer.Syncer) {
	t.Helper()
	if !s.WaitReady(context.Background(), 30*time.Second) {
		t.Fatalf("the backfill did not finish: %+v", s.Status())
	}
}

func storedIDs(st *store.Store) []string {
	ids := st.IDsOpenedBetween(t0.Add(-365*24*time.Hour), t0.Add(365*24*time.Hour))
	slices.Sort(ids)
	return ids
}

func TestTheBackfillFetchesItsSlicesAtOnce(t *testing.T) {
	sys := &slowSystem{latency: 20 * time.Millisecond}
	st := store.New()
	s := startSync(t, sys, st, syncer.Config{Slices: 4})
	ready(t, s)
	requests, peak, delivered, listings := sys.counts()
	if peak != 4 || len(listings) != 4 || delivered != 432 || st.Len() != 432 {
		t.Fatalf("%d requests, %d at most at once, %d listings, %d tickets delivered, %d stored; want 4 slices at once delivering each of 432 tickets once",
			requests, peak, len(listings), delivered, st.Len())
	}
	// The slices tile the window: the oldest starts at the window's start, the newest ends a day ahead.
	sort.Slice(listings, func(i, j int) bool { return listings[i].From.Before(listings[j].From) })
	if !listings[0].From.Equal(t0.Add(-6*24*time.Hour)) || !listings[3].To.Equal(t0.Add(24*time.Hour)) {
		t.Errorf("slices %v do not span the window", listings)
	}
	for i := 1; i < 4; i++ {
		if !listings[i].From.Equal(listings[i-1].To) {
			t.Errorf("slices %v leave a gap or overlap", listings)
		}
	}
	if st := s.Status(); st.State != syncer.StateReady || st.BackfillLoaded != 432 || st.BackfillTotal != 432 {
		t.Errorf("status %+v", st)
	}
}

func TestALowBudgetLowersTheRequestsInFlight(t *testing.T) {
	for name, c := range map[string]struct {
		budget connector.Budget
		peak   int
	}{
		"4 left: 2 at once":                {connector.Budget{Limit: 100, Remaining: 4, Reset: t0.Add(time.Hour), Observed: t0}, 2},
		"near: one at once":                {connector.Budget{Limit: 100, Remaining: 30, Near: true, Reset: t0.Add(time.Hour), Observed: t0}, 1},
		"window over: all 4":               {connector.Budget{Limit: 100, Remaining: 0, Reset: t0.Add(-time.Second), Observed: t0}, 4},
		"a limit of 4 a window: 2 at once": {connector.Budget{Limit: 4, Remaining: 0, Reset: t0.Add(-time.Second), Observed: t0}, 2},
	} {
		t.Run(name, func(t *testing.T) {
			sys := &slowSystem{latency: 10 * time.Millisecond, budget: c.budget}
			st := store.New()
			ready(t, startSync(t, sys, st, syncer.Config{Slices: 4}))
			_, peak, _, listings := sys.counts()
			if peak != c.peak || st.Len() != 432 {
				t.Fatalf("%d requests at most at once, %d tickets; want %d at once and all 432", peak, st.Len(), c.peak)
			}
			if c.peak == 1 {
				// One at a time shows the order: the newest slice first, so recent tickets appear first.
				for i := 1; i < len(listings); i++ {
					if !listings[i].To.Before(listings[i-1].To) {
						t.Fatalf("slices listed in the order %v, want the newest first", listings)
					}
				}
			}
		})
	}
}

// TestAnIdleSliceTakesHalfOfTheBusiest: with every ticket in the newest slice (an outage), the slices that
// find nothing take the older half of the busiest, so the pages are still fetched several at once.
func TestAnIdleSliceTakesHalfOfTheBusiest(t *testing.T) {
	sys := &slowSystem{latency: 20 * time.Millisecond, crowded: true}
	st := store.New()
	ready(t, startSync(t, sys, st, syncer.Config{Slices: 4}))
	requests, _, delivered, listings := sys.counts()
	sys.mu.Lock()
	peak := sys.peakLater
	sys.mu.Unlock()
	t.Logf("%d requests, %d at most at once after the first pages, %d listings, %d tickets delivered", requests, peak, len(listings), delivered)
	// Each split costs its own listing and at most one page read twice.
	if st.Len() != 432 || peak < 3 || delivered > 432+10*(len(listings)-4) {
		t.Fatalf("%d tickets stored, %d requests at most at once after the first pages, %d delivered in %d listings; want all 432, "+
			"3 or 4 at once, at most a page read twice per split", st.Len(), peak, delivered, len(listings))
	}
}

func TestAFailedSliceResumesWhatIsLeft(t *testing.T) {
	sys := &slowSystem{latency: 5 * time.Millisecond, failOnce: 7}
	st := store.New()
	s := startSync(t, sys, st, syncer.Config{Slices: 4})
	ready(t, s)
	_, _, delivered, listings := sys.counts()
	// The failure cancels the other slices; the next attempt lists only what each has left, so at most the
	// oldest second of each slice is delivered again.
	// (A slice that takes over half of another's adds a listing and at most a page read twice.)
	if st.Len() != 432 || delivered > 432+4+10*max(len(listings)-8, 0) || len(listings) <= 4 {
		t.Fatalf("%d tickets stored, %d delivered in %d listings; want all 432 with at most 4 delivered twice", st.Len(), delivered, len(listings))
	}
	t.Logf("%d tickets delivered in %d listings", delivered, len(listings))
}

// TestARestartedBackfillGoesOnFromTheSnapshot interrupts a backfill (the system fails past the retries,
// then the plugin stops), starts a new syncer on a new store over the same snapshot directory: it serves
// the part loaded, with a notice, and fetches only what is missing; the store then equals a fresh backfill.
func TestARestartedBackfillGoesOnFromTheSnapshot(t *testing.T) {
	dir := t.TempDir()
	keep := func(st *store.Store) *snapshot.Keeper {
		return snapshot.New(dir, "ds", "fp", st, quietLog{})
	}
	first := &slowSystem{latency: 5 * time.Millisecond, failFrom: 13}
	st1 := store.New()
	s1 := startSync(t, first, st1, syncer.Config{Slices: 4, Snapshot: keep(st1), ProgressInterval: time.Nanosecond})
	for deadline := time.Now().Add(10 * time.Second); s1.Status().LastError == ""; time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("the backfill did not fail: %+v", s1.Status())
		}
	}
	s1.Stop()
	loadedBefore := st1.Len()
	if loadedBefore == 0 || loadedBefore >= 432 {
		t.Fatalf("%d tickets loaded before the interruption; the test needs part of the window", loadedBefore)
	}

	second := &slowSystem{latency: 5 * time.Millisecond, hold: make(chan struct{})}
	st2 := store.New()
	s2 := startSync(t, second, st2, syncer.Config{Slices: 4, Snapshot: keep(st2), ProgressInterval: time.Nanosecond})
	for deadline := time.Now().Add(10 * time.Second); !strings.Contains(s2.Notice(), "snapshot"); time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the restarted syncer does not serve the snapshot")
		}
	}
	notice := s2.Notice()
	if st2.Len() != loadedBefore || !strings.HasPrefix(notice, "From the snapshot of ") || !strings.Contains(notice, "backfill from Fake is still running") {
		t.Errorf("restarted: %d tickets served (%d loaded before), notice %q", st2.Len(), loadedBefore, notice)
	}
	close(second.hold)
	ready(t, s2)
	_, _, delivered, listings := second.counts()
	if st2.Len() != 432 || delivered > 432-loadedBefore+4+10*max(len(listings)-4, 0) {
		t.Fatalf("after the restart: %d tickets stored, %d delivered (%d were loaded before); want only the missing ones, give or take each slice's oldest second",
			st2.Len(), delivered, loadedBefore)
	}
	t.Logf("%d tickets loaded before the interruption; the restart delivered %d in %d listings", loadedBefore, delivered, len(listings))
	if n := s2.Notice(); n != "" {
		t.Errorf("notice after the backfill: %q", n)
	}

	fresh := store.New()
	ready(t, startSync(t, &slowSystem{}, fresh, syncer.Config{}))
	if !slices.Equal(storedIDs(st2), storedIDs(fresh)) {
		t.Errorf("the resumed store holds %d tickets, a fresh backfill %d", st2.Len(), fresh.Len())
	}
	// A third start finds a finished snapshot: it catches up instead of backfilling.
	s2.Stop() // the snapshot of the finished backfill is written after it is ready
	third := &slowSystem{}
	st3 := store.New()
	s3 := startSync(t, third, st3, syncer.Config{Snapshot: keep(st3)})
	ready(t, s3)
	if _, _, _, l := third.counts(); len(l) != 0 || st3.Len() != 432 {
		t.Errorf("a start after the finished backfill listed %d slices and holds %d tickets", len(l), st3.Len())
	}
}

// TestTheFirstPollReadsTheChangesSinceTheBackfillBegan: a ticket of an early slice may change while later
// slices load newer changes, so the first poll goes back to when the backfill began, not to the newest change.
func TestTheFirstPollReadsTheChangesSinceTheBackfillBegan(t *testing.T) {
	sys := &slowSystem{touched: true}
	s := syncer.New(sys, store.New(), syncer.Config{Window: 6 * 24 * time.Hour, PollInterval: 10 * time.Millisecond, Overlap: time.Minute,
		Now: func() time.Time { return t0 }}, "Fake", func(err error) string { return err.Error() }, nil)
	s.Start()
	t.Cleanup(s.Stop)
	ready(t, s)
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(5 * time.Millisecond) {
		sys.mu.Lock()
		since := slices.Clone(sys.since)
		sys.mu.Unlock()
		if len(since) >= 2 {
			if !since[0].Equal(t0.Add(-time.Minute)) || !since[1].Equal(t0.Add(time.Hour-time.Minute)) {
				t.Fatalf("polls since %v; want the first from the backfill's start (%v) minus the overlap, then from the newest change", since[:2], t0)
			}
			return
		}
		if time.Now().After(deadline) {
			t.Fatal("no polls")
		}
	}
}

type quietLog struct{}

func (quietLog) Info(string, ...any) {}
func (quietLog) Warn(string, ...any) {}

// pagedChanges answers every poll with three pages of changes, each page naming the same dimension.
type pagedChanges struct{ slowSystem }

func (p *pagedChanges) Changed(_ context.Context, _ time.Time, page connector.PageFunc) error {
	dims := []tickets.Dimension{{Key: "service", Name: "Service"}}
	for i := range 3 {
		tk := tickets.Ticket{ID: "c" + strconv.Itoa(i), Opened: t0, Updated: t0, Dimensions: map[string][]string{"service": {"web"}}}
		if err := page(connector.Page{List: tickets.List{Dimensions: dims, Tickets: []tickets.Ticket{tk}}}); err != nil {
			return err
		}
	}
	return nil
}

// appends is a Persister that keeps what each Append was given.
type appends struct {
	mu   sync.Mutex
	dims [][]tickets.Dimension
}

func (a *appends) Load() (time.Time, time.Time, bool) { return time.Time{}, time.Time{}, false }
func (a *appends) Save(time.Time) error               { return nil }
func (a *appends) Backfilling([]tickets.Dimension, []tickets.Ticket, syncer.Backfill) error {
	return nil
}
func (a *appends) Unfinished() *syncer.Backfill { return nil }
func (a *appends) Append(dims []tickets.Dimension, ts []tickets.Ticket, _ []string, _ time.Time) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	if len(ts) > 0 {
		a.dims = append(a.dims, dims)
	}
	return nil
}

func TestAPollRecordsEachDimensionOnce(t *testing.T) {
	snap := &appends{}
	s := syncer.New(&pagedChanges{}, store.New(), syncer.Config{Window: 6 * 24 * time.Hour, PollInterval: 10 * time.Millisecond,
		Now: func() time.Time { return t0 }, Snapshot: snap}, "Fake", func(err error) string { return err.Error() }, nil)
	s.Start()
	t.Cleanup(s.Stop)
	ready(t, s)
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(5 * time.Millisecond) {
		snap.mu.Lock()
		got := slices.Clone(snap.dims)
		snap.mu.Unlock()
		if len(got) > 0 {
			if len(got[0]) != 1 {
				t.Fatalf("a poll of three pages recorded the dimensions %v; want service once", got[0])
			}
			return
		}
		if time.Now().After(deadline) {
			t.Fatal("no poll recorded")
		}
	}
}

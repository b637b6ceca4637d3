package syncer

import (
	"context"
	"errors"
	"sort"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/spacetime/tickets/pkg/connector"
	"github.com/spacetime/tickets/pkg/tickets"
)

// pagedSystem lists 100 tickets, opened one minute apart, newest first in pages of 10 (or oldest first), and
// fails its listing once after failAfter pages, as a system whose request failed past the connector's retries.
type pagedSystem struct {
	mu         sync.Mutex
	oldestLast bool
	failAfter  int
	calls      []time.Time // the `to` of each Opened call
	delivered  int
	budget     connector.Budget
}

func (f *pagedSystem) all() []tickets.Ticket {
	var out []tickets.Ticket
	for i := int64(1); i <= 100; i++ {
		opened := now.Add(-time.Duration(101-i) * time.Minute)
		out = append(out, tickets.Ticket{ID: strconv.FormatInt(i, 10), Number: i, Opened: opened, Updated: opened})
	}
	return out
}

func (f *pagedSystem) Opened(_ context.Context, from, to time.Time, page connector.PageFunc) error {
	f.mu.Lock()
	f.calls = append(f.calls, to)
	fail := len(f.calls) == 1 && f.failAfter > 0
	f.mu.Unlock()
	var list []tickets.Ticket
	for _, t := range f.all() {
		if !t.Opened.Before(from) && t.Opened.Before(to) {
			list = append(list, t)
		}
	}
	sort.Slice(list, func(i, j int) bool { return list[i].Opened.After(list[j].Opened) == !f.oldestLast })
	for start, n := 0, 0; start < len(list); start, n = start+10, n+1 {
		if fail && n == f.failAfter {
			return errors.New("page failed past its retries")
		}
		chunk := list[start:min(start+10, len(list))]
		f.mu.Lock()
		f.delivered += len(chunk)
		f.mu.Unlock()
		if err := page(connector.Page{List: tickets.List{Tickets: chunk}, Fetched: start + len(chunk), Total: len(list)}); err != nil {
			return err
		}
	}
	return nil
}

func (f *pagedSystem) Changed(context.Context, time.Time, connector.PageFunc) error { return nil }
func (f *pagedSystem) Severities(context.Context) ([]tickets.Severity, error)       { return nil, nil }
func (f *pagedSystem) Budget() connector.Budget                                     { return f.budget }

func backfillOnce(t *testing.T, sys *pagedSystem) (*mapStore, *Syncer) {
	t.Helper()
	st := &mapStore{m: map[string]tickets.Ticket{}}
	s := New(sys, st, Config{PollInterval: time.Hour, Slices: 1, Now: func() time.Time { return now }}, "Fake", func(err error) string { return err.Error() }, nil)
	s.Start()
	t.Cleanup(s.Stop)
	if !s.WaitReady(context.Background(), 10*time.Second) { // the retry after a failure waits firstBackoff
		t.Fatalf("backfill did not finish: %+v", s.Status())
	}
	return st, s
}

func TestAFailedBackfillResumesWhereItStopped(t *testing.T) {
	sys := &pagedSystem{failAfter: 6}
	st, s := backfillOnce(t, sys)
	if st.Len() != 100 {
		t.Fatalf("store has %d tickets, want 100", st.Len())
	}
	// 60 delivered before the failure; the second listing goes on below the oldest of them (ticket 41).
	if len(sys.calls) != 2 || !sys.calls[1].Equal(now.Add(-60*time.Minute).Add(time.Second)) || sys.delivered != 60+41 {
		t.Fatalf("listings up to %v delivered %d tickets; want a second listing up to ticket 41's opening second, 101 tickets", sys.calls, sys.delivered)
	}
	if st := s.Status(); st.BackfillLoaded != 100 || st.BackfillTotal != 100 {
		t.Fatalf("progress %d of %d, want 100 of 100", st.BackfillLoaded, st.BackfillTotal)
	}
}

func TestAListingNotNewestFirstRestartsWholly(t *testing.T) {
	sys := &pagedSystem{failAfter: 6, oldestLast: false}
	sys.oldestLast = true // oldest first: the oldest ticket seen says nothing about what is left
	st, _ := backfillOnce(t, sys)
	if st.Len() != 100 || len(sys.calls) != 2 || !sys.calls[1].Equal(sys.calls[0]) {
		t.Fatalf("%d tickets; listings up to %v; want the second listing to cover everything again", st.Len(), sys.calls)
	}
}

func TestPollsStretchWhenTheBudgetRunsLow(t *testing.T) {
	interval := 10 * time.Second
	cases := []struct {
		name   string
		budget connector.Budget
		min    time.Duration
		max    time.Duration
	}{
		{"no budget", connector.Budget{Limit: -1, Remaining: -1}, 9 * time.Second, 11 * time.Second},
		{"plenty left", connector.Budget{Limit: 5000, Remaining: 4000, Reset: now.Add(time.Hour), Observed: now}, 9 * time.Second, 11 * time.Second},
		{"near: half of the rest", connector.Budget{Limit: 100, Remaining: 4, Near: true, Reset: now.Add(time.Minute), Observed: now}, 30 * time.Second, 30 * time.Second},
		{"spent: until the reset", connector.Budget{Limit: 100, Remaining: 0, Near: true, Reset: now.Add(5 * time.Minute), Observed: now}, 5 * time.Minute, 5 * time.Minute},
		{"window over", connector.Budget{Limit: 100, Remaining: 0, Reset: now.Add(-time.Second), Observed: now}, 9 * time.Second, 11 * time.Second},
	}
	for _, c := range cases {
		sys := &pagedSystem{budget: c.budget}
		s := New(sys, &mapStore{m: map[string]tickets.Ticket{}}, Config{PollInterval: interval, Now: func() time.Time { return now }}, "Fake", nil, nil)
		if w := s.pollWait(); w < c.min || w > c.max {
			t.Errorf("%s: next poll in %v, want %v..%v", c.name, w, c.min, c.max)
		}
	}
}

// pacedSystem's polls cost one request per repository: it asks for a floor under the poll interval.
type pacedSystem struct {
	pagedSystem
	floor time.Duration
}

func (p *pacedSystem) MinPollInterval() time.Duration { return p.floor }

func TestPollsKeepTheConnectorsFloor(t *testing.T) {
	for _, c := range []struct {
		floor, min, max time.Duration
	}{{0, 54 * time.Second, 66 * time.Second}, {30 * time.Second, 54 * time.Second, 66 * time.Second}, {120 * time.Second, 108 * time.Second, 132 * time.Second}} {
		sys := &pacedSystem{pagedSystem: pagedSystem{budget: connector.Budget{Limit: -1, Remaining: -1}}, floor: c.floor}
		s := New(sys, &mapStore{m: map[string]tickets.Ticket{}}, Config{PollInterval: time.Minute, Now: func() time.Time { return now }}, "Fake", nil, nil)
		if w := s.pollWait(); w < c.min || w > c.max {
			t.Errorf("floor %v: next poll in %v, want %v..%v", c.floor, w, c.min, c.max)
		}
	}
}

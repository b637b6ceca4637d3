package syncer

import (
	"context"
	"errors"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/spacetime/tickets/pkg/connector"
	"github.com/spacetime/tickets/pkg/tickets"
)

// fakeSystem is an in-memory ticket system: tickets, a switch to make it fail, and request counters.
type fakeSystem struct {
	mu      sync.Mutex
	tickets map[string]tickets.Ticket
	down    error
	opened  int
	changed int
}

func (f *fakeSystem) put(t tickets.Ticket) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.tickets[t.ID] = t
}

func (f *fakeSystem) remove(id int64) {
	f.mu.Lock()
	defer f.mu.Unlock()
	delete(f.tickets, strconv.FormatInt(id, 10))
}

func (f *fakeSystem) setDown(err error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.down = err
}

func (f *fakeSystem) list(keep func(tickets.Ticket) bool, page connector.PageFunc) error {
	f.mu.Lock()
	if f.down != nil {
		defer f.mu.Unlock()
		return f.down
	}
	var out []tickets.Ticket
	for _, t := range f.tickets {
		if keep(t) {
			out = append(out, t)
		}
	}
	f.mu.Unlock()
	sort.Slice(out, func(i, j int) bool { return out[i].Number > out[j].Number })
	for start := 0; start < len(out); start += 2 {
		chunk := out[start:min(start+2, len(out))]
		if err := page(connector.Page{List: tickets.List{Tickets: chunk}, Fetched: start + len(chunk), Total: len(out)}); err != nil {
			return err
		}
	}
	return nil
}

func (f *fakeSystem) Changed(_ context.Context, since time.Time, page connector.PageFunc) error {
	f.mu.Lock()
	f.changed++
	f.mu.Unlock()
	return f.list(func(t tickets.Ticket) bool { return !t.Updated.Before(since) }, page)
}

func (f *fakeSystem) Opened(_ context.Context, from, to time.Time, page connector.PageFunc) error {
	f.mu.Lock()
	f.opened++
	f.mu.Unlock()
	return f.list(func(t tickets.Ticket) bool { return !t.Opened.Before(from) && t.Opened.Before(to) }, page)
}

func (f *fakeSystem) Severities(context.Context) ([]tickets.Severity, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.down != nil {
		return nil, f.down
	}
	return []tickets.Severity{{Name: "Low"}, {Name: "High", Rank: 1}}, nil
}

func (f *fakeSystem) Existing(_ context.Context, ids []string) (map[string]bool, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := map[string]bool{}
	for _, id := range ids {
		if _, ok := f.tickets[id]; ok {
			out[id] = true
		}
	}
	return out, nil
}

// mapStore is the smallest Store: the real columnar store has its own tests.
type mapStore struct {
	mu sync.Mutex
	m  map[string]tickets.Ticket
}

func (s *mapStore) Upsert(_ []tickets.Dimension, ts []tickets.Ticket) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, t := range ts {
		s.m[t.ID] = t
	}
}
func (s *mapStore) Delete(ids ...string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, id := range ids {
		if _, ok := s.m[id]; ok {
			delete(s.m, id)
			n++
		}
	}
	return n
}
func (s *mapStore) Len() int { s.mu.Lock(); defer s.mu.Unlock(); return len(s.m) }
func (s *mapStore) MaxUpdated() time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	var m time.Time
	for _, t := range s.m {
		if t.Updated.After(m) {
			m = t.Updated
		}
	}
	return m
}
func (s *mapStore) IDsOpenedBetween(from, to time.Time) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for _, t := range s.m {
		if !t.Opened.Before(from) && t.Opened.Before(to) {
			out = append(out, t.ID)
		}
	}
	return out
}
func (s *mapStore) SetSeverities([]tickets.Severity) {}
func (s *mapStore) title(id int64) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.m[strconv.FormatInt(id, 10)].Title
}

var now = time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)

func ticket(id int64, title string, opened time.Time) tickets.Ticket {
	return tickets.Ticket{ID: strconv.FormatInt(id, 10), Number: id, Title: title, Opened: opened, Updated: opened}
}

func newFixture(t *testing.T) (*fakeSystem, *mapStore, *Syncer) {
	sys := &fakeSystem{tickets: map[string]tickets.Ticket{}}
	for i := int64(1); i <= 5; i++ {
		sys.put(ticket(i, "ticket", now.Add(-time.Duration(i)*time.Hour)))
	}
	sys.put(ticket(99, "old", now.Add(-10*24*time.Hour))) // outside the 7-day window
	st := &mapStore{m: map[string]tickets.Ticket{}}
	s := New(sys, st, Config{PollInterval: 20 * time.Millisecond, ReconcileInterval: time.Hour, Now: func() time.Time { return now }},
		"Fake", func(err error) string { return "Fake failed: " + err.Error() }, nil)
	s.Start()
	t.Cleanup(s.Stop)
	if !s.WaitReady(context.Background(), 5*time.Second) {
		t.Fatalf("backfill did not finish: %+v", s.Status())
	}
	return sys, st, s
}

func eventually(t *testing.T, what string, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting until %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestBackfillLoadsTheWindowOnly(t *testing.T) {
	_, st, s := newFixture(t)
	if st.Len() != 5 {
		t.Fatalf("store has %d tickets after backfill, want the 5 opened in the last 7 days", st.Len())
	}
	status := s.Status()
	if status.State != StateReady || status.BackfillLoaded != 5 || status.BackfillTotal != 5 {
		t.Errorf("status after backfill = %+v", status)
	}
	if n := s.Notice(); n != "" {
		t.Errorf("fresh data has a notice: %q", n)
	}
}

func TestPollPicksUpEditsAndNewTickets(t *testing.T) {
	sys, st, _ := newFixture(t)
	edited := ticket(3, "edited title", now.Add(-3*time.Hour))
	edited.Updated = now.Add(time.Minute)
	sys.put(edited)
	sys.put(ticket(6, "new", now.Add(time.Minute)))
	eventually(t, "the poll upserts the edit and the new ticket", func() bool { return st.title(3) == "edited title" && st.Len() == 6 })
}

func TestFailureKeepsDataAndSaysWhyThenRecovers(t *testing.T) {
	sys, st, s := newFixture(t)
	sys.setDown(errors.New("connection refused"))
	eventually(t, "the sync reports the failure", func() bool { return s.Status().State == StateDegraded })
	if st.Len() != 5 {
		t.Errorf("store lost tickets while the system was down: %d", st.Len())
	}
	n := s.Notice()
	if !strings.Contains(n, "last good data") || !strings.Contains(n, "connection refused") || !strings.Contains(n, "synced") {
		t.Errorf("notice = %q, want it to say the data is old and why", n)
	}
	sys.setDown(nil)
	sys.put(ticket(7, "after restart", now.Add(2*time.Minute)))
	eventually(t, "the sync resumes", func() bool { return s.Status().State == StateReady && st.Len() == 6 })
	if n := s.Notice(); n != "" {
		t.Errorf("notice after recovery = %q", n)
	}
}

func TestReconcileDropsDeletedTickets(t *testing.T) {
	sys, st, s := newFixture(t)
	sys.remove(2)
	if err := s.Reconcile(context.Background()); err != nil {
		t.Fatal(err)
	}
	if st.Len() != 4 || s.Status().Deleted != 1 {
		t.Errorf("after reconcile: %d tickets, status %+v; want ticket 2 gone", st.Len(), s.Status())
	}
}

func TestOlderRangesAreFetchedOnce(t *testing.T) {
	sys, st, s := newFixture(t)
	sys.mu.Lock()
	before := sys.opened
	sys.mu.Unlock()
	for range 3 {
		if _, err := s.EnsureFrom(context.Background(), now.Add(-30*24*time.Hour)); err != nil {
			t.Fatal(err)
		}
	}
	sys.mu.Lock()
	fetches := sys.opened - before
	sys.mu.Unlock()
	if fetches != 1 || st.Len() != 6 {
		t.Errorf("3 queries over 30 days made %d fetches and left %d tickets; want 1 fetch and the old ticket loaded", fetches, st.Len())
	}
	notice, _ := s.EnsureFrom(context.Background(), now.Add(-200*24*time.Hour))
	if !strings.Contains(notice, "not loaded") {
		t.Errorf("notice for a range beyond the history limit = %q", notice)
	}
}

func TestStopEndsTheSync(t *testing.T) {
	sys, _, s := newFixture(t)
	s.Stop()
	sys.mu.Lock()
	polls := sys.changed
	sys.mu.Unlock()
	time.Sleep(60 * time.Millisecond)
	sys.mu.Lock()
	defer sys.mu.Unlock()
	if sys.changed != polls {
		t.Errorf("the sync kept polling after Stop: %d polls, then %d", polls, sys.changed)
	}
}

// fakeSnapshot is a Persister over a mapStore: Load puts its tickets back.
type fakeSnapshot struct {
	mu       sync.Mutex
	st       *mapStore
	saved    []tickets.Ticket
	savedAt  time.Time
	covered  time.Time
	saves    int
	appended int
	left     *Backfill
}

func (f *fakeSnapshot) Backfilling(_ []tickets.Dimension, ts []tickets.Ticket, left Backfill) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.savedAt.IsZero() {
		f.savedAt = now
	}
	f.saved, f.left = append(f.saved, ts...), &left
	return nil
}

func (f *fakeSnapshot) Unfinished() *Backfill {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.left
}

func (f *fakeSnapshot) Load() (time.Time, time.Time, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.savedAt.IsZero() {
		return time.Time{}, time.Time{}, false
	}
	f.st.Upsert(nil, f.saved)
	return f.savedAt, f.covered, true
}

func (f *fakeSnapshot) Save(covered time.Time) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.saves++
	f.covered, f.left = covered, nil
	return nil
}

func (f *fakeSnapshot) Append(_ []tickets.Dimension, ts []tickets.Ticket, deleted []string, _ time.Time) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.appended += len(ts) + len(deleted)
	return nil
}

func TestAWarmStartServesTheSnapshotThenCatchesUp(t *testing.T) {
	sys := &fakeSystem{tickets: map[string]tickets.Ticket{}}
	sys.put(ticket(1, "in the snapshot", now.Add(-time.Hour)))
	sys.put(ticket(2, "opened while the plugin was down", now.Add(-time.Minute)))
	sys.setDown(errors.New("connection refused"))
	st := &mapStore{m: map[string]tickets.Ticket{}}
	snap := &fakeSnapshot{st: st, saved: []tickets.Ticket{ticket(1, "in the snapshot", now.Add(-time.Hour))},
		savedAt: now.Add(-30 * time.Minute), covered: now.Add(-7 * 24 * time.Hour)}
	s := New(sys, st, Config{PollInterval: 20 * time.Millisecond, ReconcileInterval: time.Hour, Now: func() time.Time { return now }, Snapshot: snap},
		"Fake", func(err error) string { return "Fake failed: " + err.Error() }, nil)
	s.Start()
	t.Cleanup(s.Stop)
	if !s.WaitReady(context.Background(), time.Second) || st.Len() != 1 {
		t.Fatalf("not ready from the snapshot: %+v, %d tickets", s.Status(), st.Len())
	}
	eventually(t, "the failed catch-up is reported", func() bool { return s.Status().State == StateDegraded })
	if n := s.Notice(); !strings.Contains(n, "from the snapshot of 11:30 UTC") || !strings.Contains(n, "connection refused") {
		t.Errorf("notice while the system is down: %q", n)
	}
	if sys.opened != 0 {
		t.Errorf("a warm start backfilled (%d listings)", sys.opened)
	}
	sys.setDown(nil)
	eventually(t, "the sync catches up", func() bool { return s.Status().State == StateReady && st.Len() == 2 })
	if s.Status().SnapshotAt != 0 || s.Notice() != "" {
		t.Errorf("after catching up: %+v, notice %q", s.Status(), s.Notice())
	}
	snap.mu.Lock()
	defer snap.mu.Unlock()
	if snap.appended == 0 {
		t.Error("the caught-up changes were not recorded in the snapshot")
	}
}

func TestABackfillIsSaved(t *testing.T) {
	sys := &fakeSystem{tickets: map[string]tickets.Ticket{}}
	sys.put(ticket(1, "t", now.Add(-time.Hour)))
	st := &mapStore{m: map[string]tickets.Ticket{}}
	snap := &fakeSnapshot{st: st}
	s := New(sys, st, Config{PollInterval: time.Hour, Now: func() time.Time { return now }, Snapshot: snap}, "Fake",
		func(err error) string { return err.Error() }, nil)
	s.Start()
	t.Cleanup(s.Stop)
	if !s.WaitReady(context.Background(), time.Second) {
		t.Fatal("no backfill")
	}
	eventually(t, "the backfill is saved", func() bool { snap.mu.Lock(); defer snap.mu.Unlock(); return snap.saves == 1 })
}

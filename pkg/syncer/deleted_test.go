package syncer

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/spacetime/tickets/pkg/connector"
	"github.com/spacetime/tickets/pkg/tickets"
)

// reportsDeletions is a system whose change listing also names deleted tickets (as Request Tracker's does).
type reportsDeletions struct {
	*fakeSystem
	mu      sync.Mutex
	deleted []string
}

func (r *reportsDeletions) Changed(ctx context.Context, since time.Time, page connector.PageFunc) error {
	if err := r.fakeSystem.Changed(ctx, since, page); err != nil {
		return err
	}
	r.mu.Lock()
	gone := r.deleted
	r.mu.Unlock()
	if len(gone) == 0 {
		return nil
	}
	return page(connector.Page{Deleted: gone, Total: -1})
}

func TestPollDropsTicketsTheChangeListingReportsDeleted(t *testing.T) {
	sys := &reportsDeletions{fakeSystem: &fakeSystem{tickets: map[string]tickets.Ticket{}}}
	for i := int64(1); i <= 3; i++ {
		sys.put(ticket(i, "ticket", now.Add(-time.Duration(i)*time.Hour)))
	}
	st := &mapStore{m: map[string]tickets.Ticket{}}
	// Reconciliation is an hour away: only the poll can drop the ticket within the test.
	s := New(sys, st, Config{PollInterval: 20 * time.Millisecond, ReconcileInterval: time.Hour, Now: func() time.Time { return now }},
		"Fake", func(err error) string { return err.Error() }, nil)
	s.Start()
	t.Cleanup(s.Stop)
	if !s.WaitReady(context.Background(), 5*time.Second) || st.Len() != 3 {
		t.Fatalf("backfill: %+v, %d tickets", s.Status(), st.Len())
	}
	sys.remove(2)
	sys.mu.Lock()
	sys.deleted = []string{"2", "404"} // 404 was never loaded: nothing to drop
	sys.mu.Unlock()
	eventually(t, "the poll drops ticket 2", func() bool { return st.Len() == 2 && s.Status().Deleted == 1 })
	polls := s.Status().Polls
	eventually(t, "two more polls", func() bool { return s.Status().Polls >= polls+2 })
	if d := s.Status().Deleted; d != 1 || st.Len() != 2 {
		t.Errorf("after more polls reporting the same deletion: %d deleted, %d tickets; want 1 and 2", d, st.Len())
	}
}

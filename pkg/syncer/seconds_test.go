package syncer_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/spacetime/tickets/pkg/connector"
	"github.com/spacetime/tickets/pkg/store"
	"github.com/spacetime/tickets/pkg/syncer"
	"github.com/spacetime/tickets/pkg/tickets"
)

// bySecond filters opening times as PagerDuty's since/until and GitLab's created_after/before do: to the
// second (the bounds are sent without their fraction), then keeps [from, to) exactly, as the connectors do.
type bySecond struct{ list []tickets.Ticket }

func (b *bySecond) Opened(_ context.Context, from, to time.Time, page connector.PageFunc) error {
	var out []tickets.Ticket
	for _, t := range b.list {
		sent := !t.Opened.Before(from.Truncate(time.Second)) && t.Opened.Before(to.Truncate(time.Second))
		if sent && !t.Opened.Before(from) && t.Opened.Before(to) {
			out = append(out, t)
		}
	}
	return page(connector.Page{List: tickets.List{Tickets: out}, Fetched: len(out), Total: len(out)})
}
func (b *bySecond) Changed(context.Context, time.Time, connector.PageFunc) error { return nil }
func (b *bySecond) Severities(context.Context) ([]tickets.Severity, error)       { return nil, nil }

// TestATicketOpenedJustBeforeTheWindowLoadsWithAnOlderRange: the clock is rarely on a whole second, so the
// window starts inside one; a ticket opened earlier in that second is outside the backfill, and must load
// when a query reaches further back.
func TestATicketOpenedJustBeforeTheWindowLoadsWithAnOlderRange(t *testing.T) {
	now := t0.Add(500 * time.Millisecond)
	window := 6 * 24 * time.Hour
	edge := tickets.Ticket{ID: "edge", Opened: now.Add(-window).Add(-300 * time.Millisecond), Updated: now.Add(-window)}
	old := tickets.Ticket{ID: "old", Opened: now.Add(-window - time.Hour), Updated: now.Add(-window - time.Hour)}
	older := tickets.Ticket{ID: "older", Opened: now.Add(-window - 2*time.Hour).Add(-300 * time.Millisecond), Updated: now}
	st := store.New()
	s := syncer.New(&bySecond{list: []tickets.Ticket{edge, old, older}}, st, syncer.Config{Window: window, PollInterval: time.Hour, Now: func() time.Time { return now }},
		"Fake", func(err error) string { return err.Error() }, nil)
	s.Start()
	t.Cleanup(s.Stop)
	ready(t, s)
	if _, err := s.EnsureFrom(context.Background(), now.Add(-window-2*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if got := storedIDs(st); !slices.Contains(got, "edge") || !slices.Contains(got, "old") {
		t.Fatalf("after loading two hours before the window the store holds %v; want edge and old", got)
	}
	// The range loaded started inside a second too.
	if _, err := s.EnsureFrom(context.Background(), now.Add(-window-3*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if got := storedIDs(st); len(got) != 3 {
		t.Fatalf("after loading three hours before the window the store holds %v; want edge, old and older", got)
	}
}

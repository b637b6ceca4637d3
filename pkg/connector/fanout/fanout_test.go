package fanout

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/spacetime/tickets/pkg/connector"
	"github.com/spacetime/tickets/pkg/tickets"
)

func pageOf(n, total int) connector.Page {
	return connector.Page{List: tickets.List{Tickets: make([]tickets.Ticket, n)}, Total: total}
}

func TestEachCountsOverSourcesAndSumsTotalsOnceEverySourceGaveOne(t *testing.T) {
	var got []connector.Page
	err := Each(context.Background(), []string{"a", "b"}, 1, func(_ context.Context, src string, pf connector.PageFunc) error {
		if src == "a" {
			_ = pf(pageOf(2, 3))
			return pf(pageOf(1, 3))
		}
		return pf(pageOf(4, 4))
	}, func(p connector.Page) error { got = append(got, p); return nil })
	if err != nil || len(got) != 3 {
		t.Fatalf("%d pages, %v", len(got), err)
	}
	if got[0].Fetched != 2 || got[0].Total != -1 || got[2].Fetched != 7 || got[2].Total != 7 {
		t.Fatalf("progress %+v %+v", got[0], got[2])
	}
	// A source without a total leaves the whole without one.
	var last connector.Page
	_ = Each(context.Background(), []string{"a", "b"}, 2, func(_ context.Context, src string, pf connector.PageFunc) error {
		return pf(pageOf(1, map[string]int{"a": 5, "b": -1}[src]))
	}, func(p connector.Page) error { last = p; return nil })
	if last.Total != -1 || last.Fetched != 2 {
		t.Fatalf("last page %+v", last)
	}
}

func TestASourceThatFailedIsAskedFromItsMissedPollUntilItSucceeds(t *testing.T) {
	var p Poller
	var mu sync.Mutex
	asked := map[string]time.Time{}
	fail := map[string]bool{"b": true}
	list := func(_ context.Context, src string, since time.Time, page connector.PageFunc) error {
		mu.Lock()
		asked[src] = since
		failed := fail[src]
		mu.Unlock()
		if failed {
			return errors.New("b failed")
		}
		return page(connector.Page{List: tickets.List{Tickets: []tickets.Ticket{{ID: src + "-1"}}}}) // a change in every poll
	}
	t0 := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	nothing := func(connector.Page) error { return nil }
	if err := p.Changed(context.Background(), []string{"a", "b"}, t0, 1, list, nothing); err == nil {
		t.Fatal("the failure was not returned")
	}
	fail["b"] = false
	_ = p.Changed(context.Background(), []string{"a", "b"}, t0.Add(time.Hour), 1, list, nothing)
	if !asked["a"].Equal(t0.Add(time.Hour)) || !asked["b"].Equal(t0) {
		t.Fatalf("asked %v: want a from the new since, b from the poll it missed", asked)
	}
	_ = p.Changed(context.Background(), []string{"a", "b"}, t0.Add(2*time.Hour), 1, list, nothing)
	if !asked["b"].Equal(t0.Add(2 * time.Hour)) {
		t.Fatalf("after succeeding b was asked from %v", asked["b"])
	}
}

// TestASourceWhosePollFoundNothingIsAskedTheSameAgain: another source's changes move the since; a source
// whose last poll found nothing is asked from that poll's since again (the same request: 304 where the system
// revalidates), until it delivers something.
func TestASourceWhosePollFoundNothingIsAskedTheSameAgain(t *testing.T) {
	var p Poller
	var mu sync.Mutex
	asked := map[string][]time.Time{}
	quietUntil := 2 // b has its first change in the third poll
	list := func(_ context.Context, src string, since time.Time, page connector.PageFunc) error {
		mu.Lock()
		asked[src] = append(asked[src], since)
		n := len(asked[src])
		mu.Unlock()
		if src == "b" && n <= quietUntil {
			return nil
		}
		return page(connector.Page{List: tickets.List{Tickets: []tickets.Ticket{{ID: src}}}})
	}
	t0 := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	nothing := func(connector.Page) error { return nil }
	for i := range 4 {
		if err := p.Changed(context.Background(), []string{"a", "b"}, t0.Add(time.Duration(i)*time.Hour), 1, list, nothing); err != nil {
			t.Fatal(err)
		}
	}
	want := map[string][]time.Time{
		"a": {t0, t0.Add(time.Hour), t0.Add(2 * time.Hour), t0.Add(3 * time.Hour)},
		"b": {t0, t0, t0, t0.Add(3 * time.Hour)}, // quiet twice: asked from t0 until it delivered (poll 3)
	}
	for src, w := range want {
		if !slices.EqualFunc(asked[src], w, time.Time.Equal) {
			t.Errorf("%s asked from %v, want %v", src, asked[src], w)
		}
	}
}

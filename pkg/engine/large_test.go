package engine_test

import (
	"slices"
	"testing"

	"github.com/spacetime/tickets/pkg/engine"
	"github.com/spacetime/tickets/pkg/engine/synthetic"
	"github.com/spacetime/tickets/pkg/query"
	"github.com/spacetime/tickets/pkg/store"
)

// On a store large enough for the two-goroutine paths, the first N tickets are the first N of all of
// them in the same order.
func TestFirstRowsOnALargeStore(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a 140,000-ticket store")
	}
	s := store.New()
	synthetic.Fill(s, 140_000, 7)
	r := engine.Request{From: synthetic.End.Add(-synthetic.Span), To: synthetic.End}
	for _, js := range []string{
		`{"search":"timeout","sort":[{"field":"severity","desc":true},{"field":"opened","desc":true}]`,
		`{"filter":{"key":"title","operator":"=~","value":"(?i).*disk.*"},"sort":[{"field":"service"},{"field":"resolved"}]`,
	} {
		few := ids(t, s, js+`,"limit":50}`, r)
		all := ids(t, s, js+`,"limit":100000}`, r)
		if len(few) != 50 || len(all) < 1000 || !slices.Equal(few, all[:50]) {
			t.Errorf("%s: %d of %d, first %v vs %v", js, len(few), len(all), few[:3], all[:3])
		}
	}
}

func ids(t *testing.T, s *store.Store, js string, r engine.Request) []string {
	t.Helper()
	q, _, err := query.ParseTickets([]byte(js))
	if err != nil {
		t.Fatal(err)
	}
	frame, err := engine.Tickets(s, q, r)
	if err != nil {
		t.Fatal(err)
	}
	out := make([]string, frame.Rows())
	for i := range out {
		out[i] = frame.Fields[0].At(i).(string)
	}
	return out
}

package syncer_test

import (
	"context"
	"sort"
	"testing"
	"time"

	"github.com/spacetime/tickets/pkg/connector"
	"github.com/spacetime/tickets/pkg/store"
	"github.com/spacetime/tickets/pkg/syncer"
	"github.com/spacetime/tickets/pkg/tickets"
)

// oldestFirst lists the slowSystem's tickets oldest first, as an API that pages in its own order does (a
// JSON API whose template lists by update or creation ascending).
type oldestFirst struct{ slowSystem }

func (f *oldestFirst) Opened(ctx context.Context, from, to time.Time, page connector.PageFunc) error {
	var list []tickets.Ticket
	for _, t := range f.all() {
		if !t.Opened.Before(from) && t.Opened.Before(to) {
			list = append(list, t)
		}
	}
	sort.Slice(list, func(i, j int) bool { return list[i].Opened.Before(list[j].Opened) })
	for start := 0; start == 0 || start < len(list); start += 10 {
		if err := f.request(ctx); err != nil {
			return err
		}
		chunk := list[min(start, len(list)):min(start+10, len(list))]
		if err := page(connector.Page{List: tickets.List{Tickets: chunk}, Fetched: start + len(chunk), Total: len(list)}); err != nil {
			return err
		}
	}
	return nil
}

// TestAFailedListingThatIsNotNewestFirstLosesNothing: the first page of an oldest-first listing holds the
// slice's oldest tickets; when the next request fails, the retry must list the whole slice again, not only
// what is older than that first page.
func TestAFailedListingThatIsNotNewestFirstLosesNothing(t *testing.T) {
	sys := &oldestFirst{slowSystem{failOnce: 2}}
	st := store.New()
	ready(t, startSync(t, sys, st, syncer.Config{Slices: 1}))
	if st.Len() != 432 {
		t.Fatalf("%d tickets stored after the retry; want all 432", st.Len())
	}
}

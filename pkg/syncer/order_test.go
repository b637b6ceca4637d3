package syncer_test

import (
	"testing"

	"github.com/spacetime/tickets/pkg/store"
	"github.com/spacetime/tickets/pkg/syncer"
)

// TestAFailedListingThatIsNotNewestFirstLosesNothing: the first page of an oldest-first listing holds the
// slice's oldest tickets; when the next request fails, the retry must list the whole slice again, not only
// what is older than that first page.
func TestAFailedListingThatIsNotNewestFirstLosesNothing(t *testing.T) {
	sys := &slowSystem{failOnce: 2, oldestFirst: true}
	st := store.New()
	ready(t, startSync(t, sys, st, syncer.Config{Slices: 1}))
	if st.Len() != 432 {
		t.Fatalf("%d tickets stored after the retry; want all 432", st.Len())
	}
}

package filter

import (
	"sync"

	"github.com/spacetime/tickets/pkg/store"
)

// parallelWords is the size (in 64-row words) above which costly predicates split the rows between two
// goroutines.
var parallelWords = 2048

// retain keeps the rows for which keep returns true. Costly predicates run on two halves concurrently;
// keep must then be safe for concurrent use.
func retain(rows *store.Bitset, costly bool, keep func(row int) bool) {
	words := len(rows.Words())
	if !costly || words < parallelWords {
		rows.Retain(0, words, keep)
		return
	}
	mid := words / 2
	var wg sync.WaitGroup
	wg.Go(func() { rows.Retain(mid, words, keep) })
	rows.Retain(0, mid, keep)
	wg.Wait()
}

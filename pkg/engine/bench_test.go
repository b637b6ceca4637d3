package engine_test

import (
	"os"
	"strconv"
	"sync"
	"testing"

	"github.com/spacetime/tickets/pkg/engine/synthetic"
	"github.com/spacetime/tickets/pkg/store"
)

var (
	benchOnce  sync.Once
	benchStore *store.Store
)

// benchTickets is the benchmark store's size: SPACETIME_BENCH_TICKETS, default 1,000,000.
func benchTickets() int {
	if n, err := strconv.Atoi(os.Getenv("SPACETIME_BENCH_TICKETS")); err == nil && n > 0 {
		return n
	}
	return 1_000_000
}

// BenchmarkQueries times each benchmark scenario on a synthetic store (go run ./pkg/engine/cmd/benchstore
// prints p50/p95 and the heap size too).
func BenchmarkQueries(b *testing.B) {
	benchOnce.Do(func() {
		benchStore = store.New()
		synthetic.Fill(benchStore, benchTickets(), 1)
	})
	for _, sc := range synthetic.Scenarios() {
		b.Run(sc.Name, func(b *testing.B) {
			for b.Loop() {
				if err := sc.Run(benchStore); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

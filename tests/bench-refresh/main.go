// Command bench-refresh compares one dashboard refresh (5 queries) answered from Spacetime's store with
// paging the same tickets from live Redmine, which is what a datasource without a store does on every refresh.
// It reads the "bench" project seeded by `scripts/redmine/redmine.sh seed-bench` (10,000 tickets opened 30-37
// days ago) and prints figures; it asserts nothing.
//
//	scripts/redmine/redmine.sh up && scripts/redmine/redmine.sh seed-bench
//	set -a && . .cache/redmine/env && set +a && go run ./tests/bench-refresh
package main

import (
	"context"
	"fmt"
	"log"
	"net/http"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/spacetime/tickets/pkg/connector"
	"github.com/spacetime/tickets/pkg/connector/redmine"
	"github.com/spacetime/tickets/pkg/engine"
	"github.com/spacetime/tickets/pkg/frames"
	"github.com/spacetime/tickets/pkg/query"
	"github.com/spacetime/tickets/pkg/store"
)

const refreshes = 50

func main() {
	base, key := strings.TrimRight(os.Getenv("REDMINE_URL"), "/"), os.Getenv("REDMINE_API_KEY")
	if base == "" || key == "" {
		log.Fatal("set REDMINE_URL and REDMINE_API_KEY (set -a; . .cache/redmine/env; set +a)")
	}
	conn := redmine.NewConnector(redmine.New(base, key, &http.Client{Timeout: 30 * time.Second}), base, frames.FixedFieldNames)
	now := time.Now()
	from, to := now.Add(-38*24*time.Hour), now.Add(-29*24*time.Hour)
	ctx := context.Background()

	st := store.New()
	sev, err := conn.Severities(ctx)
	if err != nil {
		log.Fatal(err)
	}
	st.SetSeverities(sev)
	pages, n := 0, 0
	began := time.Now()
	err = conn.Opened(ctx, from, to, func(p connector.Page) error {
		pages++
		n += len(p.Tickets)
		st.Upsert(p.Dimensions, p.Tickets)
		return nil
	})
	if err != nil {
		log.Fatal(err)
	}
	paging := time.Since(began)
	if n < 1000 {
		log.Fatalf("only %d tickets opened 29-38 days ago: seed them with scripts/redmine/redmine.sh seed-bench", n)
	}

	req := engine.Request{From: from, To: to, Interval: time.Hour, MaxDataPoints: 1000, Now: now, SystemName: "Redmine"}
	common := query.Common{TimeField: query.TimeOpened}
	var times []time.Duration
	var bytes int
	for range refreshes {
		t0 := time.Now()
		fs := refresh(st, common, req)
		for _, f := range fs {
			b, err := f.MarshalArrow() // what travels to Grafana
			if err != nil {
				log.Fatal(err)
			}
			bytes += len(b)
		}
		times = append(times, time.Since(t0))
	}
	slices.Sort(times)
	p50, p95 := times[len(times)/2], times[len(times)*95/100]
	fmt.Printf("tickets                               %d (%d pages of %d)\n", n, pages, redmine.MaxPageSize)
	fmt.Printf("paging them from live Redmine          %v\n", paging.Round(time.Millisecond))
	fmt.Printf("dashboard refresh from the store (5 queries, frames encoded): p50 %v, p95 %v over %d refreshes\n",
		p50.Round(time.Microsecond), p95.Round(time.Microsecond), refreshes)
	fmt.Printf("frames per refresh                     %d KiB\n", bytes/refreshes/1024)
	fmt.Printf("store vs paging                        %.0fx faster (p50)\n", float64(paging)/float64(p50))
}

// refresh runs the overview dashboard's five queries.
func refresh(st *store.Store, c query.Common, r engine.Request) data.Frames {
	must := func(f *data.Frame, err error) *data.Frame {
		if err != nil {
			log.Fatal(err)
		}
		return f
	}
	return data.Frames{
		must(engine.Timeseries(st, query.Timeseries{Common: c, GroupBy: []string{"severity"}, Metric: query.MetricCount}, r)),
		must(engine.Breakdown(st, query.Breakdown{Common: c, GroupBy: []string{"service"}, TopN: 10, Format: query.FormatLong}, r)),
		must(engine.Breakdown(st, query.Breakdown{Common: c, GroupBy: []string{"region"}, Format: query.FormatLong}, r)),
		must(engine.Stats(st, query.Stats{Common: c, Stats: query.AllStats}, r)),
		must(engine.Tickets(st, query.Tickets{Common: c, Sort: []query.SortKey{{Field: "updated", Desc: true}}, Limit: 1000}, r)),
	}
}

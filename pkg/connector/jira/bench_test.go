package jira

import (
	"context"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/spacetime/tickets/pkg/connector"
	"github.com/spacetime/tickets/pkg/connector/jira/jiratest"
)

// BenchmarkBackfill is the backfill speed against the replay server with a realistic latency per search
// page (JIRA_BENCH_LATENCY, default 300 ms) over JIRA_BENCH_ISSUES issues (default 5,000) of one week:
//
//	go test -run '^$' -bench Backfill -benchtime 1x ./pkg/connector/jira/
//
// It reports issues/s and the search requests one backfill took.
func BenchmarkBackfill(b *testing.B) {
	n := envInt("JIRA_BENCH_ISSUES", 5000)
	latency := 300 * time.Millisecond
	if v, err := time.ParseDuration(os.Getenv("JIRA_BENCH_LATENCY")); err == nil {
		latency = v
	}
	week := 7 * 24 * time.Hour
	cases := []struct {
		name        string
		flavor      jiratest.Flavor
		pageCap     int
		concurrency int
	}{
		{"cloud-100-per-page-1-slice", jiratest.Cloud, 100, 1},
		{"cloud-100-per-page-4-slices", jiratest.Cloud, 100, 4},
		{"dc-capped-100-per-page-4-slices", jiratest.DataCenter, 100, 4},
		{"dc-1000-per-page-4-slices", jiratest.DataCenter, 1000, 4},
	}
	for _, tc := range cases {
		b.Run(tc.name, func(b *testing.B) {
			s := jiratest.New(b, tc.flavor, jiratest.GenerateIssues(n, start, week/time.Duration(n+1)), jiratest.Options{PageCap: tc.pageCap, Latency: latency})
			tweak := func(cfg *Config) { cfg.Concurrency = tc.concurrency }
			var elapsed time.Duration
			for range b.N {
				c := cloudConnector(s, tweak)
				if tc.flavor == jiratest.DataCenter {
					c = dcConnector(s, tweak)
				}
				if _, err := c.Myself(context.Background()); err != nil {
					b.Fatal(err)
				}
				before := len(s.Searches())
				got := 0
				began := time.Now()
				err := c.Opened(context.Background(), start, start.Add(week), func(p connector.Page) error { got += len(p.Tickets); return nil })
				elapsed += time.Since(began)
				if err != nil || got != n {
					b.Fatalf("backfill: %d of %d issues, %v", got, n, err)
				}
				b.ReportMetric(float64(len(s.Searches())-before), "searches")
			}
			b.ReportMetric(float64(n*b.N)/elapsed.Seconds(), "issues/s")
			b.ReportMetric(0, "ns/op") // the wall time is in issues/s; ns/op would only repeat it
		})
	}
}

func envInt(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil && v > 0 {
		return v
	}
	return def
}

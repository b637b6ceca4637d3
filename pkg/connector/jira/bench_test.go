package jira

import (
	"context"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/spacetime/tickets/pkg/connector/jira/jiratest"
	"github.com/spacetime/tickets/pkg/store"
	"github.com/spacetime/tickets/pkg/syncer"
)

// BenchmarkBackfill is the syncer's first backfill against the replay server, with 1, 4 and 8 slices (the
// Backfill slices setting), a realistic latency per search page (JIRA_BENCH_LATENCY, default 300 ms) and
// JIRA_BENCH_ISSUES issues (default 5,000) over one week:
//
//	go test -run '^$' -bench Backfill -benchtime 1x ./pkg/connector/jira/
//
// It reports the seconds one backfill took, issues/s, the search requests, the most requests the server
// answered at once, and the load average beside them (the machine is shared).
func BenchmarkBackfill(b *testing.B) {
	n := envInt("JIRA_BENCH_ISSUES", 5000)
	latency := 300 * time.Millisecond
	if v, err := time.ParseDuration(os.Getenv("JIRA_BENCH_LATENCY")); err == nil {
		latency = v
	}
	week := 7 * 24 * time.Hour
	cases := []struct {
		name    string
		flavor  jiratest.Flavor
		pageCap int
		slices  int
		outage  bool // every issue in the week's last day: one slice holds them all
	}{
		{"cloud-100-per-page-1-slice", jiratest.Cloud, 100, 1, false},
		{"cloud-100-per-page-4-slices", jiratest.Cloud, 100, 4, false},
		{"cloud-100-per-page-8-slices", jiratest.Cloud, 100, 8, false},
		{"cloud-100-per-page-4-slices-all-in-the-last-day", jiratest.Cloud, 100, 4, true},
		{"dc-1000-per-page-1-slice", jiratest.DataCenter, 1000, 1, false},
		{"dc-1000-per-page-4-slices", jiratest.DataCenter, 1000, 4, false},
		{"dc-1000-per-page-8-slices", jiratest.DataCenter, 1000, 8, false},
	}
	for _, tc := range cases {
		b.Run(tc.name, func(b *testing.B) {
			from, span := start, week
			if tc.outage {
				from, span = start.Add(week-24*time.Hour), 24*time.Hour
			}
			s := jiratest.New(b, tc.flavor, jiratest.GenerateIssues(n, from, span/time.Duration(n+1)), jiratest.Options{PageCap: tc.pageCap, Latency: latency})
			var elapsed time.Duration
			for range b.N {
				c := cloudConnector(s)
				if tc.flavor == jiratest.DataCenter {
					c = dcConnector(s)
				}
				if _, err := c.Myself(context.Background()); err != nil {
					b.Fatal(err)
				}
				before := len(s.Searches())
				s.ResetLoad()
				st := store.New()
				sy := syncer.New(c, st, syncer.Config{Window: week, Slices: tc.slices, PollInterval: time.Hour, Now: func() time.Time { return start.Add(week) }},
					"Jira", func(err error) string { return err.Error() }, nil)
				began := time.Now()
				sy.Start()
				ready := sy.WaitReady(context.Background(), 10*time.Minute)
				elapsed += time.Since(began)
				sy.Stop()
				if !ready || st.Len() != n {
					b.Fatalf("backfill: %d of %d issues, %+v", st.Len(), n, sy.Status())
				}
				b.ReportMetric(float64(len(s.Searches())-before), "searches")
				b.ReportMetric(float64(s.Load().Peak), "peak-in-flight")
			}
			b.ReportMetric(elapsed.Seconds()/float64(b.N), "s/backfill")
			b.ReportMetric(float64(n*b.N)/elapsed.Seconds(), "issues/s")
			b.ReportMetric(loadAverage(), "load-avg")
			b.ReportMetric(0, "ns/op") // the wall time is in s/backfill; ns/op would only repeat it
		})
	}
}

func envInt(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil && v > 0 {
		return v
	}
	return def
}

// loadAverage is the machine's one-minute load average (0 where /proc is missing).
func loadAverage() float64 {
	raw, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return 0
	}
	v, _ := strconv.ParseFloat(strings.Fields(string(raw))[0], 64)
	return v
}

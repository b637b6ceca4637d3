package gitlab_test

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/spacetime/tickets/pkg/connector"
	"github.com/spacetime/tickets/pkg/connector/gitlab"
	"github.com/spacetime/tickets/pkg/connector/gitlab/gitlabtest"
)

// BenchmarkBackfill is the backfill speed against the replay with a latency per page (GITLAB_BENCH_LATENCY,
// default 300 ms) over GITLAB_BENCH_ISSUES issues (default 5,000) opened in one week: one project with keyset
// pages, one group with offset pages, and 10 projects listed 4 at a time:
//
//	go test -run '^$' -bench Backfill -benchtime 1x ./pkg/connector/gitlab/
func BenchmarkBackfill(b *testing.B) {
	n := envInt("GITLAB_BENCH_ISSUES", 5000)
	latency := 300 * time.Millisecond
	if v, err := time.ParseDuration(os.Getenv("GITLAB_BENCH_LATENCY")); err == nil {
		latency = v
	}
	week := 7 * 24 * time.Hour
	for _, tc := range []struct {
		name        string
		projects    int
		group       bool
		concurrency int
	}{{"1-project-keyset", 1, false, 1}, {"1-group-offset", 1, true, 1}, {"10-projects-4-at-a-time", 10, false, 4}} {
		b.Run(tc.name, func(b *testing.B) {
			var projects []gitlabtest.Project
			var issues []*gitlabtest.Issue
			var paths []string
			for i := 0; i < tc.projects; i++ {
				p := gitlabtest.Project{ID: int64(100 + i), Path: fmt.Sprintf("bench/p%02d", i)}
				projects, paths = append(projects, p), append(paths, p.Path)
				issues = append(issues, gitlabtest.GenerateIssues(n/tc.projects, p.Path, base, week/time.Duration(n/tc.projects+1), 1)...)
			}
			srv := gitlabtest.New(b, projects, issues, gitlabtest.Options{Keyset: true, Latency: latency})
			var elapsed time.Duration
			for range b.N {
				conn := newConnector(srv, func(c *gitlab.Config) {
					c.Projects, c.Groups, c.Concurrency = paths, nil, tc.concurrency
					if tc.group {
						c.Projects, c.Groups = nil, []string{"bench"}
					}
				})
				got := 0
				began := time.Now()
				err := conn.Opened(context.Background(), base, base.Add(week), func(p connector.Page) error { got += len(p.Tickets); return nil })
				elapsed += time.Since(began)
				if err != nil || got != len(issues) {
					b.Fatalf("backfill: %d of %d issues, %v", got, len(issues), err)
				}
			}
			b.ReportMetric(float64(len(issues)*b.N)/elapsed.Seconds(), "issues/s")
			b.ReportMetric(0, "ns/op")
			b.Logf("load average %s", loadAverage())
		})
	}
}

func envInt(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil && v > 0 {
		return v
	}
	return def
}

func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	return strings.Join(strings.Fields(string(b))[:3], " ")
}

package github_test

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/spacetime/tickets/pkg/connector"
	"github.com/spacetime/tickets/pkg/connector/github"
	"github.com/spacetime/tickets/pkg/connector/github/githubtest"
	"github.com/spacetime/tickets/pkg/store"
	"github.com/spacetime/tickets/pkg/syncer"
)

// BenchmarkBackfill is the backfill speed against the replay with a latency per page (GITHUB_BENCH_LATENCY,
// default 300 ms) over GITHUB_BENCH_ISSUES issues (default 5,000; every 7th a pull request, dropped) opened in
// one week, in 1 or 10 repositories listed 1 or 4 at a time:
//
//	go test -run '^$' -bench Backfill -benchtime 1x ./pkg/connector/github/
func BenchmarkBackfill(b *testing.B) {
	n := envInt("GITHUB_BENCH_ISSUES", 5000)
	latency := 300 * time.Millisecond
	if v, err := time.ParseDuration(os.Getenv("GITHUB_BENCH_LATENCY")); err == nil {
		latency = v
	}
	week := 7 * 24 * time.Hour
	for _, tc := range []struct {
		repos, concurrency int
	}{{1, 1}, {10, 1}, {10, 4}} {
		b.Run(fmt.Sprintf("%d-repositories-%d-at-a-time", tc.repos, tc.concurrency), func(b *testing.B) {
			repos, names := benchRepos(tc.repos)
			srv := githubtest.New(b, repos, githubtest.GenerateIssues(n, names, base, week/time.Duration(n+1), 1), githubtest.Options{Latency: latency})
			var elapsed time.Duration
			for range b.N {
				conn := newConnector(srv, func(c *github.Config) { c.Org, c.Repos, c.Concurrency = "", names, tc.concurrency })
				before := srv.Requests("/repos/{owner}/{repo}/issues")
				got := 0
				began := time.Now()
				err := conn.Opened(context.Background(), base, base.Add(week), func(p connector.Page) error { got += len(p.Tickets); return nil })
				elapsed += time.Since(began)
				if err != nil || got != n-n/7 {
					b.Fatalf("backfill: %d of %d issues, %v", got, n-n/7, err)
				}
				b.ReportMetric(float64(srv.Requests("/repos/{owner}/{repo}/issues")-before), "requests")
			}
			b.ReportMetric(float64((n-n/7)*b.N)/elapsed.Seconds(), "issues/s")
			b.ReportMetric(0, "ns/op")
			b.Logf("load average %s", loadAverage())
		})
	}
}

// BenchmarkPollCost counts what a datasource of GITHUB_BENCH_REPOS repositories (default 50) costs an hour at
// the default settings (poll every 60 s, reconciliation every 15 min over a 7-day window of 20 issues per
// repository, the organisation listed every hour), measured as requests the replay answered, and what a poll
// with no change counts against the limit (its conditional requests are answered 304):
//
//	go test -run '^$' -bench PollCost -benchtime 1x ./pkg/connector/github/
func BenchmarkPollCost(b *testing.B) {
	n := envInt("GITHUB_BENCH_REPOS", 50)
	repos, names := benchRepos(n)
	week := 7 * 24 * time.Hour
	now := base.Add(week)
	srv := githubtest.New(b, repos, githubtest.GenerateIssues(20*n, names, base, week/time.Duration(20*n+1), 1), githubtest.Options{})
	conn := newConnector(srv, func(c *github.Config) { c.Org = "bench"; c.Now = func() time.Time { return now } })
	ctx := context.Background()
	nothing := func(connector.Page) error { return nil }
	count := func(run func() error) int {
		before := len(srv.Exchanges())
		if err := run(); err != nil {
			b.Fatal(err)
		}
		return len(srv.Exchanges()) - before
	}
	for range b.N {
		listing := count(func() error { _, err := conn.Repositories(ctx); return err })
		poll := count(func() error { return conn.Changed(ctx, now.Add(-2*time.Minute), nothing) })
		counted := srv.Counted()
		_ = count(func() error { return conn.Changed(ctx, now.Add(-2*time.Minute), nothing) })
		unchanged := srv.Counted() - counted // conditional requests: GitHub does not count a 304
		reconcile := count(func() error { return conn.Opened(ctx, base, now.Add(24*time.Hour), nothing) })
		perHour := 60*poll + 4*reconcile + listing
		b.ReportMetric(float64(poll), "requests/poll")
		b.ReportMetric(float64(reconcile), "requests/reconciliation")
		b.ReportMetric(float64(perHour), "requests/hour")
		b.ReportMetric(float64(unchanged), "counted/unchanged-poll")
		b.ReportMetric(0, "ns/op")
		b.Logf("%d repositories: a poll %d requests, a reconciliation %d, the organisation's listing %d: at most %d requests an hour of 5,000 (poll floor %v); a poll with no change counted %d (304s); load average %s",
			n, poll, reconcile, listing, perHour, conn.MinPollInterval(), unchanged, loadAverage())
	}
}

func benchRepos(n int) ([]githubtest.Repo, []string) {
	repos := make([]githubtest.Repo, n)
	names := make([]string, n)
	for i := range repos {
		names[i] = fmt.Sprintf("bench/repo-%02d", i)
		repos[i] = githubtest.Repo{FullName: names[i], ID: int64(10_000 + i), HasIssues: true}
	}
	return repos, names
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

// BenchmarkSyncedBackfill is the sync's first backfill of one repository (GITHUB_BENCH_ISSUES issues of a week,
// 300 ms a page) with the sync's 1 and 4 time slices. GitHub cannot list by opening time, so each slice pages
// past the issues opened after it: more requests, but they run side by side.
//
//	go test -run '^$' -bench SyncedBackfill -benchtime 1x ./pkg/connector/github/
func BenchmarkSyncedBackfill(b *testing.B) {
	n := envInt("GITHUB_BENCH_ISSUES", 5000)
	week := 7 * 24 * time.Hour
	now := time.Now().UTC()
	for _, slices := range []int{1, 4} {
		b.Run(fmt.Sprintf("%d-slices", slices), func(b *testing.B) {
			repos, names := benchRepos(1)
			issues := githubtest.GenerateIssues(n, names, now.Add(-week+time.Hour), week/time.Duration(n+1), 1)
			srv := githubtest.New(b, repos, issues, githubtest.Options{Latency: 300 * time.Millisecond})
			var elapsed time.Duration
			for range b.N {
				conn := newConnector(srv, func(c *github.Config) { c.Org, c.Repos = "", names })
				st := store.New()
				s := syncer.New(conn, st, syncer.Config{Window: week, PollInterval: time.Hour, Slices: slices}, "GitHub", func(err error) string { return err.Error() }, nil)
				before := srv.Requests("/repos/{owner}/{repo}/issues")
				began := time.Now()
				s.Start()
				if !s.WaitReady(context.Background(), 10*time.Minute) {
					b.Fatalf("backfill did not finish: %+v", s.Status())
				}
				elapsed += time.Since(began)
				s.Stop()
				if st.Len() != n-n/7 {
					b.Fatalf("%d tickets, want %d", st.Len(), n-n/7)
				}
				b.ReportMetric(float64(srv.Requests("/repos/{owner}/{repo}/issues")-before), "requests")
			}
			b.ReportMetric(float64((n-n/7)*b.N)/elapsed.Seconds(), "issues/s")
			b.ReportMetric(0, "ns/op")
			b.Logf("load average %s", loadAverage())
		})
	}
}

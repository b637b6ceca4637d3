package github_test

import (
	"context"
	"maps"
	"strings"
	"testing"
	"time"

	"github.com/spacetime/tickets/pkg/connector/connectortest"
	"github.com/spacetime/tickets/pkg/connector/github"
	"github.com/spacetime/tickets/pkg/connector/github/githubtest"
)

// truth is what a user sees of the replay's issues: id → title and state.
func truth(srv *githubtest.Server) map[string]string {
	out := map[string]string{}
	for _, is := range srv.Issues() {
		if is.PullRequest || is.Deleted || is.Hidden || is.TransferredTo != "" || strings.HasSuffix(is.Repo, "/docs") {
			continue
		}
		out[is.Key()] = is.Title + " · " + is.State
	}
	return out
}

// TestSyncThroughFaults syncs a replayed organisation through the fault-injecting proxy: at 30 % faults (500,
// 503, 429 with Retry-After: 1, truncated JSON, an HTML page, a dropped connection, a stall) the backfill and
// the polls complete and the store equals GitHub; the reconciliation drops the deleted (410), hidden (404)
// and transferred (301) issues; at 100 % the stale-data notice appears and nothing loaded is lost.
func TestSyncThroughFaults(t *testing.T) {
	now := time.Now().UTC()
	issues := githubtest.SampleIssues(now.Add(-2 * 24 * time.Hour))
	issues = append(issues, githubtest.GenerateIssues(300, []string{"acme/shop", "acme/payments"}, now.Add(-3*24*time.Hour), 10*time.Minute, 100)...)
	for _, is := range issues { // the sample's deleted, hidden and transferred issues are listed until they go
		if is.Deleted || is.Hidden || is.TransferredTo != "" {
			is.Deleted, is.Hidden, is.TransferredTo = false, false, ""
		}
	}
	srv := githubtest.New(t, githubtest.SampleRepos(), issues, githubtest.Options{})
	proxy, front := connectortest.Faulty(t, srv, 16)
	conn := github.New(github.Config{API: front, Org: githubtest.Org, Token: githubtest.Token, PageSize: 40, Tune: connectortest.QuickRetry(4)})
	s, st := connectortest.Sync(t, conn, "GitHub", proxy)
	stored := connectortest.TitlesAndStates
	if got, want := stored(st), truth(srv); !maps.Equal(got, want) {
		t.Fatalf("after the backfill the store has %d tickets, GitHub %d, or they differ", len(got), len(want))
	}

	srv.Edit("acme/shop#105", func(is *githubtest.Issue) { is.Title = "edited during the poll" })
	srv.Edit("acme/payments#106", func(is *githubtest.Issue) { c := time.Now(); is.State, is.Closed = "closed", &c })
	srv.Add(&githubtest.Issue{Repo: "acme/shop", Number: 900, Title: "new during the poll", State: "open", Created: time.Now().UTC(), Updated: time.Now().UTC()})
	polls := s.Status().Polls
	connectortest.Eventually(t, "two polls after the edits", time.Minute, func() bool { return s.Status().Polls >= polls+2 })
	if got, want := stored(st), truth(srv); !maps.Equal(got, want) {
		t.Fatalf("after the polls the store differs: %q / %q", got["acme/shop#105"], want["acme/shop#105"])
	}

	// Deleted, no longer visible, and transferred: each goes at the next reconciliation.
	srv.Edit("acme/shop#5", func(is *githubtest.Issue) { is.Deleted = true })
	srv.Edit("acme/payments#9", func(is *githubtest.Issue) { is.Hidden = true })
	srv.Edit("acme/shop#6", func(is *githubtest.Issue) { is.TransferredTo = "acme/payments#7" })
	began := time.Now()
	if err := s.Reconcile(context.Background()); err != nil {
		t.Fatalf("reconcile at 30 %% faults: %v", err)
	}
	t.Logf("reconciliation: %v", time.Since(began).Round(time.Millisecond))
	got := stored(st)
	for _, id := range []string{"acme/shop#5", "acme/payments#9", "acme/shop#6"} {
		if _, ok := got[id]; ok {
			t.Errorf("%s is still in the store after the reconciliation", id)
		}
	}
	if !maps.Equal(got, truth(srv)) {
		t.Errorf("after the reconciliation the store differs from GitHub")
	}
	t.Logf("at 30 %% faults: %v", proxy.Stats())

	connectortest.RidesOutAnOutage(t, s, proxy, func() map[string]string { return stored(st) })
}

package gitlab_test

import (
	"context"
	"maps"
	"strings"
	"testing"
	"time"

	"github.com/spacetime/tickets/pkg/connector/connectortest"
	"github.com/spacetime/tickets/pkg/connector/gitlab"
	"github.com/spacetime/tickets/pkg/connector/gitlab/gitlabtest"
)

// truth is what a user sees of the replay's issues in group acme: full reference → title, state, severity.
func truth(srv *gitlabtest.Server) map[string]string {
	out := map[string]string{}
	for _, is := range srv.Issues() {
		if is.Deleted || !strings.HasPrefix(is.Project, gitlabtest.Group+"/") {
			continue
		}
		state := map[string]string{"opened": "open", "closed": "closed"}[is.State]
		out[is.Ref()] = is.Title + " · " + state
	}
	return out
}

// TestSyncThroughFaults syncs a replayed group through the fault-injecting proxy: at 30 % faults the backfill
// and the polls complete and the store equals GitLab, a deleted issue goes at the reconciliation, and at
// 100 % the stale-data notice appears and nothing loaded is lost.
func TestSyncThroughFaults(t *testing.T) {
	now := time.Now().UTC()
	issues := gitlabtest.SampleIssues(now.Add(-2 * 24 * time.Hour))
	issues = append(issues, gitlabtest.GenerateIssues(300, "acme/shop", now.Add(-3*24*time.Hour), 10*time.Minute, 100)...)
	for _, is := range issues {
		is.Deleted = false
	}
	srv := gitlabtest.New(t, gitlabtest.SampleProjects(), issues, gitlabtest.Options{Keyset: true})
	proxy, front := connectortest.Faulty(t, srv, 17)
	conn := gitlab.New(gitlab.Config{URL: front, Groups: []string{gitlabtest.Group}, Projects: []string{"acme/shop"}, Token: gitlabtest.Token, PageSize: 40,
		Tune: connectortest.QuickRetry(4)})
	s, st := connectortest.Sync(t, conn, "GitLab", proxy)
	stored := connectortest.TitlesAndStates
	if got, want := stored(st), truth(srv); !maps.Equal(got, want) {
		t.Fatalf("after the backfill the store has %d tickets, GitLab %d, or they differ", len(got), len(want))
	}

	srv.Edit("acme/shop#105", func(is *gitlabtest.Issue) { is.Title = "edited during the poll" })
	srv.Edit("acme/platform/payments#1", func(is *gitlabtest.Issue) { c := time.Now(); is.State, is.Closed = "closed", &c })
	polls := s.Status().Polls
	connectortest.Eventually(t, "two polls after the edits", time.Minute, func() bool { return s.Status().Polls >= polls+2 })
	if got, want := stored(st), truth(srv); !maps.Equal(got, want) {
		t.Fatalf("after the polls the store differs: %q / %q", got["acme/shop#105"], want["acme/shop#105"])
	}

	srv.Edit("acme/shop#4", func(is *gitlabtest.Issue) { is.Deleted = true })
	if err := s.Reconcile(context.Background()); err != nil {
		t.Fatalf("reconcile at 30 %% faults: %v", err)
	}
	if got := stored(st); !maps.Equal(got, truth(srv)) {
		t.Errorf("after the reconciliation the store differs from GitLab (acme/shop#4 kept: %v)", got["acme/shop#4"] != "")
	}
	t.Logf("at 30 %% faults: %v", proxy.Stats())

	connectortest.RidesOutAnOutage(t, s, proxy, func() map[string]string { return stored(st) })
}

package gitlab_test

import (
	"context"
	"maps"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/spacetime/tickets/pkg/connector/gitlab"
	"github.com/spacetime/tickets/pkg/connector/gitlab/gitlabtest"
	"github.com/spacetime/tickets/pkg/connector/httpapi"
	"github.com/spacetime/tickets/pkg/connector/httpapi/faultproxy"
	"github.com/spacetime/tickets/pkg/store"
	"github.com/spacetime/tickets/pkg/syncer"
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

func stored(st *store.Store) map[string]string {
	out := map[string]string{}
	st.Read(func(v *store.View) {
		titles, _ := v.Text(store.KeyTitle)
		state := v.Category(store.KeyState)
		for i := range v.Len() {
			out[v.ID(i)] = titles.At(i) + " · " + strings.Join(state.RowValues(i), "")
		}
	})
	return out
}

func eventually(t *testing.T, what string, within time.Duration, ok func() bool) {
	t.Helper()
	began := time.Now()
	defer func() { t.Logf("%s: %v", what, time.Since(began).Round(time.Millisecond)) }()
	deadline := time.Now().Add(within)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not within %v", what, within)
		}
		time.Sleep(50 * time.Millisecond)
	}
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
	proxy := faultproxy.Wrap(srv, 0.3, 17)
	proxy.StallFor = 300 * time.Millisecond
	front := httptest.NewServer(proxy)
	t.Cleanup(front.Close)
	conn := gitlab.New(gitlab.Config{URL: front.URL, Groups: []string{gitlabtest.Group}, Projects: []string{"acme/shop"}, Token: gitlabtest.Token, PageSize: 40,
		Tune: []func(*httpapi.Options){func(o *httpapi.Options) {
			o.Retry = httpapi.Retry{Attempts: 4, Base: 20 * time.Millisecond, Max: 100 * time.Millisecond}
		}}})
	st := store.New()
	s := syncer.New(conn, st, syncer.Config{Window: 4 * 24 * time.Hour, PollInterval: 200 * time.Millisecond}, "GitLab",
		func(err error) string { return err.Error() }, nil)
	s.Start()
	t.Cleanup(s.Stop)
	if !s.WaitReady(context.Background(), 2*time.Minute) {
		t.Fatalf("backfill at 30 %% faults did not finish: %+v (%v)", s.Status(), proxy.Stats())
	}
	if got, want := stored(st), truth(srv); !maps.Equal(got, want) {
		t.Fatalf("after the backfill the store has %d tickets, GitLab %d, or they differ", len(got), len(want))
	}

	srv.Edit("acme/shop#105", func(is *gitlabtest.Issue) { is.Title = "edited during the poll" })
	srv.Edit("acme/platform/payments#1", func(is *gitlabtest.Issue) { c := time.Now(); is.State, is.Closed = "closed", &c })
	polls := s.Status().Polls
	eventually(t, "two polls after the edits", time.Minute, func() bool { return s.Status().Polls >= polls+2 })
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

	loaded := stored(st)
	proxy.SetRate(1)
	eventually(t, "the sync reports the failure", time.Minute, func() bool { return s.Status().State == syncer.StateDegraded })
	if n := s.Notice(); !strings.Contains(n, "Showing the last good data") {
		t.Errorf("notice at 100 %% faults: %q", n)
	}
	if !maps.Equal(stored(st), loaded) {
		t.Errorf("the store changed at 100 %% faults")
	}
	proxy.SetRate(0)
	eventually(t, "the sync recovers", time.Minute, func() bool { return s.Status().State == syncer.StateReady })
}

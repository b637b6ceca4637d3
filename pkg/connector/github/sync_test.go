package github_test

import (
	"context"
	"maps"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/spacetime/tickets/pkg/connector/github"
	"github.com/spacetime/tickets/pkg/connector/github/githubtest"
	"github.com/spacetime/tickets/pkg/connector/httpapi"
	"github.com/spacetime/tickets/pkg/connector/httpapi/faultproxy"
	"github.com/spacetime/tickets/pkg/store"
	"github.com/spacetime/tickets/pkg/syncer"
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
	proxy := faultproxy.Wrap(srv, 0.3, 16)
	proxy.StallFor = 300 * time.Millisecond
	front := httptest.NewServer(proxy)
	t.Cleanup(front.Close)
	conn := github.New(github.Config{API: front.URL, Org: githubtest.Org, Token: githubtest.Token, PageSize: 40,
		Tune: []func(*httpapi.Options){func(o *httpapi.Options) {
			o.Retry = httpapi.Retry{Attempts: 4, Base: 20 * time.Millisecond, Max: 100 * time.Millisecond}
		}}})
	st := store.New()
	s := syncer.New(conn, st, syncer.Config{Window: 4 * 24 * time.Hour, PollInterval: 200 * time.Millisecond}, "GitHub",
		func(err error) string { return err.Error() }, nil)
	s.Start()
	t.Cleanup(s.Stop)
	began := time.Now()
	if !s.WaitReady(context.Background(), 2*time.Minute) {
		t.Fatalf("backfill at 30 %% faults did not finish: %+v (%v)", s.Status(), proxy.Stats())
	}
	t.Logf("backfill: %v", time.Since(began).Round(time.Millisecond))
	if got, want := stored(st), truth(srv); !maps.Equal(got, want) {
		t.Fatalf("after the backfill the store has %d tickets, GitHub %d, or they differ", len(got), len(want))
	}

	srv.Edit("acme/shop#105", func(is *githubtest.Issue) { is.Title = "edited during the poll" })
	srv.Edit("acme/payments#106", func(is *githubtest.Issue) { c := time.Now(); is.State, is.Closed = "closed", &c })
	srv.Add(&githubtest.Issue{Repo: "acme/shop", Number: 900, Title: "new during the poll", State: "open", Created: time.Now().UTC(), Updated: time.Now().UTC()})
	polls := s.Status().Polls
	eventually(t, "two polls after the edits", time.Minute, func() bool { return s.Status().Polls >= polls+2 })
	if got, want := stored(st), truth(srv); !maps.Equal(got, want) {
		t.Fatalf("after the polls the store differs: %q / %q", got["acme/shop#105"], want["acme/shop#105"])
	}

	// Deleted, no longer visible, and transferred: each goes at the next reconciliation.
	srv.Edit("acme/shop#5", func(is *githubtest.Issue) { is.Deleted = true })
	srv.Edit("acme/payments#9", func(is *githubtest.Issue) { is.Hidden = true })
	srv.Edit("acme/shop#6", func(is *githubtest.Issue) { is.TransferredTo = "acme/payments#7" })
	began = time.Now()
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

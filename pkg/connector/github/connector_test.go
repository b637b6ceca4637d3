package github_test

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/spacetime/tickets/pkg/connector"
	"github.com/spacetime/tickets/pkg/connector/github"
	"github.com/spacetime/tickets/pkg/connector/github/githubtest"
	"github.com/spacetime/tickets/pkg/connector/httpapi"
	"github.com/spacetime/tickets/pkg/connector/replay"
	"github.com/spacetime/tickets/pkg/tickets"
)

var base = time.Date(2026, 11, 20, 8, 0, 0, 0, time.UTC)

func TestAnOrganisationsIssuesAreListedWithoutPullRequestsAndMapped(t *testing.T) {
	srv := githubtest.New(t, githubtest.SampleRepos(), githubtest.SampleIssues(base), githubtest.Options{})
	got := opened(t, newConnector(srv, nil), base.Add(-time.Hour), base.Add(24*time.Hour))
	want := []string{"acme/legacy#1", "acme/payments#7", "acme/payments#8", "acme/shop#1", "acme/shop#2", "acme/shop#4"}
	if !reflect.DeepEqual(got.ids(), want) {
		t.Fatalf("ids %v, want %v (no pull request, no deleted, hidden or transferred-away issue, no repository without issues)", got.ids(), want)
	}
	one := got.byID["acme/shop#1"]
	if one.Severity != "critical" || one.Title != "Checkout returns 502" || one.Closed || one.Status != "open" ||
		one.URL != srv.URL+"/web/acme/shop/issues/1" || one.Description != "Users **cannot** pay." || one.Number != 1 {
		t.Errorf("acme/shop#1 = %+v", one)
	}
	dims := map[string][]string{"repository": {"acme/shop"}, "milestone": {"v2.3"}, "assignees": {"alice", "bob"},
		"labels": {"sev1", "service/checkout", "area/payments", "bug"}, "service": {"checkout"}, "area": {"payments"}}
	for k, v := range dims {
		if !reflect.DeepEqual(one.Dimensions[k], v) {
			t.Errorf("acme/shop#1 %s = %v, want %v", k, one.Dimensions[k], v)
		}
	}
	for id, sev := range map[string]string{"acme/shop#2": "medium", "acme/shop#4": "high", "acme/payments#7": "medium", "acme/payments#8": "critical", "acme/legacy#1": "low"} {
		if got.byID[id].Severity != sev {
			t.Errorf("%s severity %q, want %q (labels %v)", id, got.byID[id].Severity, sev, got.byID[id].Dimensions["labels"])
		}
	}
	if two := got.byID["acme/shop#2"]; !two.Closed || two.Resolved == nil || two.Status != "closed" {
		t.Errorf("closed issue: %+v", two)
	}
	if four := got.byID["acme/shop#4"]; four.Status != "not planned" || !four.Closed {
		t.Errorf("closed as not planned: status %q", four.Status)
	}
	keys := []string{}
	for _, d := range got.dims {
		keys = append(keys, d.Key)
	}
	if strings.Join(keys, ",") != "repository,milestone,assignees,labels,service,area" {
		t.Errorf("dimensions %v", keys)
	}
}

func TestOpenedIsExactForAnySubRange(t *testing.T) {
	repos := []githubtest.Repo{{FullName: "acme/a", ID: 1, HasIssues: true}, {FullName: "acme/b", ID: 2, HasIssues: true}}
	issues := githubtest.GenerateIssues(450, []string{"acme/a", "acme/b"}, base, 10*time.Minute, 1)
	srv := githubtest.New(t, repos, issues, githubtest.Options{})
	conn := newConnector(srv, func(c *github.Config) { c.PageSize = 30 })
	all := opened(t, conn, base, base.Add(100*time.Hour))
	total := 0
	for _, is := range issues {
		if !is.PullRequest {
			total++
		}
	}
	if len(all.byID) != total {
		t.Fatalf("whole range: %d tickets, want %d", len(all.byID), total)
	}
	// Three slices side by side, listed at once, give each ticket exactly once.
	cuts := []time.Time{base, base.Add(17*time.Hour + 5*time.Minute), base.Add(40 * time.Hour), base.Add(100 * time.Hour)}
	seen := map[string]int{}
	done := make(chan collected, 3)
	for i := 0; i < 3; i++ {
		go func(from, to time.Time) { done <- opened(t, conn, from, to) }(cuts[i], cuts[i+1])
	}
	for i := 0; i < 3; i++ {
		for id, tk := range (<-done).byID {
			seen[id]++
			_ = tk
		}
	}
	if len(seen) != total {
		t.Fatalf("slices: %d distinct tickets, want %d", len(seen), total)
	}
	for id, n := range seen {
		if n != 1 {
			t.Errorf("%s in %d slices", id, n)
		}
	}
	// A slice starts near its end (the pages are bisected) and stops at its start: the oldest slice reads far
	// fewer pages than the whole listing, though GitHub cannot list by opening time.
	small := newConnector(srv, func(c *github.Config) { c.PageSize = 10 })
	count := func(from, to time.Time) int {
		before := srv.Requests("/repos/{owner}/{repo}/issues")
		opened(t, small, from, to)
		return srv.Requests("/repos/{owner}/{repo}/issues") - before
	}
	whole, oldest := count(cuts[0], cuts[3]), count(cuts[0], cuts[1])
	if oldest*3 > whole*2 {
		t.Errorf("the oldest slice took %d requests, the whole listing %d", oldest, whole)
	}
	t.Logf("requests: whole listing %d, oldest slice %d", whole, oldest)
}

func TestChangedBringsEditsAndAFailedRepositoryIsAskedAgainFromItsMissedPoll(t *testing.T) {
	srv := githubtest.New(t, githubtest.SampleRepos(), githubtest.SampleIssues(base), githubtest.Options{})
	conn := newConnector(srv, nil)
	ctx := context.Background()
	since := base.Add(3*time.Hour + 30*time.Minute)
	got := collect(t, func(pf connector.PageFunc) error { return conn.Changed(ctx, since, pf) })
	if want := []string{"acme/payments#7", "acme/payments#8", "acme/shop#2", "acme/shop#4"}; !reflect.DeepEqual(got.ids(), want) {
		t.Fatalf("changed %v, want %v (archived repositories are not polled)", got.ids(), want)
	}
	// shop's listing fails past its retries while payments delivers a newer change.
	srv.Edit("acme/shop#1", func(is *githubtest.Issue) { is.Updated = base.Add(10 * time.Hour); is.Title = "Checkout fixed?" })
	srv.Edit("acme/payments#8", func(is *githubtest.Issue) { is.Updated = base.Add(11 * time.Hour) })
	failing := newConnector(srv, func(c *github.Config) {
		c.Repos, c.Org, c.Concurrency = []string{"acme/payments", "acme/shop"}, "", 1 // payments first, then shop fails
		c.Tune = append(c.Tune, func(o *httpapi.Options) { o.Retry.Attempts = 1 })
	})
	srv.Fail("/repos/acme/shop/", replay.ServerError)
	got = collected{byID: map[string]tickets.Ticket{}}
	err := failing.Changed(ctx, base.Add(9*time.Hour), func(p connector.Page) error {
		for _, tk := range p.Tickets {
			got.byID[tk.ID] = tk
		}
		return nil
	})
	if err == nil || got.ids()[0] != "acme/payments#8" {
		t.Fatalf("the poll: err %v, delivered %v", err, got.ids())
	}
	// The next poll's since comes from payments#8 (11 h), past shop#1's change, but shop is asked from the
	// poll it missed; once it succeeds it is asked from the sync's since again.
	got = collect(t, func(pf connector.PageFunc) error {
		return failing.Changed(ctx, base.Add(11*time.Hour-2*time.Minute), pf)
	})
	if want := []string{"acme/payments#8", "acme/shop#1"}; !reflect.DeepEqual(got.ids(), want) {
		t.Fatalf("after the failure: %v, want %v", got.ids(), want)
	}
	got = collect(t, func(pf connector.PageFunc) error {
		return failing.Changed(ctx, base.Add(11*time.Hour-2*time.Minute), pf)
	})
	if want := []string{"acme/payments#8"}; !reflect.DeepEqual(got.ids(), want) {
		t.Fatalf("the poll after: %v, want %v", got.ids(), want)
	}
}

func TestDeletedHiddenAndTransferredIssuesAreGone(t *testing.T) {
	srv := githubtest.New(t, githubtest.SampleRepos(), githubtest.SampleIssues(base), githubtest.Options{})
	conn := newConnector(srv, nil)
	exist, err := conn.Existing(context.Background(), []string{"acme/shop#1", "acme/shop#5", "acme/payments#9", "acme/shop#6", "acme/shop#99", "acme/payments#7"})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{"acme/shop#1": true, "acme/shop#5": false, "acme/payments#9": false, "acme/shop#6": false, "acme/shop#99": false, "acme/payments#7": true}
	if !reflect.DeepEqual(exist, want) {
		t.Fatalf("existing %v, want %v", exist, want)
	}
	if srv.Requests("/repositories/{id}/issues/{issue_number}") != 1 {
		t.Errorf("the transfer's 301 was not followed")
	}
}

func TestEnterpriseServerAnswersUnderAPIv3(t *testing.T) {
	srv := githubtest.New(t, githubtest.SampleRepos(), githubtest.SampleIssues(base), githubtest.Options{Enterprise: true})
	conn := newConnector(srv, func(c *github.Config) { c.Org, c.Repos = "", []string{"acme/shop"} })
	got := opened(t, conn, base.Add(-time.Hour), base.Add(24*time.Hour))
	if want := []string{"acme/shop#1", "acme/shop#2", "acme/shop#4"}; !reflect.DeepEqual(got.ids(), want) {
		t.Fatalf("ids %v, want %v", got.ids(), want)
	}
	h, err := conn.Check(context.Background(), base.Add(-time.Hour))
	if err != nil || h.Login != githubtest.Login || len(h.Repos) != 1 || h.Count != 3 || h.Budget.Limit != 5000 {
		t.Fatalf("health %+v, %v", h, err)
	}
}

func TestRateLimits(t *testing.T) {
	srv := githubtest.New(t, githubtest.SampleRepos(), githubtest.SampleIssues(base), githubtest.Options{})
	var waits []time.Duration
	conn := newConnector(srv, func(c *github.Config) {
		c.Tune = append(c.Tune, func(o *httpapi.Options) {
			o.Retry.MaxWait = 90 * time.Second
			o.OnAttempt = func(_ *httpapi.Error, wait time.Duration) { waits = append(waits, wait) }
		})
	})
	// A secondary limit with retry-after: 1 is waited out (1 s) and the listing completes.
	srv.Fail("", githubtest.SecondaryRetryAfter)
	got := opened(t, conn, base.Add(-time.Hour), base.Add(24*time.Hour))
	if len(got.byID) != 6 || len(waits) != 1 || waits[0] != time.Second {
		t.Fatalf("after a secondary limit with retry-after: %d tickets, waits %v", len(got.byID), waits)
	}
	// Without retry-after the wait is at least a minute: the request gives the wait to the sync.
	short := newConnector(srv, nil)
	srv.Fail("", githubtest.SecondaryLimit)
	err := short.Opened(context.Background(), base, base.Add(time.Hour), func(connector.Page) error { return nil })
	if w, ok := connector.RetryAfter(err); !ok || w < time.Minute || httpapi.KindOf(err) != httpapi.KindRateLimited {
		t.Fatalf("a secondary limit without retry-after: wait %v %v, err %v", w, ok, err)
	}
	// A bare 429 also waits at least a minute.
	srv.Fail("", replay.BareTooMany)
	err = short.Opened(context.Background(), base, base.Add(time.Hour), func(connector.Page) error { return nil })
	if w, ok := connector.RetryAfter(err); !ok || w < time.Minute {
		t.Fatalf("a bare 429: wait %v %v, err %v", w, ok, err)
	}
	// A spent primary budget: 403 with x-ratelimit-remaining 0 waits until the reset.
	reset := time.Now().Add(20 * time.Minute).Truncate(time.Second)
	srv.SetRemaining(0, reset)
	err = short.Opened(context.Background(), base, base.Add(time.Hour), func(connector.Page) error { return nil })
	if w, ok := connector.RetryAfter(err); !ok || w < 19*time.Minute || w > 21*time.Minute {
		t.Fatalf("a spent budget: wait %v %v, err %v", w, ok, err)
	}
	if b := short.Budget(); b.Remaining != 0 || b.Limit != 5000 || !b.Reset.Equal(reset) {
		t.Fatalf("budget %+v", b)
	}
	if !strings.Contains(err.Error(), "rate limiting") {
		t.Errorf("sentence %q", err)
	}
}

func TestPollFloorKeepsPollsInsideTheHourlyLimit(t *testing.T) {
	for _, c := range []struct {
		repos, limit int
		want         time.Duration
	}{{50, 5000, 60 * time.Second}, {100, 5000, 120 * time.Second}, {10, 5000, 12 * time.Second}, {50, 15000, 20 * time.Second}} {
		if got := github.PollFloor(c.repos, c.limit, 0.6); got != c.want {
			t.Errorf("%d repositories, limit %d: floor %v, want %v", c.repos, c.limit, got, c.want)
		}
	}
}

func TestFaultsAreRetriedAndSecretsNeverShown(t *testing.T) {
	srv := githubtest.New(t, githubtest.SampleRepos(), githubtest.SampleIssues(base), githubtest.Options{})
	conn := newConnector(srv, nil)
	srv.Fail("", replay.ServerError, replay.BadGateway, replay.Malformed, replay.HTMLPage)
	got := opened(t, conn, base.Add(-time.Hour), base.Add(24*time.Hour))
	if len(got.byID) != 6 {
		t.Fatalf("through five faults: %d tickets", len(got.byID))
	}
	bad := newConnector(srv, func(c *github.Config) { c.Token = "ghp_wrongTokenValue123" })
	_, err := bad.Check(context.Background(), base)
	if httpapi.KindOf(err) != httpapi.KindAuth || strings.Contains(err.Error(), "wrongTokenValue") || !strings.Contains(err.Error(), "rejected the token (401)") {
		t.Fatalf("bad token: %v", err)
	}
	missing := newConnector(srv, func(c *github.Config) { c.Org, c.Repos = "", []string{"acme/nope"} })
	_, err = missing.Check(context.Background(), base)
	var re *github.RepoError
	if !asRepoError(err, &re) || re.Repo != "acme/nope" {
		t.Fatalf("unknown repository: %v", err)
	}
}

func TestAPollOfUnchangedRepositoriesCostsNoBudget(t *testing.T) {
	srv := githubtest.New(t, githubtest.SampleRepos(), githubtest.SampleIssues(base), githubtest.Options{})
	conn := newConnector(srv, nil)
	ctx := context.Background()
	since := base.Add(3 * time.Hour)
	first := collect(t, func(pf connector.PageFunc) error { return conn.Changed(ctx, since, pf) })
	before := srv.Counted()
	again := collect(t, func(pf connector.PageFunc) error { return conn.Changed(ctx, since, pf) })
	if srv.Counted() != before || !reflect.DeepEqual(first.ids(), again.ids()) {
		t.Fatalf("an unchanged poll counted %d requests and gave %v (first %v)", srv.Counted()-before, again.ids(), first.ids())
	}
	// A change makes the repository's answer new: it is read and counted.
	srv.Edit("acme/shop#2", func(is *githubtest.Issue) { is.Title = "Search slow again" })
	changed := collect(t, func(pf connector.PageFunc) error { return conn.Changed(ctx, since, pf) })
	if srv.Counted() != before+1 || changed.byID["acme/shop#2"].Title != "Search slow again" {
		t.Fatalf("after a change: %d counted, title %q", srv.Counted()-before, changed.byID["acme/shop#2"].Title)
	}
}

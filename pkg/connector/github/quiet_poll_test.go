package github_test

import (
	"testing"
	"time"

	"github.com/spacetime/tickets/pkg/connector/github"
	"github.com/spacetime/tickets/pkg/connector/github/githubtest"
)

// TestARepositoryWithNoChangeIsAskedTheSameURLWhileAnotherChanges: a change in one repository moves the store's
// newest change, and so the next poll's since; a repository whose last poll found nothing must still be asked
// the very URL it was asked before, so GitHub answers 304 and does not count it (README: polls are
// conditional requests).
func TestARepositoryWithNoChangeIsAskedTheSameURLWhileAnotherChanges(t *testing.T) {
	now := time.Now().UTC().Truncate(time.Second)
	repos := []githubtest.Repo{{FullName: "acme/shop", ID: 1, HasIssues: true}, {FullName: "acme/quiet", ID: 2, HasIssues: true}}
	issues := []*githubtest.Issue{
		{Repo: "acme/shop", Number: 1, Title: "busy", State: "open", Created: now.Add(-time.Hour), Updated: now.Add(-time.Hour)},
		{Repo: "acme/quiet", Number: 1, Title: "quiet", State: "open", Created: now.Add(-48 * time.Hour), Updated: now.Add(-48 * time.Hour)},
	}
	srv := githubtest.New(t, repos, issues, githubtest.Options{})
	conn := newConnector(srv, func(c *github.Config) { c.Org, c.Repos = "", []string{"acme/shop", "acme/quiet"} })
	poll := func(since time.Time) map[string]bool { return polled(t, conn, since) }
	poll(now.Add(-2 * time.Hour))
	srv.Edit("acme/shop#1", func(is *githubtest.Issue) { is.Title = "busier" })
	if got := poll(now.Add(-2 * time.Minute)); !got["acme/shop#1"] {
		t.Fatalf("the second poll delivered %v; want the edited acme/shop#1", got)
	}
	counted := srv.Counted()
	srv.Edit("acme/shop#1", func(is *githubtest.Issue) {
		is.Title = "busiest"
		is.Updated = time.Now().UTC().Add(time.Second).Truncate(time.Second)
	})
	if got := poll(now.Add(-time.Minute)); !got["acme/shop#1"] || got["acme/quiet#1"] {
		t.Fatalf("the third poll delivered %v; want acme/shop#1 only", got)
	}
	var quiet []int
	for _, e := range srv.Exchanges() {
		if e.URLPath == "/repos/acme/quiet/issues" {
			quiet = append(quiet, e.Status)
		}
	}
	if len(quiet) != 3 || quiet[1] != 304 || quiet[2] != 304 {
		t.Errorf("acme/quiet answered %v to the three polls; want 200, then 304 twice (the same URL asked again)", quiet)
	}
	if n := srv.Counted() - counted; n != 1 {
		t.Errorf("the third poll counted %d requests against the limit; want 1 (acme/shop's)", n)
	}
}

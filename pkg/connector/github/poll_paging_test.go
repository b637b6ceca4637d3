package github_test

import (
	"context"
	"testing"
	"time"

	"github.com/spacetime/tickets/pkg/connector"
	"github.com/spacetime/tickets/pkg/connector/github"
	"github.com/spacetime/tickets/pkg/connector/github/githubtest"
)

// TestAnIssueUpdatedDuringAPollMovesNoOtherOutOfIt: a poll pages the issues updated since the last one; an
// issue of its first page that is updated meanwhile must not shift an issue the poll has not read yet onto a
// page it has read (page numbers over a list sorted by update would): every issue changed since is delivered.
func TestAnIssueUpdatedDuringAPollMovesNoOtherOutOfIt(t *testing.T) {
	now := time.Now().UTC().Truncate(time.Second)
	issues := githubtest.GenerateIssues(9, []string{"acme/shop"}, now.Add(-2*time.Hour), 10*time.Minute, 1)
	srv := githubtest.New(t, []githubtest.Repo{{FullName: "acme/shop", ID: 1, HasIssues: true}}, issues, githubtest.Options{})
	conn := newConnector(srv, func(c *github.Config) { c.Org, c.Repos, c.PageSize = "", []string{"acme/shop"}, 3 })
	got := map[string]bool{}
	pages := 0
	err := conn.Changed(context.Background(), now.Add(-3*time.Hour), func(p connector.Page) error {
		pages++
		for _, tk := range p.Tickets {
			got[tk.ID] = true
		}
		if pages == 1 && len(p.Tickets) > 0 {
			srv.Edit(p.Tickets[0].ID, func(is *githubtest.Issue) { is.Title = "edited during the poll" })
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, is := range issues {
		if !is.PullRequest && !got[is.Key()] {
			t.Errorf("%s, updated since the poll's since, was not delivered (%d pages)", is.Key(), pages)
		}
	}
}

package gitlab_test

import (
	"context"
	"testing"
	"time"

	"github.com/spacetime/tickets/pkg/connector"
	"github.com/spacetime/tickets/pkg/connector/gitlab"
	"github.com/spacetime/tickets/pkg/connector/gitlab/gitlabtest"
)

// TestAnIssueUpdatedDuringAPollMovesNoOtherOutOfIt: a group's poll pages by offset; an issue of its first page
// updated meanwhile must not shift an unread issue onto a page already read: every issue changed since the
// poll's since is delivered.
func TestAnIssueUpdatedDuringAPollMovesNoOtherOutOfIt(t *testing.T) {
	now := time.Now().UTC().Truncate(time.Second)
	issues := gitlabtest.GenerateIssues(9, gitlabtest.Group+"/shop", now.Add(-2*time.Hour), 10*time.Minute, 1)
	srv := gitlabtest.New(t, gitlabtest.SampleProjects(), issues, gitlabtest.Options{})
	conn := newConnector(srv, func(c *gitlab.Config) { c.PageSize = 3 })
	got := map[string]bool{}
	pages := 0
	err := conn.Changed(context.Background(), now.Add(-3*time.Hour), func(p connector.Page) error {
		pages++
		for _, tk := range p.Tickets {
			got[tk.ID] = true
		}
		if pages == 1 && len(p.Tickets) > 0 {
			srv.Edit(p.Tickets[0].ID, func(is *gitlabtest.Issue) { is.Title = "edited during the poll" })
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, is := range issues {
		if !got[is.Ref()] {
			t.Errorf("%s, updated since the poll's since, was not delivered (%d pages)", is.Ref(), pages)
		}
	}
}

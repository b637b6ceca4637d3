package github_test

import (
	"context"
	"testing"
	"time"

	"github.com/spacetime/tickets/pkg/connector"
	"github.com/spacetime/tickets/pkg/connector/github"
)

// polled runs one poll (Changed since since) and returns the ids it delivered.
func polled(t *testing.T, conn *github.Connector, since time.Time) map[string]bool {
	t.Helper()
	got := map[string]bool{}
	if err := conn.Changed(context.Background(), since, func(p connector.Page) error {
		for _, tk := range p.Tickets {
			got[tk.ID] = true
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return got
}

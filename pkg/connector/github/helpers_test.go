package github_test

import (
	"context"
	"slices"
	"sort"
	"testing"
	"time"

	"github.com/spacetime/tickets/pkg/connector"
	"github.com/spacetime/tickets/pkg/connector/github"
	"github.com/spacetime/tickets/pkg/connector/github/githubtest"
	"github.com/spacetime/tickets/pkg/connector/httpapi"
	"github.com/spacetime/tickets/pkg/tickets"
)

// fast makes retries quick for tests (GitHub's waits are checked where they matter).
func fast(o *httpapi.Options) {
	o.Retry = httpapi.Retry{Base: time.Millisecond, Max: 5 * time.Millisecond, MaxWait: 2 * time.Second}
}

func newConnector(srv *githubtest.Server, tune func(*github.Config)) *github.Connector {
	cfg := github.Config{API: srv.APIURL(), Org: githubtest.Org, Token: githubtest.Token, HTTPClient: srv.Client(), Tune: []func(*httpapi.Options){fast}}
	if tune != nil {
		tune(&cfg)
	}
	return github.New(cfg)
}

type collected struct {
	byID  map[string]tickets.Ticket
	pages int
	dims  []tickets.Dimension
}

func collect(t *testing.T, run func(connector.PageFunc) error) collected {
	t.Helper()
	c := collected{byID: map[string]tickets.Ticket{}}
	err := run(func(p connector.Page) error {
		c.pages++
		for _, d := range p.Dimensions {
			if !slices.ContainsFunc(c.dims, func(e tickets.Dimension) bool { return e.Key == d.Key }) {
				c.dims = append(c.dims, d)
			}
		}
		for _, tk := range p.Tickets {
			if _, dup := c.byID[tk.ID]; dup {
				t.Errorf("ticket %s delivered twice", tk.ID)
			}
			c.byID[tk.ID] = tk
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func (c collected) ids() []string {
	var out []string
	for id := range c.byID {
		out = append(out, id)
	}
	sort.Strings(out)
	return out
}

func opened(t *testing.T, conn *github.Connector, from, to time.Time) collected {
	return collect(t, func(pf connector.PageFunc) error { return conn.Opened(context.Background(), from, to, pf) })
}

package jira

import (
	"context"
	"testing"
	"time"

	"github.com/spacetime/tickets/pkg/connector"
	"github.com/spacetime/tickets/pkg/connector/httpapi"
	"github.com/spacetime/tickets/pkg/connector/jira/jiratest"
	"github.com/spacetime/tickets/pkg/tickets"
)

// start is the sample issues' first creation time.
var start = time.Date(2026, 11, 30, 8, 0, 0, 0, time.UTC)

var fastRetry = []func(*httpapi.Options){func(o *httpapi.Options) {
	o.Retry = httpapi.Retry{Attempts: 8, Base: time.Millisecond, Max: 20 * time.Millisecond}
}}

var sampleCustom = []CustomField{
	{ID: jiratest.FieldService, Key: "service", Name: "Service"},
	{ID: jiratest.FieldRegions, Key: "regions", Name: "Regions", Multi: true},
	{ID: jiratest.FieldLocation, Key: "location", Name: "Location"},
	{ID: jiratest.FieldOwner, Key: "owner", Name: "Service owner"},
	{ID: jiratest.FieldRootCause, Key: "root_cause", Name: "Root cause"},
	{ID: jiratest.FieldCustomers, Key: "customers", Name: "Customers affected"},
}

func cloudConnector(s *jiratest.Server, tweak ...func(*Config)) *Connector {
	cfg := Config{Flavor: Cloud, Site: s.URL, Auth: Auth{User: jiratest.Email, Secret: jiratest.APIToken},
		CustomFields: sampleCustom, Tune: fastRetry}
	for _, f := range tweak {
		f(&cfg)
	}
	return New(cfg)
}

func dcConnector(s *jiratest.Server, tweak ...func(*Config)) *Connector {
	cfg := Config{Flavor: DataCenter, Site: s.URL, Auth: Auth{Bearer: true, Secret: jiratest.PAT},
		CustomFields: sampleCustom, Tune: fastRetry}
	for _, f := range tweak {
		f(&cfg)
	}
	return New(cfg)
}

// collect runs a listing and returns its tickets by key, failing on duplicates.
func collect(t *testing.T, run func(connector.PageFunc) error) map[string]tickets.Ticket {
	t.Helper()
	out := map[string]tickets.Ticket{}
	err := run(func(p connector.Page) error {
		for _, tk := range p.Tickets {
			if _, dup := out[tk.ID]; dup {
				t.Errorf("ticket %s delivered twice", tk.ID)
			}
			out[tk.ID] = tk
		}
		return nil
	})
	if err != nil {
		t.Fatalf("listing failed: %v", err)
	}
	return out
}

func backfill(t *testing.T, c *Connector, from, to time.Time) map[string]tickets.Ticket {
	t.Helper()
	return collect(t, func(p connector.PageFunc) error { return c.Opened(context.Background(), from, to, p) })
}

func changed(t *testing.T, c *Connector, since time.Time) map[string]tickets.Ticket {
	t.Helper()
	return collect(t, func(p connector.PageFunc) error { return c.Changed(context.Background(), since, p) })
}

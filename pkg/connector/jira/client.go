package jira

import (
	"context"

	"github.com/spacetime/tickets/pkg/connector"
	"github.com/spacetime/tickets/pkg/connector/httpapi"
)

// client builds the framework client: credentials, per-request retries, rate-limit pacing, error sentences.
func client(cfg Config, site string) *httpapi.Client {
	var auth httpapi.Auth
	unauthorized := "check the email and the API token (id.atlassian.com → Security → API tokens) in the datasource settings"
	switch {
	case cfg.Flavor == Cloud:
		auth = httpapi.Basic{User: cfg.Auth.User, Password: cfg.Auth.Secret, Name: "email and API token"}
	case cfg.Auth.Bearer:
		auth = httpapi.Bearer{Token: cfg.Auth.Secret, Name: "personal access token"}
		unauthorized = "check the personal access token (Jira profile → Personal Access Tokens) in the datasource settings; it may have expired"
	default:
		auth = httpapi.Basic{User: cfg.Auth.User, Password: cfg.Auth.Secret}
		unauthorized = "check the user name and password in the datasource settings"
	}
	opts := httpapi.Options{
		System: cfg.Flavor.Name(), BaseURL: site, HTTPClient: cfg.HTTPClient, Auth: auth,
		Hints: httpapi.Hints{
			Unauthorized: unauthorized,
			Forbidden:    "check that the account may browse the projects of the JQL scope",
			NotFound:     "check that the URL is the Jira site's base URL (as in its /browse/ links)",
		},
	}
	for _, f := range cfg.Tune {
		f(&opts)
	}
	return httpapi.MustNew(opts)
}

// call sends one request (retried on its own by the framework) and decodes its JSON answer into into.
func (c *Connector) call(ctx context.Context, method, path string, body map[string]any, into any) error {
	_, err := c.http.Do(ctx, httpapi.Request{Method: method, Path: path, Body: body}, into)
	return err
}

// Budget is the rate-limit budget of Jira's latest answer (Cloud's X-RateLimit-*, Data Center's admin limits).
func (c *Connector) Budget() connector.Budget { return c.http.Budget() }

// Redact removes the credentials from a text.
func (c *Connector) Redact(s string) string { return c.http.Redact(s) }

var _ connector.BudgetReporter = (*Connector)(nil)

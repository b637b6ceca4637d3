// Package servicenow is the connector for ServiceNow's Table API (/api/now/table/<table>): the incident
// table or any task table.
//
// Listings page by keyset on (sys_updated_on, sys_id) for changes and (opened_at, sys_id) for backfills,
// never by sysparm_offset, which skips rows while the table is written to. Times are read and written in UTC
// (sysparm_display_value=false). Auth is Basic, or OAuth client credentials from /oauth_token.do with the
// token fetched again when it expires or is refused mid-sync. Deletions are read from sys_audit_delete when
// the account may, else found by reconciling sys_ids. Records map onto tickets.Ticket in mapping.go.
package servicenow

import (
	"context"
	"net/http"
	"strings"
	"sync"

	"github.com/spacetime/tickets/pkg/connector"
	"github.com/spacetime/tickets/pkg/connector/httpapi"
	"github.com/spacetime/tickets/pkg/tickets"
)

// System names ServiceNow in sentences.
const System = "ServiceNow"

// Auth is how requests authenticate: Basic with User and Password, or OAuth client credentials.
type Auth struct {
	OAuth                  bool
	User, Password         string
	ClientID, ClientSecret string
}

// Config configures a connector.
type Config struct {
	// Instance is the instance URL ("https://dev12345.service-now.com").
	Instance string
	// Table is the table read (default incident; any task table works).
	Table string
	Auth  Auth
	// Query is an optional encoded query ANDed to every listing ("active=true^priority<=2"); it must not
	// hold ^NQ or ORDERBY (settings refuse those).
	Query string
	// HTTPClient should come from the SDK's httpclient (Grafana's proxy and TLS settings).
	HTTPClient *http.Client
	// PageSize is the sysparm_limit asked (default 1,000).
	PageSize int
	// Tune adjusts the framework client's options (retries, logging of retried attempts).
	Tune []func(*httpapi.Options)
}

// Connector reads one ServiceNow table.
type Connector struct {
	cfg      Config
	instance string
	http     *httpapi.Client

	auditMu       sync.Mutex
	auditReadable *bool // nil until tried
}

var (
	_ connector.Connector      = (*Connector)(nil)
	_ connector.Reconciler     = (*Connector)(nil)
	_ connector.BudgetReporter = (*Connector)(nil)
)

// New returns a connector for cfg.
func New(cfg Config) *Connector {
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = http.DefaultClient
	}
	if cfg.Table == "" {
		cfg.Table = "incident"
	}
	if cfg.PageSize <= 0 {
		cfg.PageSize = 1000
	}
	instance := strings.TrimRight(cfg.Instance, "/")
	var auth httpapi.Auth = httpapi.Basic{User: cfg.Auth.User, Password: cfg.Auth.Password}
	unauthorized := "check the user name and password in the datasource settings (the account needs the rest_api_explorer or itil role and must not require multi-factor login)"
	if cfg.Auth.OAuth {
		auth = &httpapi.ClientCredentials{TokenURL: instance + "/oauth_token.do", ClientID: cfg.Auth.ClientID,
			ClientSecret: cfg.Auth.ClientSecret, InParams: true, HTTPClient: cfg.HTTPClient, System: System, Path: "/oauth_token.do"}
		unauthorized = "check the OAuth client id and secret (System OAuth → Application Registry, with the client credentials grant enabled) in the datasource settings"
	}
	opts := httpapi.Options{System: System, BaseURL: instance, HTTPClient: cfg.HTTPClient, Auth: auth,
		Hints: httpapi.Hints{
			Unauthorized: unauthorized,
			Forbidden:    "check that the account may read the " + cfg.Table + " table (ACLs)",
			NotFound:     "check that the URL is the instance's URL, like https://dev12345.service-now.com",
		}}
	for _, f := range cfg.Tune {
		f(&opts)
	}
	return &Connector{cfg: cfg, instance: instance, http: httpapi.MustNew(opts)}
}

// Budget is the rate-limit budget of the instance's latest answer (its rate-limit rules' X-RateLimit-*).
func (c *Connector) Budget() connector.Budget { return c.http.Budget() }

// Table is the table read.
func (c *Connector) Table() string { return c.cfg.Table }

// Severities are ServiceNow's five priorities, least severe first.
func (c *Connector) Severities(context.Context) ([]tickets.Severity, error) {
	out := make([]tickets.Severity, 0, len(priorities))
	for i := len(priorities) - 1; i >= 0; i-- {
		out = append(out, priorities[i])
	}
	return out, nil
}

// priorities are priority 1..5 by index (1 - Critical first).
var priorities = []tickets.Severity{
	{Name: "Critical", Rank: 5, Color: "dark-red"},
	{Name: "High", Rank: 4, Color: "orange"},
	{Name: "Moderate", Rank: 3, Color: "yellow"},
	{Name: "Low", Rank: 2, Color: "blue"},
	{Name: "Planning", Rank: 1, Color: "text"},
}

// Package github is the connector for GitHub Issues on github.com and GitHub Enterprise Server (REST API).
//
// It lists /repos/{owner}/{repo}/issues?state=all with since and per_page=100, following the Link header,
// for each configured repository or for every repository of an organisation (listed through the API and
// listed again every RepoRefresh). Pull requests, which GitHub's issue lists include, are dropped. Ids are
// owner/repo#number. Severity comes from common labels (sev1…sev4, P0…P3, severity: high), service and area
// from service/… and area/… labels; milestone, assignees, repository and labels are dimensions. Deleted and
// transferred issues are found by asking for each one (410, 404, or a 301 to another repository).
package github

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/spacetime/tickets/pkg/connector"
	"github.com/spacetime/tickets/pkg/connector/fanout"
	"github.com/spacetime/tickets/pkg/connector/httpapi"
	"github.com/spacetime/tickets/pkg/tickets"
)

// DefaultAPI is github.com's API root.
const DefaultAPI = "https://api.github.com"

// Config configures a connector.
type Config struct {
	// API is the REST API root: https://api.github.com, or https://<host>/api/v3 on Enterprise Server.
	API string
	// Repos are the repositories to read ("owner/repo"); Org, when set, reads every repository of that
	// organisation instead.
	Repos []string
	Org   string
	// Token is a fine-grained or classic personal access token (sent as Bearer).
	Token string
	// HTTPClient should come from the SDK's httpclient (Grafana's proxy and TLS settings).
	HTTPClient *http.Client
	// PageSize is per_page (default and GitHub's maximum: 100).
	PageSize int
	// Concurrency is how many repositories are listed at once (default 4).
	Concurrency int
	// RepoRefresh is how often an organisation's repositories are listed again (default 1 h).
	RepoRefresh time.Duration
	// PollShare is the share of the hourly rate limit polls may use (default 0.6): the rest is for
	// reconciliation, loads of older ranges, Save & test and the token's other users.
	PollShare float64
	// Tune adjusts the framework client's options (retries, logging of retried attempts).
	Tune []func(*httpapi.Options)
	// Now is the clock (tests).
	Now func() time.Time
}

// Connector reads one GitHub site's repositories.
type Connector struct {
	cfg    Config
	http   *httpapi.Client
	poller fanout.Poller

	mu       sync.Mutex
	repos    []Repo // the organisation's, once listed
	listedAt time.Time
}

var (
	_ connector.Connector      = (*Connector)(nil)
	_ connector.Reconciler     = (*Connector)(nil)
	_ connector.BudgetReporter = (*Connector)(nil)
)

// New returns a connector for cfg.
func New(cfg Config) *Connector {
	if cfg.API == "" {
		cfg.API = DefaultAPI
	}
	cfg.API = strings.TrimRight(cfg.API, "/")
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = http.DefaultClient
	}
	if cfg.PageSize <= 0 || cfg.PageSize > 100 {
		cfg.PageSize = 100
	}
	if cfg.Concurrency <= 0 {
		cfg.Concurrency = 4
	}
	if cfg.RepoRefresh <= 0 {
		cfg.RepoRefresh = time.Hour
	}
	if cfg.PollShare <= 0 || cfg.PollShare > 1 {
		cfg.PollShare = 0.6
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	return &Connector{cfg: cfg, http: client(cfg)}
}

// Severities are the levels the default severity labels map to, least severe first.
func (c *Connector) Severities(_ context.Context) ([]tickets.Severity, error) {
	return append([]tickets.Severity(nil), severities...), nil
}

// Budget is the rate-limit budget of GitHub's latest answer (x-ratelimit-*).
func (c *Connector) Budget() connector.Budget { return c.http.Budget() }

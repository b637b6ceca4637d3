// Package gitlab is the connector for GitLab Issues on gitlab.com and self-managed GitLab (REST API v4).
//
// It lists /projects/:id/issues or /groups/:id/issues with updated_after, order_by=created_at&sort=asc and
// per_page=100: project listings ask for keyset paging (GitLab 18.3 and later offer it there) and every
// listing follows the Link header, or X-Next-Page where an answer has no Link. Totals (X-Total) are absent
// above 10,000 issues, so progress then has no total. Requests carry PRIVATE-TOKEN. Ids are the full
// reference group/project#iid. Scoped labels (service::checkout) become dimensions, severity::N the severity;
// an incident's own severity (CRITICAL…LOW) is used when no label sets one.
package gitlab

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/spacetime/tickets/pkg/connector"
	"github.com/spacetime/tickets/pkg/connector/fanout"
	"github.com/spacetime/tickets/pkg/connector/httpapi"
	"github.com/spacetime/tickets/pkg/tickets"
)

// Config configures a connector.
type Config struct {
	// URL is the GitLab site (https://gitlab.com, https://gitlab.example.com); the API is under /api/v4.
	URL string
	// Projects and Groups are what to read: paths ("group/project", "group/subgroup") or numeric ids. A
	// group includes its subgroups' projects.
	Projects, Groups []string
	// Token is a personal, group or project access token with read_api.
	Token string
	// HTTPClient should come from the SDK's httpclient (Grafana's proxy and TLS settings).
	HTTPClient *http.Client
	// PageSize is per_page (default and GitLab's maximum: 100).
	PageSize int
	// Concurrency is how many projects and groups are listed at once (default 4).
	Concurrency int
	// Tune adjusts the framework client's options (retries, logging of retried attempts).
	Tune []func(*httpapi.Options)
}

// Connector reads one GitLab site's projects and groups.
type Connector struct {
	cfg    Config
	http   *httpapi.Client
	poller fanout.Poller
}

var (
	_ connector.Connector      = (*Connector)(nil)
	_ connector.Reconciler     = (*Connector)(nil)
	_ connector.BudgetReporter = (*Connector)(nil)
)

// New returns a connector for cfg.
func New(cfg Config) *Connector {
	cfg.URL = strings.TrimRight(cfg.URL, "/")
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = http.DefaultClient
	}
	if cfg.PageSize <= 0 || cfg.PageSize > 100 {
		cfg.PageSize = 100
	}
	if cfg.Concurrency <= 0 {
		cfg.Concurrency = 4
	}
	return &Connector{cfg: cfg, http: client(cfg)}
}

// Severities are GitLab's incident severities, least severe first (severity::4 … severity::1 map onto them).
func (c *Connector) Severities(_ context.Context) ([]tickets.Severity, error) {
	return append([]tickets.Severity(nil), severities...), nil
}

// Budget is the rate-limit budget of GitLab's latest answer (RateLimit-*).
func (c *Connector) Budget() connector.Budget { return c.http.Budget() }

// source is one project or group to list.
type source struct {
	kind string // "projects" or "groups"
	ref  string // path or id as configured
}

func (s source) path() string { return "/" + s.kind + "/" + url.PathEscape(s.ref) }

func (c *Connector) sources() []string {
	var out []string
	for _, p := range c.cfg.Projects {
		out = append(out, "projects:"+p)
	}
	for _, g := range c.cfg.Groups {
		out = append(out, "groups:"+g)
	}
	return out
}

func parseSource(s string) source {
	kind, ref, _ := strings.Cut(s, ":")
	return source{kind: kind, ref: ref}
}

func iso(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05Z") }

// Interleaved is true: Opened merges one listing per project and group, so its pages are not newest first overall.
func (c *Connector) Interleaved() bool { return true }

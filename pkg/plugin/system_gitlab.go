package plugin

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/spacetime/tickets/pkg/connector"
	"github.com/spacetime/tickets/pkg/connector/gitlab"
	"github.com/spacetime/tickets/pkg/connector/httpapi"
	"github.com/spacetime/tickets/pkg/settings"
)

func init() { registerSystem(settings.SystemGitLab, newGitLabSystem) }

// gitlabSystem is GitLab Issues on gitlab.com or a self-managed GitLab.
type gitlabSystem struct{ conn *gitlab.Connector }

func newGitLabSystem(cfg settings.Settings, httpClient *http.Client, tune func(*httpapi.Options)) ticketSystem {
	g := cfg.GitLab
	return &gitlabSystem{conn: gitlab.New(gitlab.Config{URL: cfg.URL, Projects: g.Projects, Groups: g.Groups, Token: g.Token,
		HTTPClient: httpClient, Tune: []func(*httpapi.Options){tune}})}
}

func (g *gitlabSystem) Connector() connector.Connector { return g.conn }

// Health is Save & test for GitLab: the token's user, each project and group, the issues updated in the
// sync window (GitLab gives no total above 10,000), and the rate limit.
func (g *gitlabSystem) Health(ctx context.Context, d *Datasource) *backend.CheckHealthResult {
	cfg := d.settings
	days := int(cfg.SyncWindow / (24 * time.Hour))
	h, err := g.conn.Check(ctx, time.Now().Add(-cfg.SyncWindow))
	var se *gitlab.SourceError
	switch {
	case errors.As(err, &se):
		return healthError(cfg.Redact(fmt.Sprintf("Connected to GitLab at %s as %s, but GitLab does not show the token %s %s (%d): check the path in the %ss setting (as in its URL) and that the token's user may read it.",
			cfg.URL, login(h.Username), se.Kind, se.Ref, se.Err.Status, se.Kind)))
	case err != nil:
		return d.healthFailed(ctx, err)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Connected to GitLab at %s as %s; reading %s", cfg.URL, login(h.Username), strings.Join(h.Sources, ", "))
	if h.Count >= 0 {
		fmt.Fprintf(&b, "; %d %s updated in the last %d %s", h.Count, plural(h.Count, "issue", "issues"), days, plural(days, "day", "days"))
	} else {
		fmt.Fprintf(&b, "; more than 10,000 issues updated in the last %d %s (GitLab gives no total above that)", days, plural(days, "day", "days"))
	}
	polls := len(cfg.GitLab.Projects) + len(cfg.GitLab.Groups)
	fmt.Fprintf(&b, "; polling every %s costs %d %s a minute", spoken(cfg.PollInterval), perMinute(polls, cfg.PollInterval), plural(perMinute(polls, cfg.PollInterval), "request", "requests"))
	if h.Budget.Limit > 0 {
		fmt.Fprintf(&b, " (GitLab's rate limit: %d, %d left)", h.Budget.Limit, h.Budget.Remaining)
	}
	return d.healthOK(b.String())
}

// perMinute is what n requests per poll cost a minute at the interval, rounded up.
func perMinute(n int, interval time.Duration) int {
	if interval <= 0 {
		return n
	}
	return int((time.Duration(n)*time.Minute + interval - 1) / interval)
}

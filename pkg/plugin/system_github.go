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
	"github.com/spacetime/tickets/pkg/connector/github"
	"github.com/spacetime/tickets/pkg/connector/httpapi"
	"github.com/spacetime/tickets/pkg/settings"
)

func init() { registerSystem(settings.SystemGitHub, newGitHubSystem) }

// githubSystem is GitHub Issues on github.com or Enterprise Server.
type githubSystem struct{ conn *github.Connector }

func newGitHubSystem(cfg settings.Settings, httpClient *http.Client, tune func(*httpapi.Options)) ticketSystem {
	g := cfg.GitHub
	return &githubSystem{conn: github.New(github.Config{API: cfg.URL, Repos: g.Repositories, Org: g.Organization, Token: g.Token,
		HTTPClient: httpClient, Tune: []func(*httpapi.Options){tune}})}
}

func (g *githubSystem) Connector() connector.Connector { return g.conn }

// Health is Save & test for GitHub: the token's account, the repositories (or the organisation's), the
// issues updated in the sync window, and what polling costs of the hourly rate limit.
func (g *githubSystem) Health(ctx context.Context, d *Datasource) *backend.CheckHealthResult {
	cfg := d.settings
	days := int(cfg.SyncWindow / (24 * time.Hour))
	h, err := g.conn.Check(ctx, time.Now().Add(-cfg.SyncWindow))
	var re *github.RepoError
	switch {
	case errors.As(err, &re):
		return healthError(cfg.Redact(fmt.Sprintf("Connected to GitHub at %s as %s, but GitHub does not show the token repository %s (%d): check the owner/repo name in the repositories setting and that the token may read it (a fine-grained token lists the repositories it may read).",
			cfg.URL, login(h.Login), re.Repo, re.Err.Status)))
	case err != nil:
		return d.healthFailed(ctx, err)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Connected to GitHub at %s as %s; ", cfg.URL, login(h.Login))
	n := len(h.Repos)
	if cfg.GitHub.Organization != "" {
		fmt.Fprintf(&b, "%d %s with issues in organisation %s", n, plural(n, "repository", "repositories"), cfg.GitHub.Organization)
	} else {
		fmt.Fprintf(&b, "%d %s", n, plural(n, "repository", "repositories"))
	}
	if h.Archived > 0 {
		fmt.Fprintf(&b, " (%d archived: read once, not polled)", h.Archived)
	}
	if len(h.NoIssues) > 0 {
		fmt.Fprintf(&b, "; issues are disabled in %s, which gives nothing", strings.Join(h.NoIssues, ", "))
	}
	if h.Count >= 0 {
		fmt.Fprintf(&b, "; %d %s updated in the last %d %s", h.Count, plural(h.Count, "issue", "issues"), days, plural(days, "day", "days"))
	}
	polled := n - h.Archived
	limit := h.Budget.Limit
	if limit <= 0 {
		limit = 5000
	}
	interval := max(cfg.PollInterval, github.PollFloor(polled, limit, 0.6))
	fmt.Fprintf(&b, "; polling every %s costs %s", spoken(interval), github.PollCost(polled, interval, limit))
	if h.Budget.Remaining >= 0 {
		fmt.Fprintf(&b, " (%d left until %s)", h.Budget.Remaining, h.Budget.Reset.UTC().Format("15:04 UTC"))
	}
	if interval > cfg.PollInterval {
		fmt.Fprintf(&b, ": polls run every %s instead of every %s so that they use at most 60 %% of the limit", spoken(interval), spoken(cfg.PollInterval))
	}
	return d.healthOK(b.String())
}

// spoken says an interval as people write it: "90 s", "2 min".
func spoken(d time.Duration) string {
	d = d.Round(time.Second)
	if d >= time.Minute && d%time.Minute == 0 {
		return fmt.Sprintf("%d min", int(d/time.Minute))
	}
	return fmt.Sprintf("%d s", int(d/time.Second))
}

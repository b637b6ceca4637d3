//go:build integration

package pluginprotocol

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"
	"github.com/grafana/grafana-plugin-sdk-go/genproto/pluginv2"

	"github.com/spacetime/tickets/pkg/connector/github/githubtest"
)

// githubContext configures a datasource for a replayed GitHub Enterprise Server (the URL setting is the
// server's address; the plugin adds /api/v3).
func githubContext(srv *githubtest.Server, dsID int64, edit func(jd map[string]any, secure map[string]string)) *pluginv2.PluginContext {
	return forgeContext(dsID, "GitHub", map[string]any{"url": srv.URL, "system": "github", "githubOrganization": githubtest.Org},
		map[string]string{"githubToken": githubtest.Token}, edit)
}

// TestGitHubOverGrafanaProtocol runs the built executable against a replayed GitHub Enterprise Server
// organisation: Save & test's sentences (and the poll floor a small rate limit forces), every query type
// against the replay's own issues, the resources, and an edit picked up by the next poll. No token appears
// in any answer or log line.
func TestGitHubOverGrafanaProtocol(t *testing.T) {
	g := startPlugin(t)
	now := time.Now().UTC()
	issues := githubtest.SampleIssues(now.Add(-12 * time.Hour).Truncate(time.Hour))
	issues = append(issues, githubtest.GenerateIssues(300, []string{"acme/shop", "acme/payments"}, now.Add(-5*24*time.Hour), 20*time.Minute, 100)...)
	srv := githubtest.New(t, githubtest.SampleRepos(), issues, githubtest.Options{Enterprise: true})
	var returned []string
	secretsNeverReturned(t, g, &returned, githubtest.Token)
	weekAgo := now.Add(-7 * 24 * time.Hour)
	truth := func(keep func(githubtest.Issue) bool) int {
		n := 0
		for _, is := range srv.Issues() {
			if !is.PullRequest && !is.Deleted && !is.Hidden && is.TransferredTo == "" && !strings.HasSuffix(is.Repo, "/docs") && keep(is) {
				n++
			}
		}
		return n
	}

	t.Run("health", func(t *testing.T) {
		res := g.checkHealth(t, githubContext(srv, 301, nil))
		returned = append(returned, res.Message)
		re := regexp.MustCompile(`^Connected to GitHub at ` + regexp.QuoteMeta(srv.URL) + `/api/v3 as spacetime-bot; 3 repositories with issues in organisation acme \(1 archived: read once, not polled\); (\d+) issues updated in the last 7 days; polling every 10 s costs 720 requests an hour of the 5000 \(\d+ left until \d\d:\d\d UTC\)\.$`)
		m := re.FindStringSubmatch(res.Message)
		if res.Status != pluginv2.CheckHealthResponse_OK || m == nil {
			t.Fatalf("%v %q does not match %s", res.Status, res.Message, re)
		}
		if n, _ := strconv.Atoi(m[1]); n != truth(func(is githubtest.Issue) bool { return !is.Updated.Before(weekAgo) }) {
			t.Errorf("health counts %d issues", n)
		}
		repos := g.checkHealth(t, githubContext(srv, 302, func(jd map[string]any, _ map[string]string) {
			delete(jd, "githubOrganization")
			jd["githubRepositories"] = []string{"acme/shop", "acme/nope"}
		}))
		want := "Connected to GitHub at " + srv.URL + "/api/v3 as spacetime-bot, but GitHub does not show the token repository acme/nope (404): check the owner/repo name in the repositories setting and that the token may read it (a fine-grained token lists the repositories it may read)."
		if repos.Status != pluginv2.CheckHealthResponse_ERROR || repos.Message != want {
			t.Errorf("unknown repository: %v %q", repos.Status, repos.Message)
		}
		wrong := g.checkHealth(t, githubContext(srv, 303, func(_ map[string]any, secure map[string]string) { secure["githubToken"] = "ghp_notTheToken000" }))
		if wrong.Status != pluginv2.CheckHealthResponse_ERROR || !strings.HasPrefix(wrong.Message, "GitHub rejected the token (401): check the token in the datasource settings") {
			t.Errorf("wrong token: %v %q", wrong.Status, wrong.Message)
		}
		missing := g.checkHealth(t, githubContext(srv, 304, func(jd map[string]any, _ map[string]string) { delete(jd, "githubOrganization") }))
		if missing.Status != pluginv2.CheckHealthResponse_ERROR || !strings.Contains(missing.Message, "The repositories setting is empty") {
			t.Errorf("no repositories: %v %q", missing.Status, missing.Message)
		}
		returned = append(returned, repos.Message, wrong.Message, missing.Message)
	})

	t.Run("a small rate limit slows the polls", func(t *testing.T) {
		tight := githubtest.New(t, githubtest.SampleRepos(), githubtest.SampleIssues(now.Add(-12*time.Hour)), githubtest.Options{Enterprise: true, RateLimit: 100})
		res := g.checkHealth(t, githubContext(tight, 305, nil))
		// Two repositories are polled; 60 % of 100 requests an hour allows one poll every 2 minutes.
		if want := "; polling every 2 min costs 60 requests an hour of the 100"; res.Status != pluginv2.CheckHealthResponse_OK || !strings.Contains(res.Message, want) ||
			!strings.HasSuffix(res.Message, ": polls run every 2 min instead of every 10 s so that they use at most 60 % of the limit.") {
			t.Errorf("health %q, want %q and the slower polls", res.Message, want)
		}
	})

	pc := githubContext(srv, 306, nil)
	t.Run("queries and resources", func(t *testing.T) {
		frame := readyFrames(t, g, pc, &returned,
			query("T", "tickets", `{"limit":100000}`),
			query("C", "tickets", `{"filter":{"key":"service","operator":"=","value":"checkout"}}`),
			query("V", "tickets", `{"filter":{"key":"severity","operator":"=","value":"critical"}}`),
			query("S", "timeseries", `{"groupBy":["severity"],"bucket":"1h"}`),
			query("B", "breakdown", `{"groupBy":["assignees"],"topN":5}`),
			query("N", "stats", `{}`),
		)
		opened := truth(func(is githubtest.Issue) bool { return !is.Created.Before(weekAgo) })
		all := frame("T")
		if all.Rows() != opened {
			t.Errorf("tickets: %d rows, the replay has %d issues (no pull requests) opened in the last 7 days", all.Rows(), opened)
		}
		ids, urls := column(t, all, "id"), column(t, all, "url")
		at := slices.Index(ids, "acme/shop#1")
		if at < 0 || urls[at] != srv.URL+"/web/acme/shop/issues/1" || slices.Contains(ids, "acme/shop#3") {
			t.Errorf("acme/shop#1 with its html_url, and no pull request: %v", ids[:min(len(ids), 10)])
		}
		checkout := truth(func(is githubtest.Issue) bool {
			return slices.Contains(is.Labels, "service/checkout") && !is.Created.Before(weekAgo)
		})
		if n := frame("C").Rows(); n != checkout || n == 0 {
			t.Errorf("service = checkout: %d rows, the replay has %d issues labelled service/checkout", n, checkout)
		}
		critical := truth(func(is githubtest.Issue) bool {
			return (slices.Contains(is.Labels, "sev1") || slices.Contains(is.Labels, "P0")) && !is.Created.Before(weekAgo)
		})
		if n := frame("V").Rows(); n != critical || n == 0 {
			t.Errorf("severity = critical: %d rows, the replay has %d issues labelled sev1 or P0", n, critical)
		}
		counts := breakdownCounts(frame("B"))
		if counts["alice"] != 1 || counts["bob"] != 1 || counts["carol"] != 1 {
			t.Errorf("breakdown by assignees (a ticket once under each): %v", counts)
		}
		checkStatsAndSeries(t, frame("N"), frame("S"), opened)
		fieldsInclude(t, g, pc, &returned, "repository", "milestone", "assignees", "labels", "service", "area")
	})

	t.Run("an edit arrives with the next poll", func(t *testing.T) {
		srv.Edit("acme/shop#2", func(is *githubtest.Issue) { is.Title = "Search is slow again"; is.State, is.Closed = "open", nil })
		waitForTicket(t, g, pc, "acme/shop#2", func(f *data.Frame) bool {
			return column(t, f, "title")[0] == "Search is slow again" && column(t, f, "state")[0] == "open"
		})
	})
}

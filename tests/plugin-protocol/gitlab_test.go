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

	"github.com/spacetime/tickets/pkg/connector/gitlab/gitlabtest"
)

func gitlabContext(srv *gitlabtest.Server, dsID int64, edit func(jd map[string]any, secure map[string]string)) *pluginv2.PluginContext {
	return forgeContext(dsID, "GitLab", map[string]any{"url": srv.URL, "system": "gitlab", "gitlabGroups": []string{gitlabtest.Group}, "gitlabProjects": []string{"other/tools"}},
		map[string]string{"gitlabToken": gitlabtest.Token}, edit)
}

// TestGitLabOverGrafanaProtocol runs the built executable against a replayed GitLab (keyset paging on
// project listings, offset paging with totals left out above a cap on the group's): Save & test's
// sentences, every query type against the replay's own issues (scoped labels as dimensions and severity,
// incidents' severity), the resources, and an edit picked up by the next poll. No token appears in any answer
// or log line.
func TestGitLabOverGrafanaProtocol(t *testing.T) {
	g := startPlugin(t)
	now := time.Now().UTC()
	issues := gitlabtest.SampleIssues(now.Add(-12 * time.Hour).Truncate(time.Hour))
	issues = append(issues, gitlabtest.GenerateIssues(300, "acme/shop", now.Add(-5*24*time.Hour), 20*time.Minute, 100)...)
	issues = append(issues, gitlabtest.GenerateIssues(40, "other/tools", now.Add(-3*24*time.Hour), time.Hour, 100)...)
	srv := gitlabtest.New(t, gitlabtest.SampleProjects(), issues, gitlabtest.Options{Keyset: true, TotalsCap: 200})
	var returned []string
	secretsNeverReturned(t, g, &returned, gitlabtest.Token)
	weekAgo := now.Add(-7 * 24 * time.Hour)
	truth := func(keep func(gitlabtest.Issue) bool) int {
		n := 0
		for _, is := range srv.Issues() {
			if !is.Deleted && (strings.HasPrefix(is.Project, "acme/") || is.Project == "other/tools") && keep(is) {
				n++
			}
		}
		return n
	}

	t.Run("health", func(t *testing.T) {
		small := g.checkHealth(t, gitlabContext(srv, 401, func(jd map[string]any, _ map[string]string) { delete(jd, "gitlabGroups") }))
		returned = append(returned, small.Message)
		re := regexp.MustCompile(`^Connected to GitLab at ` + regexp.QuoteMeta(srv.URL) + ` as spacetime-bot; reading other/tools; (\d+) issues updated in the last 7 days; polling every 10 s costs 6 requests a minute \(GitLab's rate limit: 2000, \d+ left\)\.$`)
		m := re.FindStringSubmatch(small.Message)
		if small.Status != pluginv2.CheckHealthResponse_OK || m == nil {
			t.Fatalf("%v %q does not match %s", small.Status, small.Message, re)
		}
		if n, _ := strconv.Atoi(m[1]); n != 41 {
			t.Errorf("health counts %d issues in other/tools, want 41", n)
		}
		// The group holds more issues than the replay gives totals for (as GitLab above 10,000).
		big := g.checkHealth(t, gitlabContext(srv, 402, nil))
		if want := "; reading other/tools, acme; more than 10,000 issues updated in the last 7 days (GitLab gives no total above that)"; big.Status != pluginv2.CheckHealthResponse_OK || !strings.Contains(big.Message, want) {
			t.Errorf("health %q, want it to contain %q", big.Message, want)
		}
		unknown := g.checkHealth(t, gitlabContext(srv, 403, func(jd map[string]any, _ map[string]string) { jd["gitlabProjects"] = []string{"acme/nope"} }))
		want := "Connected to GitLab at " + srv.URL + " as spacetime-bot, but GitLab does not show the token project acme/nope (404): check the path in the projects setting (as in its URL) and that the token's user may read it."
		if unknown.Status != pluginv2.CheckHealthResponse_ERROR || unknown.Message != want {
			t.Errorf("unknown project: %v %q", unknown.Status, unknown.Message)
		}
		wrong := g.checkHealth(t, gitlabContext(srv, 404, func(_ map[string]any, secure map[string]string) { secure["gitlabToken"] = "glpat-notTheToken000" }))
		if wrong.Status != pluginv2.CheckHealthResponse_ERROR || !strings.HasPrefix(wrong.Message, "GitLab rejected the access token (401): check the access token") {
			t.Errorf("wrong token: %v %q", wrong.Status, wrong.Message)
		}
		returned = append(returned, big.Message, unknown.Message, wrong.Message)
	})

	pc := gitlabContext(srv, 405, nil)
	t.Run("queries and resources", func(t *testing.T) {
		frame := readyFrames(t, g, pc, &returned,
			query("T", "tickets", `{"limit":100000}`),
			query("C", "tickets", `{"filter":{"key":"service","operator":"=","value":"checkout"}}`),
			query("I", "tickets", `{"filter":{"key":"type","operator":"=","value":"incident"}}`),
			query("S", "timeseries", `{"groupBy":["severity"],"bucket":"1h"}`),
			query("B", "breakdown", `{"groupBy":["severity"],"topN":10}`),
			query("N", "stats", `{}`),
		)
		recent := func(is gitlabtest.Issue) bool { return !is.Created.Before(weekAgo) }
		opened := truth(recent)
		all := frame("T")
		if all.Rows() != opened {
			t.Errorf("tickets: %d rows, the replay has %d issues opened in the last 7 days", all.Rows(), opened)
		}
		ids, urls := column(t, all, "id"), column(t, all, "url")
		at := slices.Index(ids, "acme/platform/payments#1")
		if at < 0 || urls[at] != srv.URL+"/acme/platform/payments/-/issues/incident/1" {
			t.Errorf("acme/platform/payments#1 with its web_url: %v", ids[:min(len(ids), 10)])
		}
		checkout := truth(func(is gitlabtest.Issue) bool { return slices.Contains(is.Labels, "service::checkout") && recent(is) })
		if n := frame("C").Rows(); n != checkout || n == 0 {
			t.Errorf("service = checkout: %d rows, the replay has %d issues labelled service::checkout", n, checkout)
		}
		incidents := truth(func(is gitlabtest.Issue) bool { return is.Type == "incident" && recent(is) })
		if n := frame("I").Rows(); n != incidents || n == 0 {
			t.Errorf("type = incident: %d rows, the replay has %d incidents", n, incidents)
		}
		counts := breakdownCounts(frame("B"))
		// severity::1 labels and CRITICAL incidents without a severity label are critical.
		critical := truth(func(is gitlabtest.Issue) bool {
			return recent(is) && (slices.Contains(is.Labels, "severity::1") || (is.Severity == "CRITICAL" && !slices.ContainsFunc(is.Labels, func(l string) bool { return strings.HasPrefix(l, "severity::") })))
		})
		if int(counts["critical"]) != critical || critical == 0 {
			t.Errorf("breakdown by severity: %v, want %d critical", counts, critical)
		}
		checkStatsAndSeries(t, frame("N"), frame("S"), opened)
		fieldsInclude(t, g, pc, &returned, "project", "type", "milestone", "assignees", "labels", "service", "region", "team", "status_label")
		if q := srv.LastQuery("projects/:id/issues"); q.Get("pagination") != "keyset" {
			t.Errorf("the project listing did not ask for keyset paging: %v", q)
		}
	})

	t.Run("an edit arrives with the next poll", func(t *testing.T) {
		srv.Edit("acme/shop#1", func(is *gitlabtest.Issue) { is.Labels = []string{"service::search", "severity::4"} })
		waitForTicket(t, g, pc, "acme/shop#1", func(f *data.Frame) bool {
			return column(t, f, "severity")[0] == "low" && column(t, f, "service")[0] == "search"
		})
	})
}

//go:build integration

package pluginprotocol

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"
	"github.com/grafana/grafana-plugin-sdk-go/genproto/pluginv2"

	"github.com/spacetime/tickets/pkg/connector/jira/jiratest"
	"github.com/spacetime/tickets/tests/grafanahost"
)

// jiraSite is one replayed Jira site and how a datasource is configured for it.
type jiraSite struct {
	name   string // "Jira Cloud", "Jira Data Center"
	srv    *jiratest.Server
	system string
	json   map[string]any
	secure map[string]string
	secret string
}

func replayedSites(t *testing.T) []jiraSite {
	now := time.Now().UTC()
	issues := func() []*jiratest.Issue {
		out := jiratest.SampleIssues(now.Add(-12 * time.Hour).Truncate(time.Hour))
		return append(out, jiratest.GenerateIssues(300, now.Add(-5*24*time.Hour), 20*time.Minute)...)
	}
	custom := []map[string]any{
		{"id": jiratest.FieldService, "key": "service", "name": "Service"},
		{"id": jiratest.FieldRegions, "key": "regions", "name": "Regions", "multi": true},
		{"id": jiratest.FieldLocation, "key": "location", "name": "Location"},
	}
	cloud := jiratest.New(t, jiratest.Cloud, issues(), jiratest.Options{TimeZone: "America/Los_Angeles", PageCap: 40})
	dc := jiratest.New(t, jiratest.DataCenter, issues(), jiratest.Options{TimeZone: "Asia/Kolkata", PageCap: 50})
	return []jiraSite{
		{"Jira Cloud", cloud, "jira-cloud", map[string]any{"email": jiratest.Email, "customFields": custom},
			map[string]string{"apiToken": jiratest.APIToken}, jiratest.APIToken},
		{"Jira Data Center", dc, "jira-dc", map[string]any{"authType": "pat", "customFields": custom},
			map[string]string{"personalAccessToken": jiratest.PAT}, jiratest.PAT},
	}
}

func (s jiraSite) context(dsID int64, edit func(jsonData map[string]any, secure map[string]string)) *pluginv2.PluginContext {
	jd := map[string]any{"url": s.srv.URL, "system": s.system, "pollIntervalSeconds": 10}
	for k, v := range s.json {
		jd[k] = v
	}
	secure := map[string]string{}
	for k, v := range s.secure {
		secure[k] = v
	}
	if edit != nil {
		edit(jd, secure)
	}
	raw, _ := json.Marshal(jd)
	return grafanahost.PluginContext(dsID, fmt.Sprintf("jira-%d", dsID), fmt.Sprintf("Spacetime %s %d", s.name, dsID), raw, secure, time.Now())
}

// truth counts the site's issues the way a user would check them in Jira.
func (s jiraSite) truth(keep func(jiratest.Issue) bool) int {
	n := 0
	for _, is := range s.srv.Issues() {
		if keep(is) {
			n++
		}
	}
	return n
}

// TestJiraOverGrafanaProtocol runs the built executable against a replayed Jira Cloud and Jira Data Center:
// Save & test in each of its sentences, every query type, the resources, and a moved issue staying one ticket.
func TestJiraOverGrafanaProtocol(t *testing.T) {
	g := startPlugin(t)
	var returned []string
	sites := replayedSites(t)
	t.Cleanup(func() {
		returned = append(returned, g.logs.String())
		for _, text := range returned {
			for _, s := range sites {
				if strings.Contains(text, s.secret) {
					t.Errorf("a %s secret appears in what the plugin returned or logged: %.300s", s.name, text)
				}
			}
		}
	})
	for i, site := range sites {
		base := int64(100 * (i + 1))
		weekAgo := time.Now().Add(-7 * 24 * time.Hour)
		t.Run(site.name+" health", func(t *testing.T) {
			res := g.checkHealth(t, site.context(base+1, nil))
			returned = append(returned, res.Message)
			zone := site.srv.Location().String()
			re := regexp.MustCompile(`^Connected to ` + site.name + ` at ` + regexp.QuoteMeta(site.srv.URL) + ` as Alice Example \(JQL dates in ` +
				regexp.QuoteMeta(zone) + `\); no JQL scope \(every project the account can browse\); (\d+) issues updated in the last 7 days visible\.$`)
			m := re.FindStringSubmatch(res.Message)
			if res.Status != pluginv2.CheckHealthResponse_OK || m == nil {
				t.Fatalf("%v %q does not match %s", res.Status, res.Message, re)
			}
			if n, _ := strconv.Atoi(m[1]); n != site.truth(func(is jiratest.Issue) bool { return !is.Updated.Before(weekAgo) }) || n == 0 {
				t.Fatalf("health counts %d issues", n)
			}

			scoped := g.checkHealth(t, site.context(base+2, func(jd map[string]any, _ map[string]string) { jd["jql"] = "project in (OPS, SHOP)" }))
			if want := `; JQL scope "project in (OPS, SHOP)" is valid; 6 issues updated in the last 7 days visible.`; !strings.HasSuffix(scoped.Message, want) {
				t.Errorf("scoped health %q, want it to end with %q", scoped.Message, want)
			}

			bad := g.checkHealth(t, site.context(base+3, func(jd map[string]any, _ map[string]string) { jd["jql"] = "projct = OPS" }))
			want := fmt.Sprintf(`Connected to %s at %s as Alice Example, but Jira rejected the JQL scope "projct = OPS": Field 'projct' does not exist or you do not have permission to view it. Fix the JQL scope setting.`, site.name, site.srv.URL)
			if bad.Status != pluginv2.CheckHealthResponse_ERROR || bad.Message != want {
				t.Errorf("bad JQL: %v %q\nwant %q", bad.Status, bad.Message, want)
			}

			wrong := g.checkHealth(t, site.context(base+4, func(_ map[string]any, secure map[string]string) {
				for k := range secure {
					secure[k] = "not-the-token-000"
				}
			}))
			returned = append(returned, scoped.Message, bad.Message, wrong.Message)
			cred := map[string]string{"jira-cloud": "email and API token", "jira-dc": "personal access token"}[site.system]
			if wrong.Status != pluginv2.CheckHealthResponse_ERROR || !strings.HasPrefix(wrong.Message, site.name+" rejected the "+cred+" (401): check the") {
				t.Errorf("wrong token: %v %q", wrong.Status, wrong.Message)
			}
		})

		t.Run(site.name+" queries and resources", func(t *testing.T) {
			pc := site.context(base+5, nil)
			res := g.queryData(t, pc,
				query("T", "tickets", `{"limit":100000}`),
				query("L", "tickets", `{"filter":{"key":"labels","operator":"=","value":"outage"}}`),
				query("S", "timeseries", `{"groupBy":["severity"],"bucket":"1h"}`),
				query("B", "breakdown", `{"groupBy":["components"],"topN":5}`),
				query("N", "stats", `{}`),
			)
			for _, text := range responseTexts(t, res) {
				returned = append(returned, text)
			}
			frame := func(ref string) *data.Frame {
				dr := res.Responses[ref]
				if dr == nil || dr.Error != "" {
					t.Fatalf("%s: %s", ref, describe(dr))
				}
				return decodeFrames(t, dr)[0]
			}
			opened := site.truth(func(is jiratest.Issue) bool { return !is.Created.Before(weekAgo) })
			all := frame("T")
			if all.Rows() != opened {
				t.Errorf("tickets: %d rows, the site has %d issues created in the last 7 days", all.Rows(), opened)
			}
			ids := column(t, all, "id")
			urls := column(t, all, "url")
			at := slices.Index(ids, "OPS-1")
			if at < 0 || urls[at] != site.srv.URL+"/browse/OPS-1" {
				t.Errorf("OPS-1 is not in the ticket table with its /browse link: %v", urls[max(at, 0)])
			}
			if got := column(t, frame("L"), "id"); !sameSet(got, []string{"OPS-1", "OPS-4"}) {
				t.Errorf("labels = outage: %v, want OPS-1 and OPS-4 (any of the labels matches)", got)
			}
			bd := frame("B")
			counts := map[string]float64{}
			for row := 0; row < bd.Rows(); row++ {
				counts[fmt.Sprint(bd.Fields[0].At(row))] = asFloat(bd.Fields[1].At(row))
			}
			// A ticket counts once under each of its components: OPS-1 is in checkout and payments.
			if counts["checkout"] != 2 || counts["payments"] != 2 || counts["database"] != 1 {
				t.Errorf("breakdown by components: %v", counts)
			}
			st := frame("N")
			f, _ := st.FieldByName("opened")
			if f == nil {
				t.Fatalf("stats has no opened field")
			}
			if v, _ := f.ConcreteAt(0); int(asFloat(v)) != opened {
				t.Errorf("stats opened: %v, want %d", v, opened)
			}
			if ts := frame("S"); ts.Meta == nil || ts.Meta.Type != data.FrameTypeTimeSeriesWide {
				t.Errorf("timeseries meta %+v", ts.Meta)
			}

			resource := func(path, q string) []byte {
				r := g.callResource(t, pc, path, q)
				returned = append(returned, string(r.Body))
				if r.Status != 200 {
					t.Fatalf("resource %s?%s: %d %s", path, q, r.Status, r.Body)
				}
				return r.Body
			}
			var fields []struct{ Key, Name string }
			_ = json.Unmarshal(resource("fields", ""), &fields)
			var keys []string
			for _, f := range fields {
				keys = append(keys, f.Key)
			}
			for _, want := range []string{"id", "project", "type", "components", "labels", "assignee", "service", "regions", "location"} {
				if !slices.Contains(keys, want) {
					t.Errorf("fields %v lack %s", keys, want)
				}
			}
			var values []struct {
				Value string
				Count int
			}
			_ = json.Unmarshal(resource("values", "field=regions"), &values)
			// OPS-1 is in eu-west and eu-central, OPS-2 in us-east; the rest have none ("").
			got := map[string]int{}
			for _, v := range values {
				got[v.Value] = v.Count
			}
			if got["eu-west"] != 1 || got["eu-central"] != 1 || got["us-east"] != 1 || got[""] != opened-2 {
				t.Errorf("values of regions: %v", values)
			}
			var siteFields []struct{ ID, Name, Kind string }
			_ = json.Unmarshal(resource("system/fields", ""), &siteFields)
			if len(siteFields) != 7 || siteFields[2].Kind != "cascading-select" {
				t.Errorf("system/fields: %+v", siteFields)
			}
		})

		t.Run(site.name+" a moved issue stays one ticket", func(t *testing.T) {
			pc := site.context(base+5, nil) // the instance of the previous subtest, already synced
			newKey := site.srv.Move("OPS-3", "SHOP", "Shop", time.Now())
			deadline := time.Now().Add(40 * time.Second)
			for {
				res := g.queryData(t, pc, query("T", "tickets", `{"filter":{"key":"id","operator":"=|","values":["OPS-3","`+newKey+`"]}}`))
				ids := column(t, decodeFrames(t, res.Responses["T"])[0], "id")
				if len(ids) == 1 && ids[0] == newKey {
					break
				}
				if time.Now().After(deadline) {
					t.Fatalf("after the move, the tickets are %v, want only %s", ids, newKey)
				}
				time.Sleep(time.Second)
			}
		})
	}
}

func column(t *testing.T, f *data.Frame, name string) []string {
	t.Helper()
	field, _ := f.FieldByName(name)
	if field == nil {
		t.Fatalf("frame %s has no field %s", f.Name, name)
	}
	out := make([]string, field.Len())
	for i := range out {
		v, _ := field.ConcreteAt(i)
		out[i] = fmt.Sprint(v)
	}
	return out
}

func sameSet(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}

//go:build integration

package pluginprotocol

import (
	"encoding/json"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/genproto/pluginv2"

	"github.com/spacetime/tickets/pkg/connector/jsonapi"
	"github.com/spacetime/tickets/pkg/connector/jsonapi/jsontest"
)

// TestJSONAPIOverGrafanaProtocol runs the built executable against a replayed Zendesk set up from the
// Zendesk preset: the presets resource, Test mapping with the editor's spec (good and broken), Save & test,
// queries, and the deleted ticket left out.
func TestJSONAPIOverGrafanaProtocol(t *testing.T) {
	g := startPlugin(t)
	var returned []string
	secretsNeverReturned(t, g, &returned, jsontest.ZendeskToken)
	now := time.Now().UTC()
	base := now.Add(-12 * time.Hour).Truncate(time.Hour)
	srv := jsontest.NewZendesk(t, append(jsontest.Sample(base), jsontest.Generate(200, now.Add(-5*24*time.Hour), 30*time.Minute)...))
	srv.PageCap = 60

	var presets []jsonapi.Preset
	pre := g.callResource(t, saasContext(700, "JSON API", map[string]any{"system": "jsonapi"}, nil), "system/presets", "")
	if err := json.Unmarshal(pre.Body, &presets); err != nil || pre.Status != 200 {
		t.Fatalf("presets on a datasource not yet set up: %d %s", pre.Status, pre.Body)
	}
	i := slices.IndexFunc(presets, func(p jsonapi.Preset) bool { return p.ID == "zendesk" })
	if i < 0 || !slices.ContainsFunc(presets, func(p jsonapi.Preset) bool { return p.ID == "youtrack" }) {
		t.Fatalf("presets %v", presets)
	}
	spec := presets[i].Spec
	spec.Auth.Username = jsontest.ZendeskUser
	pc := saasContext(701, "JSON API", map[string]any{"system": "jsonapi", "url": srv.URL, "jsonApi": spec},
		map[string]string{"password": jsontest.ZendeskToken})

	t.Run("test mapping", func(t *testing.T) {
		r := g.postResource(t, pc, "system/test-mapping", map[string]any{"jsonApi": spec})
		returned = append(returned, string(r.Body))
		var rep struct {
			Records, Deleted int
			Tickets          []struct {
				ID, Severity, State, Opened string
				Dimensions                  map[string][]string
			}
			Problems []struct{ Text string }
		}
		if err := json.Unmarshal(r.Body, &rep); err != nil || r.Status != 200 {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
		if rep.Records != 60 || len(rep.Tickets) != 5 || rep.Deleted != 0 {
			t.Errorf("report: %d records, %d tickets, %d deleted", rep.Records, len(rep.Tickets), rep.Deleted)
		}
		var texts []string
		for _, p := range rep.Problems {
			texts = append(texts, p.Text)
		}
		// The generated tickets' third region is null: named, per ticket.
		if !slices.Contains(texts, "ticket 102: service (custom_fields.#(id==360001).value) has no value") {
			t.Errorf("problems %v", texts)
		}
		broken := spec
		broken.Root = "results"
		r = g.postResource(t, pc, "system/test-mapping", map[string]any{"jsonApi": broken})
		returned = append(returned, string(r.Body))
		if r.Status != 502 || !strings.Contains(string(r.Body), `the root selector \"results\" selects nothing, not the array of tickets: check the root selector setting`) {
			t.Errorf("a broken root: %d %s", r.Status, r.Body)
		}
		invalid := spec
		invalid.Fields.Opened = ""
		r = g.postResource(t, pc, "system/test-mapping", map[string]any{"jsonApi": invalid})
		if r.Status != 400 || !strings.Contains(string(r.Body), "The field mapping of opened is missing") {
			t.Errorf("an invalid spec: %d %s", r.Status, r.Body)
		}
	})

	t.Run("health and queries", func(t *testing.T) {
		res := g.checkHealth(t, pc)
		returned = append(returned, res.Message)
		re := regexp.MustCompile(`^Connected to the JSON API at ` + regexp.QuoteMeta(srv.URL) + `; the first page for the last 7 days held (\d+) records, mapped as tickets; (\d+) values of the first 20 tickets could not be mapped \(first: ticket \d+: service .*\): Test mapping lists them\.$`)
		if m := re.FindStringSubmatch(res.Message); res.Status != pluginv2.CheckHealthResponse_OK || m == nil || m[1] != "60" {
			t.Fatalf("%v %q", res.Status, res.Message)
		}
		wrong := g.checkHealth(t, saasContext(702, "JSON API", map[string]any{"system": "jsonapi", "url": srv.URL, "jsonApi": spec},
			map[string]string{"password": "wrong-token-000"}))
		returned = append(returned, wrong.Message)
		if wrong.Status != pluginv2.CheckHealthResponse_ERROR || !strings.HasPrefix(wrong.Message, "JSON API rejected the user name and password (401)") {
			t.Errorf("wrong token: %q", wrong.Message)
		}

		q := g.queryData(t, pc, query("T", "tickets", `{"limit":100000}`), query("B", "breakdown", `{"groupBy":["tags"],"topN":5}`))
		returned = append(returned, responseTexts(t, q)...)
		all := frameOf(t, q, "T")
		weekAgo := now.Add(-7 * 24 * time.Hour)
		want := 0
		for _, tk := range append(jsontest.Sample(base), jsontest.Generate(200, now.Add(-5*24*time.Hour), 30*time.Minute)...) {
			if !tk.Deleted && !tk.Created.Before(weekAgo) {
				want++
			}
		}
		ids := column(t, all, "id")
		if all.Rows() != want || slices.Contains(ids, "5") {
			t.Errorf("tickets: %d rows (deleted ticket 5 listed: %v), want %d", all.Rows(), slices.Contains(ids, "5"), want)
		}
		urls := column(t, all, "url")
		if at := slices.Index(ids, "1"); at < 0 || urls[at] != srv.URL+"/agent/tickets/1" {
			t.Errorf("ticket 1's link")
		}
		counts := breakdownCounts(frameOf(t, q, "B"))
		if counts["outage"] != 2 || counts["gen"] != 200 {
			t.Errorf("breakdown by tags: %v", counts)
		}
	})
}

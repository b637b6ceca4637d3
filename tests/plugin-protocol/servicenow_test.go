//go:build integration

package pluginprotocol

import (
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/genproto/pluginv2"

	"github.com/spacetime/tickets/pkg/connector/servicenow/snowtest"
)

// TestServiceNowOverGrafanaProtocol runs the built executable against a replayed ServiceNow instance (in
// Los Angeles time, pages capped at 40): Save & test in each of its sentences, Basic and OAuth, a token
// expiring mid-backfill, every query type with times in UTC.
func TestServiceNowOverGrafanaProtocol(t *testing.T) {
	g := startPlugin(t)
	var returned []string
	secretsNeverReturned(t, g, &returned, snowtest.Password, snowtest.ClientSecret, "replay-access-")
	now := time.Now().UTC()
	base := now.Add(-12 * time.Hour).Truncate(time.Hour)
	srv := snowtest.New(t, append(snowtest.Sample(base), snowtest.Generate(300, now.Add(-5*24*time.Hour), 20*time.Minute)...),
		snowtest.Options{PageCap: 40, TimeZone: "America/Los_Angeles"})
	basic := map[string]any{"system": "servicenow", "url": srv.URL, "username": snowtest.User}
	oauth := map[string]any{"system": "servicenow", "url": srv.URL, "authType": "oauth", "clientId": snowtest.ClientID}
	pw := map[string]string{"password": snowtest.Password}
	cs := map[string]string{"clientSecret": snowtest.ClientSecret}
	weekAgo := now.Add(-7 * 24 * time.Hour)
	truth := func(keep func(snowtest.Record) bool) int {
		n := 0
		for _, r := range srv.Records() {
			if keep(r) {
				n++
			}
		}
		return n
	}
	with := func(m map[string]any, k string, v any) map[string]any {
		out := map[string]any{k: v}
		for key, val := range m {
			if key != k {
				out[key] = val
			}
		}
		return out
	}

	t.Run("health", func(t *testing.T) {
		res := g.checkHealth(t, saasContext(501, "ServiceNow", basic, pw))
		returned = append(returned, res.Message)
		re := regexp.MustCompile(`^Connected to ServiceNow at ` + regexp.QuoteMeta(srv.URL) + ` as admin \(table incident, times in UTC\); no encoded query \(every record of the table\); (\d+) records updated in the last 7 days visible; deletions are read from sys_audit_delete\.$`)
		m := re.FindStringSubmatch(res.Message)
		if res.Status != pluginv2.CheckHealthResponse_OK || m == nil {
			t.Fatalf("%v %q", res.Status, res.Message)
		}
		if n, _ := strconv.Atoi(m[1]); n != truth(func(r snowtest.Record) bool { return !r.Updated.Before(weekAgo) }) {
			t.Errorf("health counts %d records", n)
		}
		scoped := g.checkHealth(t, saasContext(502, "ServiceNow", with(oauth, "query", "priority<=2^active=true"), cs))
		want := fmt.Sprintf(`with OAuth client %s (table incident, times in UTC); encoded query "priority<=2^active=true"; %d records`, snowtest.ClientID,
			truth(func(r snowtest.Record) bool { return r.Priority <= 2 && r.Active }))
		if !strings.Contains(scoped.Message, want) {
			t.Errorf("OAuth and a scope: %q\nwant it to contain %q", scoped.Message, want)
		}
		cases := []struct {
			jd     map[string]any
			secure map[string]string
			want   string
		}{
			{basic, map[string]string{"password": "wrong-password-1"}, "ServiceNow rejected the user name and password (401): check the user name and password in the datasource settings"},
			{oauth, map[string]string{"clientSecret": "wrong-secret-1"}, "ServiceNow rejected the OAuth client id and secret (401): check the OAuth client id and secret (System OAuth → Application Registry"},
			{with(basic, "table", "incidnt"), pw, fmt.Sprintf(`Connected to ServiceNow at %s, but it has no table "incidnt" (Invalid table incidnt): fix the table setting.`, srv.URL)},
			{with(basic, "query", "active=true^NQpriority=1"), pw, `The encoded query setting "active=true^NQpriority=1" contains ^NQ or ORDERBY`},
		}
		for i, c := range cases {
			res := g.checkHealth(t, saasContext(int64(503+i), "ServiceNow", c.jd, c.secure))
			returned = append(returned, res.Message)
			if res.Status != pluginv2.CheckHealthResponse_ERROR || !strings.HasPrefix(res.Message, c.want) {
				t.Errorf("case %d: %v %q\nwant it to start %q", i, res.Status, res.Message, c.want)
			}
		}
	})

	synced := saasContext(510, "ServiceNow", oauth, cs) // one instance for the queries and the poll
	t.Run("queries with an OAuth token that expires mid-backfill", func(t *testing.T) {
		served := 0
		srv.SetBetweenPages(func(int) {
			if served++; served == 2 {
				srv.ExpireTokens() // after the backfill's second page
			}
		})
		before := srv.TokensIssued()
		pc := synced
		res := g.queryData(t, pc,
			query("T", "tickets", `{"limit":100000}`),
			query("B", "breakdown", `{"groupBy":["assignment_group"],"topN":10}`),
			query("N", "stats", `{}`),
			query("S", "timeseries", `{"groupBy":["severity"],"bucket":"1h"}`),
		)
		returned = append(returned, responseTexts(t, res)...)
		srv.SetBetweenPages(nil)
		opened := truth(func(r snowtest.Record) bool { return !r.Opened.Before(weekAgo) })
		all := frameOf(t, res, "T")
		if all.Rows() != opened {
			t.Errorf("tickets: %d rows, the instance has %d records opened in the last 7 days", all.Rows(), opened)
		}
		if n := srv.TokensIssued() - before; n < 2 {
			t.Errorf("%d tokens fetched: the expired one was not replaced", n)
		}
		ids, urls, sev, state := column(t, all, "id"), column(t, all, "url"), column(t, all, "severity"), column(t, all, "state")
		at := slices.Index(ids, "INC0010001")
		if at < 0 || urls[at] != srv.URL+"/nav_to.do?uri="+url.QueryEscape("/incident.do?sys_id="+snowtest.SysID("INC0010001")) || sev[at] != "Critical" {
			t.Fatalf("INC0010001 is not in the table with its form link and severity: %v", urls[max(at, 0)])
		}
		// Opened at base in UTC: the instance's Los Angeles display time would be 8 hours off.
		opField, _ := all.FieldByName("opened")
		if v, _ := opField.ConcreteAt(at); !v.(time.Time).Equal(base) {
			t.Errorf("INC0010001 opened %v, want %v (UTC)", v, base)
		}
		if c := state[slices.Index(ids, "INC0010005")]; c != "closed" {
			t.Errorf("INC0010005 (Canceled) is %s, want closed", c)
		}
		counts := breakdownCounts(frameOf(t, res, "B"))
		want := truth(func(r snowtest.Record) bool { return !r.Opened.Before(weekAgo) && r.AssignmentGroup == "Database" })
		if int(counts["Database"]) != want {
			t.Errorf("breakdown by assignment group: %v, want Database %d", counts, want)
		}
		if f, _ := frameOf(t, res, "N").FieldByName("opened"); f == nil {
			t.Error("stats has no opened field")
		}
	})

	t.Run("an update is picked up by the next poll", func(t *testing.T) {
		pc := synced
		srv.Update("INC0010002", time.Now(), func(r *snowtest.Record) { r.State, r.Active = 6, false; now := time.Now().UTC(); r.Resolved = &now })
		eventually(t, 40*time.Second, func() string {
			res := g.queryData(t, pc, query("T", "tickets", `{"filter":{"key":"id","operator":"=","value":"INC0010002"}}`))
			f := frameOf(t, res, "T")
			if f.Rows() == 1 && column(t, f, "state")[0] == "closed" && column(t, f, "status")[0] == "Resolved" {
				return ""
			}
			return fmt.Sprintf("INC0010002 after its resolution: %v %v", column(t, f, "status"), column(t, f, "state"))
		})
	})
}

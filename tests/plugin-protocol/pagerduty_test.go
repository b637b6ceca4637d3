//go:build integration

package pluginprotocol

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/genproto/pluginv2"

	"github.com/spacetime/tickets/pkg/connector/pagerduty/pdtest"
)

// TestPagerDutyOverGrafanaProtocol runs the built executable against a replayed PagerDuty account: Save &
// test (user and account-level keys, US and EU, a wrong key), every query type with teams multi-valued,
// and a resolution found through the log entries by the next poll.
func TestPagerDutyOverGrafanaProtocol(t *testing.T) {
	g := startPlugin(t)
	var returned []string
	secretsNeverReturned(t, g, &returned, pdtest.APIKey)
	now := time.Now().UTC()
	base := now.Add(-12 * time.Hour).Truncate(time.Hour)
	incidents := append(pdtest.Sample(base), pdtest.Generate(300, now.Add(-5*24*time.Hour), 20*time.Minute)...)
	srv := pdtest.New(t, incidents, pdtest.Options{})
	acct := pdtest.New(t, pdtest.Sample(base), pdtest.Options{AccountKey: true})
	jd := func(u string, extra ...any) map[string]any {
		m := map[string]any{"system": "pagerduty", "url": u}
		for i := 0; i+1 < len(extra); i += 2 {
			m[extra[i].(string)] = extra[i+1]
		}
		return m
	}
	key := map[string]string{"apiKey": pdtest.APIKey}
	weekAgo := now.Add(-7 * 24 * time.Hour)
	truth := func(keep func(pdtest.Incident) bool) int {
		n := 0
		for _, inc := range srv.Incidents() {
			if keep(inc) {
				n++
			}
		}
		return n
	}

	t.Run("health", func(t *testing.T) {
		res := g.checkHealth(t, saasContext(601, "PagerDuty", jd(srv.URL), key))
		returned = append(returned, res.Message)
		re := regexp.MustCompile(`^Connected to PagerDuty at ` + regexp.QuoteMeta(srv.URL) + ` \(US service region\) as Alice Example; every service and team the key sees; (\d+) incidents created in the last 7 days visible; changes are read from the log entries\.$`)
		m := re.FindStringSubmatch(res.Message)
		if res.Status != pluginv2.CheckHealthResponse_OK || m == nil {
			t.Fatalf("%v %q", res.Status, res.Message)
		}
		if n, _ := strconv.Atoi(m[1]); n != truth(func(i pdtest.Incident) bool { return !i.Created.Before(weekAgo) }) {
			t.Errorf("health counts %d incidents", n)
		}
		eu := g.checkHealth(t, saasContext(602, "PagerDuty", jd(acct.URL, "region", "eu", "serviceIds", []string{pdtest.ServiceID("Search")}), key))
		want := fmt.Sprintf("(EU service region) with an account-level API key; services %s; 1 incident created", pdtest.ServiceID("Search"))
		if eu.Status != pluginv2.CheckHealthResponse_OK || !strings.Contains(eu.Message, want) {
			t.Errorf("EU, account key, one service: %q\nwant it to contain %q", eu.Message, want)
		}
		wrong := g.checkHealth(t, saasContext(603, "PagerDuty", jd(srv.URL), map[string]string{"apiKey": "wrong-key-00000"}))
		bad := g.checkHealth(t, saasContext(604, "PagerDuty", jd(srv.URL, "teamIds", []string{"sre"}), key))
		returned = append(returned, eu.Message, wrong.Message, bad.Message)
		if want := "PagerDuty rejected the API key (401): check the API key (Integrations → API Access Keys) and that the URL is your account's service region (US or EU)."; wrong.Message != want {
			t.Errorf("wrong key: %q", wrong.Message)
		}
		if !strings.HasPrefix(bad.Message, `The team ids setting's entry 1 ("sre") is not a PagerDuty id`) {
			t.Errorf("bad team id: %q", bad.Message)
		}
	})

	pc := saasContext(610, "PagerDuty", jd(srv.URL), key)
	t.Run("queries", func(t *testing.T) {
		res := g.queryData(t, pc,
			query("T", "tickets", `{"limit":100000}`),
			query("F", "tickets", `{"filter":{"key":"teams","operator":"=","value":"SRE"}}`),
			query("B", "breakdown", `{"groupBy":["teams"],"topN":5}`),
			query("N", "stats", `{}`),
			query("S", "timeseries", `{"groupBy":["severity"],"bucket":"1h"}`),
		)
		returned = append(returned, responseTexts(t, res)...)
		opened := truth(func(i pdtest.Incident) bool { return !i.Created.Before(weekAgo) })
		all := frameOf(t, res, "T")
		if all.Rows() != opened {
			t.Errorf("tickets: %d rows, the account has %d incidents created in the last 7 days", all.Rows(), opened)
		}
		ids, urls, sev := column(t, all, "id"), column(t, all, "url"), column(t, all, "severity")
		at := slices.Index(ids, "101")
		if at < 0 || urls[at] != "https://acme.pagerduty.com/incidents/Q1AB2CD" || sev[at] != "P1" {
			t.Fatalf("incident 101 is not in the table with its html_url and priority")
		}
		if s := sev[slices.Index(ids, "102")]; s != "low" {
			t.Errorf("incident 102 (no priority, low urgency) has severity %q", s)
		}
		inTeam := func(team string) int {
			return truth(func(i pdtest.Incident) bool { return !i.Created.Before(weekAgo) && slices.Contains(i.Teams, team) })
		}
		if n := frameOf(t, res, "F").Rows(); n != inTeam("SRE") {
			t.Errorf("teams = SRE: %d rows, want %d (any of the teams matches)", n, inTeam("SRE"))
		}
		// A ticket counts once under each of its teams.
		counts := breakdownCounts(frameOf(t, res, "B"))
		if int(counts["SRE"]) != inTeam("SRE") || int(counts["Payments"]) != inTeam("Payments") {
			t.Errorf("breakdown by teams %v, want SRE %d and Payments %d", counts, inTeam("SRE"), inTeam("Payments"))
		}
	})

	t.Run("a resolution is found through the log entries", func(t *testing.T) {
		srv.Update(101, time.Now(), "resolve", func(i *pdtest.Incident) { r := time.Now().UTC(); i.Status, i.Resolved = "resolved", &r })
		eventually(t, 40*time.Second, func() string {
			res := g.queryData(t, pc, query("T", "tickets", `{"filter":{"key":"id","operator":"=","value":"101"}}`))
			f := frameOf(t, res, "T")
			if f.Rows() == 1 && column(t, f, "state")[0] == "closed" {
				return ""
			}
			return fmt.Sprintf("incident 101 after its resolution: %v", column(t, f, "status"))
		})
		var logReads int
		for _, rq := range srv.Requests() {
			if rq.Path == "/log_entries" {
				logReads++
			}
		}
		if logReads == 0 {
			t.Error("the poll did not read /log_entries")
		}
	})
}

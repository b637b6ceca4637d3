//go:build integration

package pluginprotocol

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"
	"github.com/grafana/grafana-plugin-sdk-go/genproto/pluginv2"
)

// TestRequestTrackerOverGrafanaProtocol drives the built executable against live Request Tracker 5: Save &
// test, the backfill and every query type checked against counts read from RT's own database, then a
// create, an edit, a resolve, a reopen and a delete made in RT, each seen by the next poll.
func TestRequestTrackerOverGrafanaProtocol(t *testing.T) {
	r := rtFromEnv(t)
	g := startPlugin(t)
	pc := rtContext(31, r, r.token, nil)
	var returned []string
	t.Cleanup(func() {
		returned = append(returned, g.logs.String())
		for _, text := range returned {
			if strings.Contains(text, r.token) {
				t.Errorf("the auth token appears in what the plugin returned or logged: %.300s", text)
			}
		}
	})

	t.Run("Save & test names the version, the user and the scope", func(t *testing.T) {
		res := g.checkHealth(t, pc)
		returned = append(returned, res.Message)
		re := regexp.MustCompile(`^Connected to Request Tracker 5\.\d+\.\d+ at ` + regexp.QuoteMeta(r.url) + ` as spacetime; TicketSQL scope "` +
			regexp.QuoteMeta(rtScope) + `" is valid; severity from custom field "Severity"; (\d+) tickets? updated in the last 7 days visible\.$`)
		m := re.FindStringSubmatch(res.Message)
		if res.Status != pluginv2.CheckHealthResponse_OK || m == nil {
			t.Fatalf("%v %q does not match %s", res.Status, res.Message, re)
		}
		if n, _ := strconv.Atoi(m[1]); n == 0 {
			t.Errorf("no tickets: %q", res.Message)
		}
		t.Logf("health: %s", res.Message)
	})

	began := time.Now()
	ready := g.waitFor(t, pc, "the backfill is done", 3*time.Minute, func(s syncStatus) bool { return s.State == "ready" })
	t.Logf("backfill: %d tickets in %v", ready.Tickets, time.Since(began).Round(time.Millisecond))

	t.Run("Save & test failures name what to fix", func(t *testing.T) {
		cases := []struct {
			name string
			pc   *pluginv2.PluginContext
			want string
		}{
			{"a revoked token", rtContext(32, r, "1-35-00000000000000000000000000000bad", nil),
				"Request Tracker rejected the auth token (401): check the auth token in the datasource settings (RT: Logged in as → Settings → Auth Tokens); it may have been revoked."},
			{"a broken scope", rtContext(33, r, r.token, map[string]any{"ticketSQL": "Queue = 'Ops' AND ("}),
				`but: Request Tracker rejected the TicketSQL scope "Queue = 'Ops' AND (": Wrong query, expecting a OPEN_PAREN or KEYWORD`},
			{"a missing severity field", rtContext(34, r, r.token, map[string]any{"severityField": "Impact"}),
				`but: Request Tracker has no ticket custom field "Impact" that this user may see: check the severity custom field setting`},
		}
		for _, c := range cases {
			res := g.checkHealth(t, c.pc)
			returned = append(returned, res.Message)
			if res.Status != pluginv2.CheckHealthResponse_ERROR || !strings.Contains(res.Message, c.want) {
				t.Errorf("%s: %v %q, want ERROR containing %q", c.name, res.Status, res.Message, c.want)
			}
		}
	})

	t.Run("every query type agrees with RT's database", func(t *testing.T) {
		now := time.Now().Truncate(time.Second)
		from := now.Add(-7 * 24 * time.Hour)
		want := r.counts(t, from, now.Add(time.Second))
		inRange := func(q *pluginv2.DataQuery) *pluginv2.DataQuery {
			q.TimeRange = &pluginv2.TimeRange{FromEpochMS: from.UnixMilli(), ToEpochMS: now.UnixMilli() + 1000}
			return q
		}
		res := g.queryData(t, pc,
			inRange(query("T", "tickets", `{"limit":100000}`)),
			inRange(query("U", "tickets", `{"filter":{"key":"severity","operator":"=","value":"SEV1"},"limit":100000}`)),
			inRange(query("S", "timeseries", `{"groupBy":["severity"],"bucket":"1h"}`)),
			inRange(query("B", "breakdown", `{"groupBy":["service"],"topN":20}`)),
			inRange(query("R", "breakdown", `{"groupBy":["region"],"topN":20}`)),
			inRange(query("N", "stats", `{"stats":["opened","open","closed"]}`)),
		)
		returned = append(returned, responseTexts(t, res)...)
		frame := func(ref string) *data.Frame { return oneFrame(t, res, ref) }
		tf := frame("T")
		if tf.Rows() != want.Total || want.Total == 0 {
			t.Errorf("tickets: %d rows; RT's database has %d tickets opened in the window", tf.Rows(), want.Total)
		}
		for name, typ := range map[string]data.FieldType{"id": data.FieldTypeString, "title": data.FieldTypeString,
			"status": data.FieldTypeString, "severity": data.FieldTypeString, "queue": data.FieldTypeString, "owner": data.FieldTypeString,
			"service": data.FieldTypeString, "region": data.FieldTypeString, "opened": data.FieldTypeTime, "resolved": data.FieldTypeNullableTime} {
			if f, _ := tf.FieldByName(name); f == nil || f.Type() != typ {
				t.Errorf("tickets field %q: %v, want %v", name, f, typ)
			}
		}
		if f, _ := tf.FieldByName("url"); f != nil && !strings.HasPrefix(f.At(0).(string), r.url+"/Ticket/Display.html?id=") {
			t.Errorf("ticket link %q", f.At(0))
		}
		if n := frame("U").Rows(); n != want.Severity["SEV1"] || n == 0 {
			t.Errorf("tickets with severity SEV1: %d; RT's database has %d", n, want.Severity["SEV1"])
		}
		bySeverity := map[string]int{}
		for _, f := range frame("S").Fields[1:] {
			for i := 0; i < f.Len(); i++ {
				v, _ := f.ConcreteAt(i)
				bySeverity[f.Labels["severity"]] += int(asFloat(v))
			}
		}
		if !sameCounts(bySeverity, want.Severity) {
			t.Errorf("hourly series by severity sum to %v; RT's database has %v", bySeverity, want.Severity)
		}
		if got := breakdown(t, frame("B"), "service"); !sameCounts(got, want.Service) {
			t.Errorf("breakdown by service %v; RT's database has %v", got, want.Service)
		}
		if got := breakdown(t, frame("R"), "region"); !sameCounts(got, want.Region) {
			t.Errorf("breakdown by region %v; RT's database has %v", got, want.Region)
		}
		st := frame("N")
		for name, n := range map[string]int{"opened": want.Total, "open": want.State["open"], "closed": want.State["closed"]} {
			f, _ := st.FieldByName(name)
			if f == nil {
				t.Errorf("stats has no %s", name)
				continue
			}
			if v, _ := f.ConcreteAt(0); int(asFloat(v)) != n {
				t.Errorf("stats %s = %v; RT's database says %d", name, v, n)
			}
		}
		t.Logf("window: %d tickets (%v), severity %v", want.Total, want.State, want.Severity)
	})

	t.Run("create, edit, resolve, reopen and delete are each seen by the next poll", func(t *testing.T) {
		stamp := time.Now().Format("150405")
		a := r.create(t, "Checkout fails "+stamp, 100, map[string]string{"Service": "checkout", "Region": "EMEA", "Severity": "SEV1"})
		b := r.create(t, "Search is slow "+stamp, 50, map[string]string{"Service": "search", "Severity": "SEV3"})
		c := r.create(t, "Duplicate "+stamp, 0, nil)
		row := seenByNextPoll(t, g, pc, "the created tickets", func() bool { return ticketRow(t, g, pc, c) != nil }, a)
		if row["title"] != "Checkout fails "+stamp || row["service"] != "checkout" || row["region"] != "EMEA" || row["severity"] != "SEV1" ||
			row["state"] != "open" || row["status"] != "new" || row["queue"] != "Ops" || row["resolved"] != "" {
			t.Errorf("created ticket %s as the plugin shows it: %v", a, row)
		}

		r.update(t, a, map[string]any{"Subject": "Checkout fails for EMEA cards " + stamp, "CustomFields": map[string]string{"Service": "payments"}})
		r.update(t, b, map[string]any{"Status": "resolved"})
		r.remove(t, c)
		seenByNextPoll(t, g, pc, "the edit, the resolve and the delete", func() bool {
			ra, rb := ticketRow(t, g, pc, a), ticketRow(t, g, pc, b)
			return ticketRow(t, g, pc, c) == nil && ra != nil && ra["service"] == "payments" && rb != nil && rb["state"] == "closed"
		}, a)
		if ra := ticketRow(t, g, pc, a); ra["title"] != "Checkout fails for EMEA cards "+stamp {
			t.Errorf("edited ticket: %v", ra)
		}
		rb := ticketRow(t, g, pc, b)
		if rb["status"] != "resolved" || rb["resolved"] == "" {
			t.Errorf("resolved ticket has no resolved time: %v", rb)
		}

		r.update(t, b, map[string]any{"Status": "open"})
		seenByNextPoll(t, g, pc, "the reopen", func() bool { rb := ticketRow(t, g, pc, b); return rb != nil && rb["state"] == "open" }, b)
		// RT keeps the Resolved date after a reopen; a reopened ticket is open, so it has none.
		if rb := ticketRow(t, g, pc, b); rb["status"] != "open" || rb["resolved"] != "" {
			t.Errorf("reopened ticket: %v", rb)
		}
		r.remove(t, a)
		r.remove(t, b)
	})

	t.Run("contrast names a burst made in RT, with RT's database's count", func(t *testing.T) {
		from := time.Now().Add(-10 * time.Minute).Truncate(time.Second)
		var burst []string
		for i := 0; i < 8; i++ {
			burst = append(burst, r.create(t, fmt.Sprintf("Stock sync stalls %d", i), 100, map[string]string{"Service": "inventory", "Region": "APAC", "Severity": "SEV1"}))
		}
		t.Cleanup(func() {
			for _, id := range burst {
				r.remove(t, id)
			}
		})
		seenByNextPoll(t, g, pc, "the burst", func() bool { return ticketRow(t, g, pc, burst[len(burst)-1]) != nil }, burst[0])
		to := time.Now().Add(time.Second).Truncate(time.Second)
		want := r.counts(t, from, to)
		// Against the rest of the 7-day window (seeded evenly), the burst stands out.
		q := query("C", "contrast", `{"baseline":"rest"}`)
		q.TimeRange = &pluginv2.TimeRange{FromEpochMS: from.UnixMilli(), ToEpochMS: to.UnixMilli()}
		f := oneFrame(t, g.queryData(t, pc, q), "C")
		names, _ := f.FieldByName("name")
		counts, _ := f.FieldByName("count")
		if names == nil || counts == nil || f.Rows() == 0 {
			t.Fatalf("contrast found nothing in a burst of %d inventory tickets: %d rows", len(burst), f.Rows())
		}
		got := map[string]int{}
		for i := 0; i < f.Rows(); i++ {
			v, _ := counts.ConcreteAt(i)
			got[names.At(i).(string)] = int(asFloat(v))
		}
		for name, n := range map[string]int{"service=inventory": want.Service["inventory"], "severity=SEV1": want.Severity["SEV1"]} {
			if c, ok := got[name]; !ok || c != n {
				t.Errorf("contrast %s: %d tickets (listed %v); RT's database has %d opened in the range", name, c, ok, n)
			}
		}
		t.Logf("contrast over the last 10 minutes: %v", got)
	})
}

// seenByNextPoll waits until ok holds and checks that it took at most two polls after the change (the poll
// running while the change was made may have read RT before it). It returns the plugin's row for id.
func seenByNextPoll(t *testing.T, g *grafana, pc *pluginv2.PluginContext, what string, ok func() bool, id string) map[string]string {
	t.Helper()
	p0 := g.syncStatus(t, pc).Polls
	began := time.Now()
	for !ok() {
		if st := g.syncStatus(t, pc); st.Polls > p0+2 || time.Since(began) > 90*time.Second {
			t.Fatalf("%s: not seen after %d polls (%v): %+v", what, st.Polls-p0, time.Since(began).Round(time.Second), st)
		}
		time.Sleep(500 * time.Millisecond)
	}
	t.Logf("%s: seen after %d polls, %v", what, g.syncStatus(t, pc).Polls-p0, time.Since(began).Round(100*time.Millisecond))
	return ticketRow(t, g, pc, id)
}

// ticketRow is the plugin's row for one ticket id (nil when it has none), as text.
func ticketRow(t *testing.T, g *grafana, pc *pluginv2.PluginContext, id string) map[string]string {
	t.Helper()
	res := g.queryData(t, pc, query("A", "tickets", fmt.Sprintf(`{"filter":{"key":"id","operator":"=","value":%q}}`, id)))
	dr := res.Responses["A"]
	if dr == nil || dr.Error != "" {
		t.Fatalf("tickets id=%s: %s", id, describe(dr))
	}
	fs := decodeFrames(t, dr)
	if len(fs) != 1 || fs[0].Rows() == 0 {
		return nil
	}
	row := map[string]string{}
	for _, f := range fs[0].Fields {
		switch v := f.At(0).(type) {
		case string:
			row[f.Name] = v
		case *string:
			if v != nil {
				row[f.Name] = *v
			}
		case time.Time:
			row[f.Name] = v.UTC().Format(time.RFC3339)
		case *time.Time:
			if v != nil {
				row[f.Name] = v.UTC().Format(time.RFC3339)
			}
		default:
			b, _ := json.Marshal(v)
			row[f.Name] = string(b)
		}
	}
	return row
}

// breakdown reads a breakdown frame (numeric-long: the value and a count per row) into counts per value.
func breakdown(t *testing.T, f *data.Frame, key string) map[string]int {
	t.Helper()
	values, _ := f.FieldByName(key)
	var counts *data.Field
	for _, fl := range f.Fields {
		if fl.Type().Numeric() {
			counts = fl
		}
	}
	if values == nil || counts == nil {
		t.Fatalf("breakdown by %s: fields %v", key, f.Fields)
	}
	out := map[string]int{}
	for i := 0; i < f.Rows(); i++ {
		v, _ := counts.ConcreteAt(i)
		s := fmt.Sprint(values.At(i))
		if p, ok := values.At(i).(*string); ok && p != nil {
			s = *p
		}
		out[s] += int(asFloat(v))
	}
	return out
}

// sameCounts compares counts per value, "" and the store's name for a missing value being the same.
func sameCounts(got, want map[string]int) bool {
	norm := func(m map[string]int) map[string]int {
		out := map[string]int{}
		for k, v := range m {
			if v != 0 {
				out[k] += v
			}
		}
		return out
	}
	g, w := norm(got), norm(want)
	if len(g) != len(w) {
		return false
	}
	for k, v := range w {
		if g[k] != v {
			return false
		}
	}
	return true
}

// TestRequestTrackerStoppedMidSync stops RT while the plugin backfills from it: queries keep answering with
// a notice that names the failure, and once RT is back the sync finishes with every ticket RT's database has.
func TestRequestTrackerStoppedMidSync(t *testing.T) {
	r := rtFromEnv(t)
	g := startPluginIn(t, t.TempDir())
	// One slice: the backfill fetches its pages one after another, so RT can be stopped between two of them.
	pc := rtContext(41, r, r.token, map[string]any{"backfillSlices": 1})
	var st rtSyncStatus
	for deadline := time.Now().Add(2 * time.Minute); ; time.Sleep(100 * time.Millisecond) {
		st = rtSync(t, g, pc)
		if st.BackfillLoaded > 0 && st.State == "backfilling" {
			break
		}
		if st.State == "ready" || time.Now().After(deadline) {
			t.Fatalf("the backfill was not caught under way: %+v", st)
		}
	}
	r.script(t, "stop")
	stopped := true
	t.Cleanup(func() {
		if stopped {
			r.script(t, "start")
		}
	})
	t.Logf("RT stopped with %d of %d tickets loaded", st.BackfillLoaded, st.BackfillTotal)

	var notice string
	// The framework retries each request for a while; then the backfill fails and the sync says so.
	for deadline := time.Now().Add(2 * time.Minute); !strings.HasPrefix(notice, "Showing the last good data"); time.Sleep(500 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("no notice naming Request Tracker while it is down; last %q, sync %+v", notice, rtSync(t, g, pc))
		}
		res := g.queryData(t, pc, query("A", "stats", `{"stats":["opened"]}`))
		dr := res.Responses["A"]
		if dr == nil || dr.Error != "" {
			t.Fatalf("a query while RT is down fails instead of answering with what was loaded: %s", describe(dr))
		}
		for _, f := range decodeFrames(t, dr) {
			if f.Meta != nil {
				for _, n := range f.Meta.Notices {
					if strings.Contains(n.Text, "Request Tracker at "+r.url) {
						notice = n.Text
					}
				}
			}
		}
	}
	t.Logf("notice while RT is down: %s", notice)
	if strings.Contains(notice, r.token) {
		t.Fatal("the notice holds the auth token")
	}

	r.script(t, "start")
	stopped = false
	began := time.Now()
	done := g.waitFor(t, pc, "the backfill finishes after RT is back", 5*time.Minute, func(s syncStatus) bool { return s.State == "ready" })
	now := time.Now().Truncate(time.Second)
	want := r.counts(t, now.Add(-7*24*time.Hour), now.Add(time.Second))
	res := g.queryData(t, pc, query("T", "tickets", `{"limit":100000}`))
	if fs := decodeFrames(t, res.Responses["T"]); len(fs) != 1 || fs[0].Rows() != want.Total {
		t.Fatalf("after the restart the plugin has %v rows; RT's database has %d tickets in the window", len(fs), want.Total)
	}
	t.Logf("RT back: the sync finished %v later with all %d tickets (store %d)", time.Since(began).Round(100*time.Millisecond), want.Total, done.Tickets)
}

type rtSyncStatus struct {
	State          string `json:"state"`
	BackfillLoaded int    `json:"backfillLoaded"`
	BackfillTotal  int    `json:"backfillTotal"`
	LastError      string `json:"lastError"`
}

func rtSync(t *testing.T, g *grafana, pc *pluginv2.PluginContext) rtSyncStatus {
	t.Helper()
	var st rtSyncStatus
	if err := json.Unmarshal(g.callResource(t, pc, "sync", "").Body, &st); err != nil {
		t.Fatal(err)
	}
	return st
}

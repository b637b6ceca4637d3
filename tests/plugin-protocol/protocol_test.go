//go:build integration

package pluginprotocol

import (
	"encoding/json"
	"fmt"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"
	"github.com/grafana/grafana-plugin-sdk-go/genproto/pluginv2"
)

const wrongKey = "0000000000000000000000000000000000000bad"

// TestPluginOverGrafanaProtocol starts the built executable once and asks it what a user's Grafana would.
func TestPluginOverGrafanaProtocol(t *testing.T) {
	rm := redmineFromEnv(t)
	g := startPlugin(t)
	good := pluginContext(1, rm.url, rm.key)
	bad := pluginContext(2, rm.url, wrongKey)

	// Every text the plugin hands back, checked for the API keys at the end.
	var returned []string
	t.Cleanup(func() {
		returned = append(returned, g.logs.String())
		for _, text := range returned {
			for _, key := range []string{rm.key, wrongKey} {
				if strings.Contains(text, key) {
					t.Errorf("an API key appears in what the plugin returned or logged: %.300s", text)
				}
			}
		}
	})

	t.Run("health OK with the ticket count", func(t *testing.T) {
		res := g.checkHealth(t, good)
		returned = append(returned, res.Message, string(res.JsonDetails))
		if res.Status != pluginv2.CheckHealthResponse_OK {
			t.Fatalf("status %v: %s", res.Status, res.Message)
		}
		where := ""
		if rm.project != "" {
			where = " in project " + regexp.QuoteMeta(rm.project)
		}
		re := regexp.MustCompile(`^Connected to Redmine at ` + regexp.QuoteMeta(rm.url) + ` as (\S+); (\d+) tickets? visible` + where + `$`)
		m := re.FindStringSubmatch(res.Message)
		if m == nil {
			t.Fatalf("message %q does not match %s", res.Message, re)
		}
		n, _ := strconv.Atoi(m[2])
		if total := rm.totalCount(t); n != total || n == 0 {
			t.Fatalf("health says %d tickets, Redmine says %d", n, total)
		}
		t.Logf("health: %s", res.Message)
	})

	t.Run("health with a wrong key says 401", func(t *testing.T) {
		res := g.checkHealth(t, bad)
		returned = append(returned, res.Message, string(res.JsonDetails))
		want := "Redmine rejected the API key (401): check the API key in the datasource settings."
		if res.Status != pluginv2.CheckHealthResponse_ERROR || res.Message != want {
			t.Fatalf("got %v %q, want ERROR %q", res.Status, res.Message, want)
		}
	})

	// Real Redmine answers project_id=<unknown> with an empty JSON 404.
	t.Run("an unknown project is named in health and queries", func(t *testing.T) {
		nope := pluginContextIn(4, rm.url, rm.key, "nope")
		want := `Redmine has no project "nope" visible to this API key: check the Project setting.`
		res := g.checkHealth(t, nope)
		returned = append(returned, res.Message, string(res.JsonDetails))
		if res.Status != pluginv2.CheckHealthResponse_ERROR || res.Message != want {
			t.Fatalf("health: got %v %q, want ERROR %q", res.Status, res.Message, want)
		}
		qr := g.queryData(t, nope, query("A", "tickets", `{}`))
		returned = append(returned, responseTexts(t, qr)...)
		if a := qr.Responses["A"]; a == nil || a.Error != want || a.ErrorSource != "downstream" {
			t.Fatalf("query: %s, want error %q", describe(a), want)
		}
	})

	t.Run("tickets query returns typed rows that exist in Redmine", func(t *testing.T) {
		res := g.queryData(t, good, query("A", "tickets", `{"refId":"A","queryType":"tickets","limit":250}`))
		returned = append(returned, responseTexts(t, res)...)
		dr := res.Responses["A"]
		if dr == nil || dr.Error != "" {
			t.Fatalf("response A: %s", describe(dr))
		}
		frames := decodeFrames(t, dr)
		if len(frames) != 1 || frames[0].Name != "tickets" {
			t.Fatalf("want one frame named tickets, got %d", len(frames))
		}
		f := frames[0]
		want := map[string]data.FieldType{
			"id": data.FieldTypeString, "title": data.FieldTypeString, "status": data.FieldTypeString,
			"severity": data.FieldTypeString, "tracker": data.FieldTypeString, "category": data.FieldTypeString,
			"project": data.FieldTypeString, "assignee": data.FieldTypeString, "service": data.FieldTypeString,
			"region": data.FieldTypeString, "opened": data.FieldTypeTime, "updated": data.FieldTypeTime,
			"resolved": data.FieldTypeNullableTime, "url": data.FieldTypeString,
		}
		for name, typ := range want {
			field, _ := f.FieldByName(name)
			if field == nil {
				t.Errorf("field %q missing", name)
			} else if field.Type() != typ {
				t.Errorf("field %q is %v, want %v", name, field.Type(), typ)
			}
		}
		if t.Failed() {
			t.FailNow()
		}
		total := rm.totalCount(t)
		if rows := f.Rows(); rows != min(250, total) {
			t.Fatalf("%d rows, want min(250, %d)", rows, total)
		}
		idField, _ := f.FieldByName("id")
		if links := idField.Config.Links; len(links) == 0 || links[0].URL == "" {
			t.Errorf("id field has no data link: %+v", idField.Config)
		}
		titles, _ := f.FieldByName("title")
		statuses, _ := f.FieldByName("status")
		updated, _ := f.FieldByName("updated")
		urls, _ := f.FieldByName("url")

		ids := make([]int64, f.Rows())
		for i := range ids {
			n, err := strconv.ParseInt(idField.At(i).(string), 10, 64)
			if err != nil {
				t.Fatalf("row %d: Redmine id %q is not a number", i, idField.At(i))
			}
			ids[i] = n
		}
		inRedmine := rm.byID(t, ids)
		for i, id := range ids {
			is, ok := inRedmine[id]
			if !ok {
				t.Errorf("row %d: ticket %d does not exist in Redmine", i, id)
				continue
			}
			if titles.At(i).(string) != is.Subject || statuses.At(i).(string) != is.Status.Name {
				t.Errorf("ticket %d: plugin says %q/%q, Redmine %q/%q", id, titles.At(i), statuses.At(i), is.Subject, is.Status.Name)
			}
			if u := urls.At(i).(string); u != fmt.Sprintf("%s/issues/%d", rm.url, id) {
				t.Errorf("ticket %d: url %q", id, u)
			}
			if i > 0 && updated.At(i).(time.Time).After(updated.At(i-1).(time.Time)) {
				t.Errorf("row %d is updated later than row %d: not most recently updated first", i, i-1)
			}
		}
		t.Logf("tickets: %d rows, %d fields, of %d in Redmine", f.Rows(), len(f.Fields), total)
	})

	t.Run("unknown query type next to a good one: one error, one frame", func(t *testing.T) {
		res := g.queryData(t, good,
			query("A", "tickets", `{"limit":5}`),
			query("B", "nope", `{}`),
		)
		returned = append(returned, responseTexts(t, res)...)
		a, b := res.Responses["A"], res.Responses["B"]
		if a == nil || a.Error != "" || len(decodeFrames(t, a)) != 1 || decodeFrames(t, a)[0].Rows() != 5 {
			t.Fatalf("A: %s", describe(a))
		}
		if b == nil || b.Error != `Unknown query type "nope": this datasource answers "tickets", "timeseries", "breakdown", "stats" and "contrast".` || len(b.Frames) != 0 {
			t.Fatalf("B: %s", describe(b))
		}
		if b.Status != 400 {
			t.Errorf("B: status %d, want 400", b.Status)
		}
	})

	t.Run("malformed query JSON fails that query only", func(t *testing.T) {
		res := g.queryData(t, good, query("A", "tickets", `{"limit":`), query("B", "tickets", `{"limit":1}`))
		returned = append(returned, responseTexts(t, res)...)
		if a := res.Responses["A"]; a == nil || !strings.Contains(a.Error, "the query JSON is malformed") {
			t.Fatalf("A: %s", describe(a))
		}
		if b := res.Responses["B"]; b == nil || b.Error != "" {
			t.Fatalf("B: %s", describe(b))
		}
	})

	// Redmine answers a wrong key as the anonymous user (public projects still list issues): the plugin must
	// not quietly show those.
	t.Run("a query with a wrong key is a downstream 401", func(t *testing.T) {
		res := g.queryData(t, bad, query("A", "tickets", `{}`))
		returned = append(returned, responseTexts(t, res)...)
		a := res.Responses["A"]
		if a == nil || a.Status != 401 || a.ErrorSource != "downstream" ||
			a.Error != "Redmine rejected the API key (401): check the API key in the datasource settings." {
			t.Fatalf("A: %s", describe(a))
		}
	})

	t.Run("the plugin's logs reach Grafana", func(t *testing.T) {
		// The failed query above is logged by the plugin (on stderr, relayed by go-plugin).
		deadline := time.Now().Add(5 * time.Second)
		for !strings.Contains(g.logs.String(), "Query failed") {
			if time.Now().After(deadline) {
				t.Fatalf("no plugin log line about the failed query; plugin output:\n%s", g.logs.String())
			}
			time.Sleep(50 * time.Millisecond)
		}
	})
}

// describe summarises a DataResponse without its (binary) frames.
func describe(dr *pluginv2.DataResponse) string {
	if dr == nil {
		return "no response"
	}
	return fmt.Sprintf("status=%d errorSource=%q error=%q frames=%d", dr.Status, dr.ErrorSource, dr.Error, len(dr.Frames))
}

// responseTexts returns every text of a QueryData response: errors, JSON meta and the frames as JSON.
func responseTexts(t *testing.T, res *pluginv2.QueryDataResponse) []string {
	t.Helper()
	var out []string
	for _, dr := range res.Responses {
		out = append(out, dr.Error, string(dr.JsonMeta))
		for _, f := range decodeFrames(t, dr) {
			b, err := json.Marshal(f)
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, string(b))
		}
		for _, raw := range dr.Frames {
			out = append(out, string(raw))
		}
	}
	return out
}

// oneFrame is the single frame a query answered with; anything else fails the test.
func oneFrame(t *testing.T, res *pluginv2.QueryDataResponse, ref string) *data.Frame {
	t.Helper()
	dr := res.Responses[ref]
	if dr == nil || dr.Error != "" {
		t.Fatalf("%s: %s", ref, describe(dr))
	}
	fs := decodeFrames(t, dr)
	if len(fs) != 1 {
		t.Fatalf("%s: %d frames", ref, len(fs))
	}
	return fs[0]
}

func decodeFrames(t *testing.T, dr *pluginv2.DataResponse) data.Frames {
	t.Helper()
	if len(dr.Frames) == 0 {
		return nil
	}
	if dr.Format == pluginv2.DataFrameFormat_JSON {
		var frames data.Frames
		for _, raw := range dr.Frames {
			f := &data.Frame{}
			if err := json.Unmarshal(raw, f); err != nil {
				t.Fatalf("frame JSON: %v", err)
			}
			frames = append(frames, f)
		}
		return frames
	}
	frames, err := data.UnmarshalArrowFrames(dr.Frames)
	if err != nil {
		t.Fatalf("frames (arrow): %v", err)
	}
	return frames
}

// TestEveryQueryTypeAndResourceOverGrafanaProtocol runs each query type and each resource through the built
// executable against live Redmine, and checks the answers against what Redmine itself says.
func TestEveryQueryTypeAndResourceOverGrafanaProtocol(t *testing.T) {
	rm := redmineFromEnv(t)
	g := startPlugin(t)
	pc := pluginContext(3, rm.url, rm.key)
	// The counts below are Redmine's whole window: wait for the backfill (a query during it answers with what
	// has been loaded so far and a notice, which TestPluginOverGrafanaProtocol checks).
	g.waitFor(t, pc, "the backfill is done", 3*time.Minute, func(s syncStatus) bool { return s.State == "ready" })
	// Whole seconds, and one range for Redmine's counts and every query: Redmine compares created_on in seconds,
	// so a ticket opened in the boundary's second would otherwise count on one side only.
	now := time.Now().Truncate(time.Second)
	from := now.Add(-7 * 24 * time.Hour)
	inWindow := rm.countWhere(t, url.Values{"created_on": {">=" + from.UTC().Format(time.RFC3339)}})
	urgent := rm.countWhere(t, url.Values{"created_on": {">=" + from.UTC().Format(time.RFC3339)}, "priority_id": {"4"}})
	inRange := func(q *pluginv2.DataQuery) *pluginv2.DataQuery {
		q.TimeRange = &pluginv2.TimeRange{FromEpochMS: from.UnixMilli(), ToEpochMS: now.UnixMilli()}
		return q
	}

	res := g.queryData(t, pc,
		inRange(query("T", "tickets", `{"filter":{"key":"severity","operator":"=","value":"Urgent"},"limit":100000}`)),
		inRange(query("S", "timeseries", `{"groupBy":["severity"],"bucket":"1h"}`)),
		inRange(query("B", "breakdown", `{"groupBy":["service"],"topN":5}`)),
		inRange(query("N", "stats", `{}`)),
		inRange(query("X", "tickets", `{"search":"checkout","filter":{"key":"title","operator":"=~","value":"("}}`)),
	)
	for _, text := range responseTexts(t, res) {
		if strings.Contains(text, rm.key) {
			t.Fatalf("the API key appears in a response")
		}
	}
	frame := func(ref string) *data.Frame { return oneFrame(t, res, ref) }
	if rows := frame("T").Rows(); rows != urgent || urgent == 0 {
		t.Errorf("tickets severity = Urgent: %d rows; Redmine has %d Urgent tickets opened in the last 7 days", rows, urgent)
	}

	ts := frame("S")
	if ts.Meta == nil || ts.Meta.Type != data.FrameTypeTimeSeriesWide {
		t.Fatalf("timeseries frame is not dataplane timeseries-wide: %+v", ts.Meta)
	}
	total := 0.0
	for _, f := range ts.Fields[1:] {
		if f.Labels["severity"] == "" {
			t.Errorf("series %s has no severity label", f.Name)
		}
		for i := 0; i < f.Len(); i++ {
			v, _ := f.ConcreteAt(i)
			total += asFloat(v)
		}
	}
	if int(total) != inWindow {
		t.Errorf("the hourly series sum to %v tickets; Redmine has %d opened in the window", total, inWindow)
	}

	bd := frame("B")
	if bd.Meta == nil || bd.Meta.Type != data.FrameTypeNumericLong || bd.Rows() != 6 {
		t.Errorf("breakdown: meta %+v, %d rows; want numeric-long with the top 5 services and other", bd.Meta, bd.Rows())
	}

	st := frame("N")
	opened, _ := st.FieldByName("opened")
	if opened == nil {
		t.Fatalf("stats frame has no opened field: %v", st.Fields)
	}
	if v, _ := opened.ConcreteAt(0); int(asFloat(v)) != inWindow {
		t.Errorf("stats opened = %v; Redmine has %d opened in the window", v, inWindow)
	}

	if x := res.Responses["X"]; x == nil || !strings.Contains(x.Error, "invalid regex") || x.Status != 400 {
		t.Errorf("X (invalid regex): %s", describe(x))
	}

	ctx := func(path, q string) []byte {
		r := g.callResource(t, pc, path, q)
		if r.Status != 200 {
			t.Fatalf("resource %s?%s: %d %s", path, q, r.Status, r.Body)
		}
		if strings.Contains(string(r.Body), rm.key) {
			t.Fatalf("the API key appears in resource %s", path)
		}
		return r.Body
	}
	var fields []struct{ Key, Name, Type string }
	if err := json.Unmarshal(ctx("fields", ""), &fields); err != nil || len(fields) < 12 {
		t.Fatalf("fields: %v %v", err, fields)
	}
	var values []struct {
		Value string
		Count int
	}
	if err := json.Unmarshal(ctx("values", "field=region&from="+strconv.FormatInt(from.UnixMilli(), 10)), &values); err != nil || len(values) == 0 {
		t.Fatalf("values: %v %v", err, values)
	}
	sum := 0
	for _, v := range values {
		sum += v.Count
	}
	if sum != inWindow {
		t.Errorf("region values count %d tickets, want %d", sum, inWindow)
	}
	var status struct {
		State   string
		Tickets int
	}
	if err := json.Unmarshal(ctx("sync", ""), &status); err != nil || status.State != "ready" || status.Tickets < inWindow {
		t.Errorf("sync status: %v %+v", err, status)
	}
	t.Logf("live: %d tickets in the window, %d urgent; %d series; sync %+v", inWindow, urgent, len(ts.Fields)-1, status)
}

func asFloat(v any) float64 {
	switch n := v.(type) {
	case float64:
		return n
	case int64:
		return float64(n)
	case uint64:
		return float64(n)
	}
	return 0
}

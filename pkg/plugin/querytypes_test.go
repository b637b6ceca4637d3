package plugin

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/spacetime/tickets/pkg/connector/redmine/redminetest"
	"github.com/spacetime/tickets/pkg/syncer"
)

func TestEveryQueryTypeInOneRequest(t *testing.T) {
	f := newFixture(t, apiKey, redminetest.SampleIssues())
	resp := f.query(t, apiKey,
		dataQuery("T", "tickets", `{"filter":{"key":"service","operator":"=~","value":"pay.*|refunds"}}`),
		dataQuery("S", "timeseries", `{"groupBy":["severity"],"bucket":"1d"}`),
		dataQuery("B", "breakdown", `{"groupBy":["region"]}`),
		dataQuery("N", "stats", `{"stats":["opened","open"]}`),
	)
	for ref, r := range resp.Responses {
		if r.Error != nil || len(r.Frames) != 1 {
			t.Fatalf("%s: %v (%d frames)", ref, r.Error, len(r.Frames))
		}
	}
	if rows := resp.Responses["T"].Frames[0].Rows(); rows != 2 {
		t.Errorf("tickets with service =~ pay.*|refunds: %d rows, want 2", rows)
	}
	ts := resp.Responses["S"].Frames[0]
	if ts.Meta.Type != data.FrameTypeTimeSeriesWide || len(ts.Fields) != 5 || ts.Fields[0].Type() != data.FieldTypeTime {
		t.Errorf("timeseries frame: type %q, %d fields", ts.Meta.Type, len(ts.Fields))
	}
	for _, fld := range ts.Fields[1:] {
		if fld.Labels["severity"] == "" {
			t.Errorf("series %q has no severity label", fld.Name)
		}
	}
	if bd := resp.Responses["B"].Frames[0]; bd.Meta.Type != data.FrameTypeNumericLong {
		t.Errorf("breakdown frame type %q", bd.Meta.Type)
	}
	st := resp.Responses["N"].Frames[0]
	opened, _ := st.FieldByName("opened")
	if st.Meta.Type != data.FrameTypeNumericWide || opened == nil {
		t.Fatalf("stats frame: type %q, fields %v", st.Meta.Type, st.Fields)
	}
	if v, _ := opened.ConcreteAt(0); toFloat(v) != 4 {
		t.Errorf("opened in range = %v, want 4", v)
	}
}

func toFloat(v any) float64 {
	switch n := v.(type) {
	case float64:
		return n
	case int64:
		return float64(n)
	}
	return -1
}

func TestBadInputFailsOnlyItsQuery(t *testing.T) {
	f := newFixture(t, apiKey, redminetest.SampleIssues())
	impossible := dataQuery("R", "tickets", `{}`)
	impossible.TimeRange = backend.TimeRange{From: time.Date(2026, 10, 8, 0, 0, 0, 0, time.UTC), To: time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)}
	resp := f.query(t, apiKey,
		dataQuery("OK", "tickets", `{"limit":1}`),
		dataQuery("F", "tickets", `{"filter":{"key":"servcie","operator":"=","value":"x"}}`),
		dataQuery("X", "breakdown", `{"groupBy":["region"],"filters":[{"key":"title","operator":"=~","value":"Card("}]}`),
		dataQuery("W", "timeseries", `{"groupBy":{"severity":true}}`),
		impossible,
	)
	if r := resp.Responses["OK"]; r.Error != nil || r.Frames[0].Rows() != 1 {
		t.Fatalf("OK: %v", r.Error)
	}
	for ref, wants := range map[string][]string{
		"F": {"Query F:", `unknown field "servcie"`},
		"X": {"Query X:", "invalid regex", "Card(", `"title"`},
		"W": {"Query W:", "groupBy"},
		"R": {"Query R:", "time range is impossible"},
	} {
		r := resp.Responses[ref]
		if r.Error == nil || r.Status != backend.StatusBadRequest {
			t.Errorf("%s: %+v, want a 400 error", ref, r)
			continue
		}
		for _, w := range wants {
			if !strings.Contains(r.Error.Error(), w) {
				t.Errorf("%s: error %q does not contain %q", ref, r.Error, w)
			}
		}
	}
}

func TestRedmineDownServesLastGoodDataWithANotice(t *testing.T) {
	f := newFixture(t, apiKey, redminetest.SampleIssues())
	f.query(t, apiKey, dataQuery("A", "tickets", `{}`)) // backfilled and the key checked
	f.srv.Close()
	ds := f.ds
	ds.sync.Stop() // replace the hour-long poll with a fast one against the closed server
	ds.sync = syncer.New(ds.sync.Connector(), ds.store, syncer.Config{Window: 5 * 365 * 24 * time.Hour, PollInterval: 10 * time.Millisecond}, "Redmine",
		func(err error) string { msg, _ := ds.explain(err); return msg }, ds.log)
	ds.sync.Start()
	deadline := time.Now().Add(5 * time.Second)
	for ds.sync.Status().State == syncer.StateReady || ds.sync.Status().LastError == "" {
		if time.Now().After(deadline) {
			t.Fatalf("the sync never noticed Redmine is gone: %+v", ds.sync.Status())
		}
		time.Sleep(10 * time.Millisecond)
	}
	resp := f.query(t, apiKey, dataQuery("A", "tickets", `{}`))
	r := resp.Responses["A"]
	if r.Error != nil || r.Frames[0].Rows() != 4 {
		t.Fatalf("with Redmine down: %v", r.Error)
	}
	notices := r.Frames[0].Meta.Notices
	if len(notices) == 0 || !strings.Contains(notices[0].Text, "Cannot reach Redmine") {
		t.Fatalf("notices %+v, want one that says Redmine cannot be reached", notices)
	}
}

func (f *fixture) resource(t *testing.T, path string) (int, []byte) {
	t.Helper()
	var status int
	var body []byte
	p, _, _ := strings.Cut(path, "?")
	err := f.ds.CallResource(context.Background(), &backend.CallResourceRequest{Path: p, Method: "GET", URL: path},
		backend.CallResourceResponseSenderFunc(func(r *backend.CallResourceResponse) error {
			if r.Status != 0 {
				status = r.Status
			}
			body = append(body, r.Body...)
			return nil
		}))
	if err != nil {
		t.Fatal(err)
	}
	assertNoKey(t, "resource "+path, string(body), apiKey)
	return status, body
}

func TestResources(t *testing.T) {
	f := newFixture(t, apiKey, redminetest.SampleIssues())
	status, body := f.resource(t, "fields")
	var fields []struct{ Key, Name, Type string }
	if status != 200 || json.Unmarshal(body, &fields) != nil || len(fields) < 10 || fields[0].Key != "id" {
		t.Fatalf("fields: %d %s", status, body)
	}
	has := map[string]string{}
	for _, fl := range fields {
		has[fl.Key] = fl.Name
	}
	if has["service"] != "Service" || has["opened"] == "" {
		t.Errorf("fields lack the Service dimension or opened: %s", body)
	}

	status, body = f.resource(t, `values?field=service&filters=[{"key":"severity","operator":"!=","value":"Normal"}]`)
	var values []struct {
		Value string
		Count int
	}
	if status != 200 || json.Unmarshal(body, &values) != nil || len(values) != 3 {
		t.Fatalf("values: %d %s", status, body)
	}

	for path, want := range map[string]string{
		"values":                 "the field parameter is missing",
		"values?field=nope":      `unknown field "nope"`,
		"values?field=id&from=x": "from must be a time in epoch milliseconds",
		`values?field=service&filters=[{"key":"title","operator":"=~","value":"("}]`: "invalid regex",
	} {
		status, body := f.resource(t, path)
		var msg struct{ Message string }
		_ = json.Unmarshal(body, &msg)
		if status != 400 || !strings.Contains(msg.Message, want) {
			t.Errorf("%s: %d %s, want 400 with %q", path, status, body, want)
		}
	}

	status, body = f.resource(t, "sync")
	var st syncer.Status
	if status != 200 || json.Unmarshal(body, &st) != nil || st.State != syncer.StateReady || st.Tickets != 4 {
		t.Fatalf("sync: %d %s", status, body)
	}
}

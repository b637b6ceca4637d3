package plugin

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/backend/log"
	"github.com/grafana/grafana-plugin-sdk-go/data"
	"github.com/grafana/grafana-plugin-sdk-go/experimental"

	"github.com/spacetime/tickets/pkg/connector/redmine/redminetest"
	"github.com/spacetime/tickets/pkg/settings"
	"github.com/spacetime/tickets/pkg/syncer"
)

var updateGolden = flag.Bool("update", false, "rewrite the golden files in testdata/")

const (
	apiKey = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b"
	// publicURL is the Redmine URL the datasource is configured with; requests are routed to the fake server,
	// so golden files do not depend on the test server's random port.
	publicURL = "http://redmine.example"
)

// fixture is a datasource wired to a fake Redmine, with every log line it writes.
type fixture struct {
	srv  *redminetest.Server
	ds   *Datasource
	logs *captureLogger
}

func newFixture(t *testing.T, key string, issues []map[string]any) *fixture {
	t.Helper()
	return newProjectFixture(t, key, "", issues, nil)
}

// newProjectFixture is newFixture with the Project setting; prepare, if given, sets up the fake Redmine (its
// projects) before the sync starts.
func newProjectFixture(t *testing.T, key, project string, issues []map[string]any, prepare func(*redminetest.Server)) *fixture {
	t.Helper()
	srv := redminetest.NewServer(t, apiKey, issues)
	if prepare != nil {
		prepare(srv)
	}
	target, _ := url.Parse(srv.URL)
	client := &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
		r = r.Clone(r.Context())
		r.URL.Scheme, r.URL.Host = target.Scheme, target.Host
		return http.DefaultTransport.RoundTrip(r)
	})}
	cfg, err := settings.Load(backend.DataSourceInstanceSettings{
		JSONData:                []byte(`{"url":"` + publicURL + `","system":"redmine","project":"` + project + `"}`),
		DecryptedSecureJSONData: map[string]string{"apiKey": key},
	})
	if err != nil {
		t.Fatal(err)
	}
	logs := &captureLogger{}
	// The fake's issues are from autumn 2026: a long window backfills them all.
	ds := newDatasource(cfg, nil, client, syncer.Config{Window: 5 * 365 * 24 * time.Hour, PollInterval: time.Hour}, logs)
	ds.startSync()
	t.Cleanup(ds.Dispose)
	t.Cleanup(func() { assertNoKey(t, "logs", logs.String(), key) })
	return &fixture{srv: srv, ds: ds, logs: logs}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func dataQuery(refID, queryType, jsonText string) backend.DataQuery {
	return backend.DataQuery{
		RefID:     refID,
		QueryType: queryType,
		JSON:      []byte(jsonText),
		TimeRange: backend.TimeRange{From: time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2026, 10, 8, 0, 0, 0, 0, time.UTC)},
	}
}

func (f *fixture) query(t *testing.T, key string, queries ...backend.DataQuery) *backend.QueryDataResponse {
	t.Helper()
	resp, err := f.ds.QueryData(context.Background(), &backend.QueryDataRequest{Queries: queries})
	if err != nil {
		t.Fatalf("QueryData failed as a whole: %v", err)
	}
	if len(resp.Responses) != len(queries) {
		t.Fatalf("%d responses for %d queries", len(resp.Responses), len(queries))
	}
	raw, err := json.Marshal(resp)
	if err != nil {
		t.Fatal(err)
	}
	assertNoKey(t, "query response", string(raw), key)
	return resp
}

func (f *fixture) health(t *testing.T, key string) *backend.CheckHealthResult {
	t.Helper()
	res, err := f.ds.CheckHealth(context.Background(), &backend.CheckHealthRequest{})
	if err != nil {
		t.Fatal(err)
	}
	assertNoKey(t, "health message", res.Message+string(res.JSONDetails), key)
	return res
}

func assertNoKey(t *testing.T, where, text, key string) {
	t.Helper()
	for _, k := range []string{key, apiKey} {
		if k != "" && strings.Contains(text, k) {
			t.Errorf("the API key appears in the %s: %s", where, text)
		}
	}
}

func TestCheckHealth(t *testing.T) {
	t.Run("ok", func(t *testing.T) {
		f := newFixture(t, apiKey, redminetest.SampleIssues())
		res := f.health(t, apiKey)
		want := "Connected to Redmine at http://redmine.example as admin; 4 tickets visible"
		if res.Status != backend.HealthStatusOk || res.Message != want {
			t.Fatalf("got %v %q, want OK %q", res.Status, res.Message, want)
		}
		current, counts := 0, 0
		for _, r := range f.srv.Requests() { // the sync's own requests run beside the health check's
			switch {
			case r.URL.Path == "/users/current.json":
				current++
			case r.URL.Query().Get("limit") == "1" && r.URL.Query().Get("status_id") == "*":
				counts++
			}
		}
		if current != 1 || counts != 1 {
			t.Fatalf("health asked /users/current.json %d times and counted issues %d times, want once each", current, counts)
		}
	})
	t.Run("wrong key", func(t *testing.T) {
		f := newFixture(t, "wrong-key-123", nil)
		res := f.health(t, "wrong-key-123")
		want := "Redmine rejected the API key (401): check the API key in the datasource settings."
		if res.Status != backend.HealthStatusError || res.Message != want {
			t.Fatalf("got %v %q", res.Status, res.Message)
		}
	})
	t.Run("REST disabled", func(t *testing.T) {
		f := newFixture(t, apiKey, nil)
		f.srv.DisableREST()
		res := f.health(t, apiKey)
		if res.Status != backend.HealthStatusError || !strings.Contains(res.Message, "Administration → Settings → API") {
			t.Fatalf("got %v %q", res.Status, res.Message)
		}
	})
	t.Run("unreachable", func(t *testing.T) {
		srv := httptest.NewServer(http.NotFoundHandler())
		srv.Close()
		ds, err := NewDatasource(context.Background(), backend.DataSourceInstanceSettings{
			Type:                    PluginID,
			JSONData:                []byte(`{"url":"` + srv.URL + `"}`),
			DecryptedSecureJSONData: map[string]string{"apiKey": apiKey},
		})
		if err != nil {
			t.Fatal(err)
		}
		defer ds.(*Datasource).Dispose()
		res, _ := ds.(*Datasource).CheckHealth(context.Background(), &backend.CheckHealthRequest{})
		prefix := "Cannot reach Redmine at " + srv.URL + ": "
		if res.Status != backend.HealthStatusError || !strings.HasPrefix(res.Message, prefix) || !strings.Contains(res.Message, "refused") {
			t.Fatalf("got %v %q", res.Status, res.Message)
		}
	})
	t.Run("missing API key", func(t *testing.T) {
		ds, err := NewDatasource(context.Background(), backend.DataSourceInstanceSettings{Type: PluginID, JSONData: []byte(`{"url":"http://r.example"}`)})
		if err != nil {
			t.Fatal(err)
		}
		res, _ := ds.(*Datasource).CheckHealth(context.Background(), &backend.CheckHealthRequest{})
		if res.Status != backend.HealthStatusError || res.Message != "The API key setting is missing: enter the Redmine API key in the datasource settings." {
			t.Fatalf("got %v %q", res.Status, res.Message)
		}
	})
	t.Run("through the SDK http client", func(t *testing.T) {
		srv := redminetest.NewServer(t, apiKey, redminetest.GenerateIssues(3, time.Now()))
		ds, err := NewDatasource(context.Background(), backend.DataSourceInstanceSettings{
			Type:                    PluginID,
			URL:                     srv.URL, // the datasource's own URL field
			JSONData:                []byte(`{}`),
			DecryptedSecureJSONData: map[string]string{"apiKey": apiKey},
		})
		if err != nil {
			t.Fatal(err)
		}
		defer ds.(*Datasource).Dispose()
		res, _ := ds.(*Datasource).CheckHealth(context.Background(), &backend.CheckHealthRequest{})
		if res.Status != backend.HealthStatusOk || !strings.HasSuffix(res.Message, "as admin; 3 tickets visible") {
			t.Fatalf("got %v %q", res.Status, res.Message)
		}
	})
}

func TestTicketsFrameGolden(t *testing.T) {
	f := newFixture(t, apiKey, redminetest.SampleIssues())
	resp := f.query(t, apiKey, dataQuery("A", "tickets", `{"refId":"A","queryType":"tickets","limit":10}`))
	dr := resp.Responses["A"]
	if dr.Error != nil {
		t.Fatal(dr.Error)
	}
	experimental.CheckGoldenJSONResponse(t, "testdata", "tickets", &dr, *updateGolden)

	frame := dr.Frames[0]
	wantTypes := map[string]data.FieldType{
		"id": data.FieldTypeString, "affected_teams": data.FieldTypeJSON, "title": data.FieldTypeString, "status": data.FieldTypeString,
		"severity": data.FieldTypeString, "tracker": data.FieldTypeString, "category": data.FieldTypeString,
		"project": data.FieldTypeString, "assignee": data.FieldTypeString, "service": data.FieldTypeString,
		"region": data.FieldTypeString, "opened": data.FieldTypeTime, "updated": data.FieldTypeTime,
		"resolved": data.FieldTypeNullableTime, "url": data.FieldTypeString,
	}
	for name, typ := range wantTypes {
		field, _ := frame.FieldByName(name)
		if field == nil || field.Type() != typ {
			t.Errorf("field %q: got %v, want %v", name, field, typ)
		}
	}
	if frame.Name != "tickets" || frame.Rows() != 4 {
		t.Fatalf("frame %q with %d rows", frame.Name, frame.Rows())
	}
}

func issuePages(srv *redminetest.Server) int {
	pages := 0
	for _, r := range srv.Requests() {
		if r.URL.Path == "/issues.json" {
			pages++
		}
	}
	return pages
}

func TestQueriesAnswerFromTheStoreNotFromRedmine(t *testing.T) {
	f := newFixture(t, apiKey, redminetest.GenerateIssues(1200, time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC)))
	q := dataQuery("A", "tickets", `{"limit":200000}`)
	q.TimeRange = backend.TimeRange{From: time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2026, 9, 2, 0, 0, 0, 0, time.UTC)}
	resp := f.query(t, apiKey, q)
	dr := resp.Responses["A"]
	if dr.Error != nil {
		t.Fatal(dr.Error)
	}
	if rows := dr.Frames[0].Rows(); rows != 1200 {
		t.Fatalf("%d rows, want all 1200 tickets opened that day", rows)
	}
	if notices := dr.Frames[0].Meta.Notices; len(notices) != 1 || !strings.Contains(notices[0].Text, "100000") {
		t.Fatalf("notices %v, want one about the maximum limit", notices)
	}
	backfill := issuePages(f.srv)
	// 12 pages of 100 for the time slice that holds the day, one empty page for each of the other 3 slices, and
	// at most one page more for each of the 3 that take over half of the busy one.
	if backfill < 12+3 || backfill > 12+3+3 {
		t.Errorf("the backfill took %d pages, want 12 pages of 100, 3 empty slices and at most 3 pages read twice", backfill)
	}
	for range 3 {
		f.query(t, apiKey, q, dataQuery("B", "breakdown", `{"groupBy":["service"]}`), dataQuery("C", "stats", `{}`))
	}
	if after := issuePages(f.srv); after != backfill {
		t.Errorf("three dashboard refreshes asked Redmine for %d more pages, want none", after-backfill)
	}
}

func TestQueryErrorsStayWithTheirQuery(t *testing.T) {
	f := newFixture(t, apiKey, redminetest.SampleIssues())
	resp := f.query(t, apiKey,
		dataQuery("A", "tickets", `{"limit":2}`),
		dataQuery("B", "tickets", `{"limit":`),
		dataQuery("C", "nonsense", `{}`),
		dataQuery("D", "", `{"limit":1}`),
		dataQuery("E", "tickets", `{"limit":"many"}`),
	)
	if a := resp.Responses["A"]; a.Error != nil || a.Frames[0].Rows() != 2 {
		t.Fatalf("A: %v", a.Error)
	}
	if d := resp.Responses["D"]; d.Error != nil || d.Frames[0].Rows() != 1 || d.Frames[0].Name != "tickets" {
		t.Fatalf("D (empty queryType means tickets): %v", d.Error)
	}
	for refID, want := range map[string]string{
		"B": "Query B: the query JSON is malformed: unexpected EOF.",
		"C": `Unknown query type "nonsense": this datasource answers "tickets", "timeseries", "breakdown", "stats" and "contrast".`,
		"E": `Query E: limit must be a whole number, got "many".`,
	} {
		r := resp.Responses[refID]
		if r.Error == nil || r.Error.Error() != want {
			t.Errorf("%s: error %v, want %q", refID, r.Error, want)
		}
		if r.Status != backend.StatusBadRequest || len(r.Frames) != 0 {
			t.Errorf("%s: status %v, %d frames", refID, r.Status, len(r.Frames))
		}
	}
}

func TestWrongKeyFailsQueriesThoughRedmineAnswersAnonymously(t *testing.T) {
	f := newFixture(t, "not-the-key-42", redminetest.SampleIssues())
	resp := f.query(t, "not-the-key-42", dataQuery("A", "tickets", `{}`))
	if r := resp.Responses["A"]; r.Error == nil || r.Status != backend.StatusUnauthorized {
		t.Fatalf("a wrong key must not show the anonymous user's tickets: %+v", r)
	}
}

func TestAPIKeyIsCheckedOncePerTTL(t *testing.T) {
	f := newFixture(t, apiKey, redminetest.SampleIssues())
	f.query(t, apiKey, dataQuery("A", "tickets", `{}`))
	f.query(t, apiKey, dataQuery("A", "tickets", `{}`))
	current := 0
	for _, r := range f.srv.Requests() {
		if r.URL.Path == "/users/current.json" {
			current++
		}
	}
	if current != 1 {
		t.Fatalf("/users/current.json asked %d times for two queries, want 1", current)
	}
}

func TestRedmineErrorsAreDownstream(t *testing.T) {
	f := newFixture(t, "not-the-key-42", nil)
	f.srv.LoginRequired()
	resp := f.query(t, "not-the-key-42", dataQuery("A", "tickets", `{}`))
	r := resp.Responses["A"]
	if r.Error == nil || !backend.IsDownstreamError(r.Error) || r.ErrorSource != backend.ErrorSourceDownstream || r.Status != backend.StatusUnauthorized {
		t.Fatalf("got %+v", r)
	}
	if r.Error.Error() != "Redmine rejected the API key (401): check the API key in the datasource settings." {
		t.Fatalf("message %q", r.Error.Error())
	}
	if !strings.Contains(f.logs.String(), "Query failed") {
		t.Fatalf("the failure was not logged: %s", f.logs.String())
	}
}

func TestSettingsErrorAnswersEveryQuery(t *testing.T) {
	inst, err := NewDatasource(context.Background(), backend.DataSourceInstanceSettings{Type: PluginID, JSONData: []byte(`{}`)})
	if err != nil {
		t.Fatal(err)
	}
	resp, err := inst.(*Datasource).QueryData(context.Background(), &backend.QueryDataRequest{Queries: []backend.DataQuery{dataQuery("A", "tickets", `{}`)}})
	if err != nil {
		t.Fatal(err)
	}
	if r := resp.Responses["A"]; r.Error == nil || !strings.HasPrefix(r.Error.Error(), "The URL setting is missing") {
		t.Fatalf("got %v", r.Error)
	}
}

// captureLogger records every log line.
type captureLogger struct {
	mu    sync.Mutex
	lines []string
}

func (c *captureLogger) add(level, msg string, args ...any) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.lines = append(c.lines, fmt.Sprint(level, " ", msg, " ", args))
}
func (c *captureLogger) Debug(msg string, args ...any)          { c.add("debug", msg, args...) }
func (c *captureLogger) Info(msg string, args ...any)           { c.add("info", msg, args...) }
func (c *captureLogger) Warn(msg string, args ...any)           { c.add("warn", msg, args...) }
func (c *captureLogger) Error(msg string, args ...any)          { c.add("error", msg, args...) }
func (c *captureLogger) With(...any) log.Logger                 { return c }
func (c *captureLogger) Level() log.Level                       { return log.Debug }
func (c *captureLogger) FromContext(context.Context) log.Logger { return c }
func (c *captureLogger) String() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return strings.Join(c.lines, "\n")
}

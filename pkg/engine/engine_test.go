package engine_test

import (
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/spacetime/tickets/pkg/engine"
	"github.com/spacetime/tickets/pkg/filter"
	"github.com/spacetime/tickets/pkg/query"
)

func numbers(t *testing.T, f *data.Field) []float64 {
	t.Helper()
	out := make([]float64, f.Len())
	for i := range out {
		v, err := f.NullableFloatAt(i)
		if err != nil {
			t.Fatal(err)
		}
		if v != nil {
			out[i] = *v
		}
	}
	return out
}

func TestTimeseriesCountsPerBucket(t *testing.T) {
	s := fixtureStore(t)
	q, _, _ := query.ParseTimeseries([]byte(`{"bucket":"1h"}`))
	frame, err := engine.Timeseries(s, q, request("2026-11-20T08:30:00Z", "2026-11-20T12:00:00Z"))
	if err != nil {
		t.Fatal(err)
	}
	if frame.Meta.Type != data.FrameTypeTimeSeriesWide || len(frame.Fields) != 2 {
		t.Fatalf("meta %v, %d fields", frame.Meta.Type, len(frame.Fields))
	}
	// Buckets start on the hour: 08:00 (from 08:30 on), 09:00, 10:00, 11:00, 12:00.
	if got := numbers(t, frame.Fields[1]); !slices.Equal(got, []float64{0, 1, 5, 1, 1}) {
		t.Errorf("counts %v", got)
	}
	if first := frame.Fields[0].At(0).(interface{ Hour() int }).Hour(); first != 8 {
		t.Errorf("first bucket at %d h", first)
	}
}

func TestTimeseriesTopNSumsTheRestIntoOther(t *testing.T) {
	s := fixtureStore(t)
	q, _, _ := query.ParseTimeseries([]byte(`{"groupBy":["service"],"bucket":"1d","topN":2}`))
	frame, err := engine.Timeseries(s, q, request("2026-11-16T00:00:00Z", "2026-11-20T23:59:59Z"))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	var totals []float64
	for _, f := range frame.Fields[1:] {
		names = append(names, f.Labels["service"])
		sum := 0.0
		for _, x := range numbers(t, f) {
			sum += x
		}
		totals = append(totals, sum)
	}
	if !slices.Equal(names, []string{"checkout", "auth", "other"}) || !slices.Equal(totals, []float64{4, 2, 6}) {
		t.Errorf("series %v totals %v", names, totals)
	}
}

func TestOpenAtTheEndOfEachBucket(t *testing.T) {
	s := fixtureStore(t)
	q, _, _ := query.ParseTimeseries([]byte(`{"metric":"open","bucket":"1d"}`))
	frame, err := engine.Timeseries(s, q, request("2026-11-16T00:00:00Z", "2026-11-20T12:00:00Z"))
	if err != nil {
		t.Fatal(err)
	}
	// #7 is open over the night of the 17th, #4 from the 18th on, eight more open on the 20th;
	// #10 and #3 open and close within a day.
	if got := numbers(t, frame.Fields[1]); !slices.Equal(got, []float64{0, 1, 1, 1, 9}) {
		t.Errorf("open %v", got)
	}
}

func TestBreakdownTopNAndOther(t *testing.T) {
	s := fixtureStore(t)
	q, _, _ := query.ParseBreakdown([]byte(`{"groupBy":["service"],"topN":2}`))
	frame, err := engine.Breakdown(s, q, request("2026-11-01T00:00:00Z", "2026-11-30T00:00:00Z"))
	if err != nil {
		t.Fatal(err)
	}
	if frame.Meta.Type != data.FrameTypeNumericLong || frame.Rows() != 3 {
		t.Fatalf("%v with %d rows", frame.Meta.Type, frame.Rows())
	}
	for i, want := range []struct {
		service string
		count   int64
	}{{"checkout", 4}, {"auth", 2}, {"other", 6}} {
		if frame.Fields[0].At(i) != want.service || frame.Fields[1].At(i) != want.count {
			t.Errorf("row %d: %v %v, want %v", i, frame.Fields[0].At(i), frame.Fields[1].At(i), want)
		}
	}
}

func TestStats(t *testing.T) {
	s := fixtureStore(t)
	q, _, _ := query.ParseStats([]byte(`{}`))
	frame, err := engine.Stats(s, q, request("2026-11-16T00:00:00Z", "2026-11-20T12:00:00Z"))
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]float64{}
	for _, f := range frame.Fields {
		got[f.Name] = numbers(t, f)[0]
	}
	// mttr: #10 in 1 h, #3 in 4 h, #7 in 17.5 h → median 4 h. rate: #11 in (11:00, 12:00]; baseline:
	// #9, #2, #8, #12 and #5 (11:00) in (10:00, 11:00].
	want := map[string]float64{"opened": 12, "open": 9, "closed": 3, "rate": 1, "baseline": 5, "change": -80, "mttr": 14400}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("%s = %v, want %v", k, got[k], w)
		}
	}
	if u := frame.Fields[6].Config.Unit; u != "s" {
		t.Errorf("mttr unit %q", u)
	}
}

func TestTicketsSortsFiltersAndLimits(t *testing.T) {
	s := fixtureStore(t)
	q, _, _ := query.ParseTickets([]byte(`{"filters":[{"key":"state","operator":"=","value":"open"}],"sort":[{"field":"severity","desc":true},{"field":"id","desc":true}],"limit":4}`))
	frame, err := engine.Tickets(s, q, request("2026-11-01T00:00:00Z", "2026-11-30T00:00:00Z"))
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for i := range frame.Rows() {
		ids = append(ids, frame.Fields[0].At(i).(string))
	}
	// Immediate #4, then the Urgent ones newest id first (12 before 9: ids sort by number, not text).
	if !slices.Equal(ids, []string{"4", "12", "9", "1"}) {
		t.Errorf("ids %v", ids)
	}
	if n := frame.Meta.Notices; len(n) != 1 || !strings.Contains(n[0].Text, "first 4 matching tickets: more match") {
		t.Errorf("notices %v", n)
	}
}

func TestValues(t *testing.T) {
	s := fixtureStore(t)
	got, err := engine.Values(s, engine.ValuesQuery{Field: "service",
		Common: query.Common{Filters: []filter.Condition{{Key: "region", Operator: "=", Value: "EMEA"}}}})
	if err != nil {
		t.Fatal(err)
	}
	want := []engine.Value{{Value: "checkout", Count: 3}, {Value: "auth", Count: 1}, {Value: "payments", Count: 1}}
	if !slices.Equal(got, want) {
		t.Errorf("got %v", got)
	}
	got, _ = engine.Values(s, engine.ValuesQuery{Field: "id", From: at("2026-11-20T11:00:00Z"), Limit: 1})
	if !slices.Equal(got, []engine.Value{{Value: "11", Count: 1}}) {
		t.Errorf("ids from 11:00, limit 1: %v", got)
	}
}

func TestErrorsNameTheProblem(t *testing.T) {
	s := fixtureStore(t)
	r := request("2026-11-01T00:00:00Z", "2026-11-30T00:00:00Z")
	ts, _, _ := query.ParseTimeseries([]byte(`{"groupBy":["title"]}`))
	_, err := engine.Timeseries(s, ts, r)
	expectError(t, err, `groupBy cannot use "title"`)
	bd, _, _ := query.ParseBreakdown([]byte(`{"groupBy":["nope"]}`))
	_, err = engine.Breakdown(s, bd, r)
	expectError(t, err, `unknown field "nope" in groupBy`)
	tq, _, _ := query.ParseTickets([]byte(`{"sort":[{"field":"nope"}]}`))
	_, err = engine.Tickets(s, tq, r)
	expectError(t, err, `unknown field "nope" in sort`)
	tq, _, _ = query.ParseTickets([]byte(`{"filter":{"key":"title","operator":"=~","value":"("}}`))
	_, err = engine.Tickets(s, tq, r)
	expectError(t, err, `invalid regex "(" for field "title"`)
	_, err = engine.Values(s, engine.ValuesQuery{Field: "nope"})
	expectError(t, err, `unknown field "nope"`)
}

func expectError(t *testing.T, err error, want string) {
	t.Helper()
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("err = %v, want %q", err, want)
	}
}

func TestTimeseriesBySeverityCarriesTheSeverityColours(t *testing.T) {
	s := fixtureStore(t)
	colors := map[string]string{}
	for _, q := range []string{`{"groupBy":["severity"],"bucket":"1d"}`, `{"groupBy":["severity","service"],"bucket":"1d"}`} {
		parsed, _, _ := query.ParseTimeseries([]byte(q))
		frame, err := engine.Timeseries(s, parsed, request("2026-11-16T00:00:00Z", "2026-11-20T23:59:59Z"))
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range frame.Fields[1:] {
			c, _ := f.Config.Color["fixedColor"].(string)
			colors[q+" "+f.Labels["severity"]+" "+f.Labels["service"]] = c
		}
	}
	// The fixture's settings: High orange, Urgent red. Grouped by more than severity, the panel's palette decides.
	for key, want := range map[string]string{
		`{"groupBy":["severity"],"bucket":"1d"} High `:   "orange",
		`{"groupBy":["severity"],"bucket":"1d"} Urgent `: "red",
	} {
		if colors[key] != want {
			t.Errorf("%s: colour %q, want %q", key, colors[key], want)
		}
	}
	for key, c := range colors {
		if strings.Contains(key, `"service"]`) && c != "" {
			t.Errorf("%s: colour %q, want none", key, c)
		}
	}
}

func TestBreakdownCountsATicketOnceUnderEachOfItsValues(t *testing.T) {
	s := fixtureStore(t)
	q, _, _ := query.ParseBreakdown([]byte(`{"groupBy":["labels"],"topN":3}`))
	frame, err := engine.Breakdown(s, q, request("2026-11-01T00:00:00Z", "2026-11-30T00:00:00Z"))
	if err != nil {
		t.Fatal(err)
	}
	// customer-facing: 1, 2, 6, 12; payments-team: 1, 9, 12; no label: 3, 5, 10; other: db, promo, mail,
	// api, cdn, edge, repeat once each. 17 counts for 12 tickets.
	want := []struct {
		label string
		count int64
	}{{"customer-facing", 4}, {"", 3}, {"payments-team", 3}, {"other", 7}}
	if frame.Rows() != len(want) {
		t.Fatalf("%d rows", frame.Rows())
	}
	for i, w := range want {
		if frame.Fields[0].At(i) != w.label || frame.Fields[1].At(i) != w.count {
			t.Errorf("row %d: %v %v, want %v", i, frame.Fields[0].At(i), frame.Fields[1].At(i), w)
		}
	}
}

func TestTimeseriesByAMultiValuedDimensionAndValues(t *testing.T) {
	s := fixtureStore(t)
	q, _, _ := query.ParseTimeseries([]byte(`{"groupBy":["labels","region"],"filters":[{"key":"labels","operator":"=","value":"payments-team"}]}`))
	frame, err := engine.Timeseries(s, q, request("2026-11-20T00:00:00Z", "2026-11-21T00:00:00Z"))
	if err != nil {
		t.Fatal(err)
	}
	totals := map[string]float64{}
	for _, f := range frame.Fields[1:] {
		for i := range f.Len() {
			v, _ := f.FloatAt(i)
			totals[f.Labels["labels"]+"/"+f.Labels["region"]] += v
		}
	}
	// 1, 9 and 12 (all EMEA) carry payments-team; 1 and 12 also customer-facing, 12 also repeat.
	wantTotals := map[string]float64{"payments-team/EMEA": 3, "customer-facing/EMEA": 2, "repeat/EMEA": 1}
	if !maps.Equal(totals, wantTotals) {
		t.Errorf("totals %v, want %v", totals, wantTotals)
	}
	vals, err := engine.Values(s, engine.ValuesQuery{Field: "labels"})
	if err != nil {
		t.Fatal(err)
	}
	if len(vals) != 10 || vals[0] != (engine.Value{Value: "customer-facing", Count: 4}) {
		t.Errorf("values %v", vals)
	}
}

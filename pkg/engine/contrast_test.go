package engine_test

import (
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/spacetime/tickets/pkg/engine"
	"github.com/spacetime/tickets/pkg/engine/synthetic"
	"github.com/spacetime/tickets/pkg/query"
	"github.com/spacetime/tickets/pkg/store"
	"github.com/spacetime/tickets/pkg/tickets"
)

// contrastStore has, in the hour before 12:00, 400 tickets spread evenly over services a–d and regions x/y with
// the label r, and in the hour from 12:00 the same plus 200 more on service a in region x with the labels p and q
// (a multi-valued dimension: each counts the ticket).
func contrastStore(t *testing.T) *store.Store {
	t.Helper()
	start := time.Date(2026, 11, 20, 11, 0, 0, 0, time.UTC)
	var log ticketLog
	add := func(at time.Time, service, region string, labels ...string) {
		log.add(at, map[string][]string{"service": {service}, "region": {region}, "labels": labels})
	}
	for hour := range 2 {
		for i := range 400 {
			add(start.Add(time.Duration(hour)*time.Hour+time.Duration(i)*8*time.Second), string(rune('a'+i%4)), []string{"x", "y"}[i/4%2], "r")
		}
	}
	for i := range 200 {
		add(start.Add(time.Hour+time.Duration(i)*17*time.Second), "a", "x", "p", "q")
	}
	return log.store("service", "region", "labels")
}

func contrastOf(t *testing.T, s *store.Store, raw, from, to string) *data.Frame {
	t.Helper()
	q, _, err := query.ParseContrast([]byte(raw))
	if err != nil {
		t.Fatal(err)
	}
	f, err := engine.Contrast(s, q, request(from, to))
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func column(t *testing.T, f *data.Frame, name string) []any {
	t.Helper()
	fld, i := f.FieldByName(name)
	if i < 0 {
		t.Fatalf("no field %s", name)
	}
	out := make([]any, fld.Len())
	for r := range out {
		out[r] = fld.At(r)
	}
	return out
}

func TestContrastNamesTheOverRepresentedValuesAndPair(t *testing.T) {
	s := contrastStore(t)
	f := contrastOf(t, s, `{}`, "2026-11-20T12:00:00Z", "2026-11-20T13:00:00Z") // the hour before: 11:00:00 on
	if f.Meta.Type != data.FrameTypeNumericLong {
		t.Fatalf("type %v", f.Meta.Type)
	}
	names := fmt.Sprint(column(t, f, "name"))
	// By excess: labels p and q 200 each (200 against none), service a 150 (300 of 600 against 100 of 400,
	// expected 150), region x 100 (400 against 200, expected 300); then the pair a ∧ x (250 against 50 → 75).
	// A pair of a label with a or x says no more than the label, so none is named.
	if names != "[labels=p labels=q service=a region=x service=a ∧ region=x]" {
		t.Errorf("names %s", names)
	}
	counts, expected, lift, excess := column(t, f, "count"), column(t, f, "expected"), column(t, f, "lift"), column(t, f, "excess")
	if counts[2] != 300.0 || math.Abs(expected[2].(float64)-150) > 1e-9 || math.Abs(excess[2].(float64)-150) > 1e-9 {
		t.Errorf("service=a: count %v expected %v excess %v, want 300, 150, 150", counts[2], expected[2], excess[2])
	}
	if math.Abs(lift[2].(float64)-301.0/151) > 1e-9 || lift[0] != 201.0 {
		t.Errorf("lifts %v and %v, want (300+1)/(150+1) and (200+1)/(0+1)", lift[2], lift[0])
	}
	if counts[4] != 250.0 || math.Abs(expected[4].(float64)-75) > 1e-9 {
		t.Errorf("pair: count %v expected %v, want 250 and 75", counts[4], expected[4])
	}
	for _, col := range []string{"count", "expected", "lift", "excess", "score"} {
		for i, v := range column(t, f, col) {
			if x := v.(float64); math.IsNaN(x) || math.IsInf(x, 0) {
				t.Errorf("%s[%d] = %v", col, i, x)
			}
		}
	}
}

func TestContrastWithinAFilterReRanks(t *testing.T) {
	s := contrastStore(t)
	f := contrastOf(t, s, `{"filters":[{"key":"service","operator":"=","value":"a"}],"pairs":false}`, "2026-11-20T12:00:00Z", "2026-11-20T12:59:59Z")
	names := fmt.Sprint(column(t, f, "name"))
	// Within service a the filtered value itself says nothing; the labels and region x stand out.
	if names != "[labels=p labels=q region=x]" {
		t.Errorf("names within service=a: %s", names)
	}
}

func TestContrastOneNumberForAlertsAndASummary(t *testing.T) {
	s := contrastStore(t)
	f := contrastOf(t, s, `{"value":"lift"}`, "2026-11-20T12:00:00Z", "2026-11-20T12:59:59Z")
	numeric := 0
	for _, fld := range f.Fields {
		if fld.Type().Numeric() {
			numeric++
		}
	}
	if numeric != 1 {
		t.Errorf("%d number fields with value=lift, want 1", numeric)
	}
	sum := contrastOf(t, s, `{"format":"summary"}`, "2026-11-20T12:00:00Z", "2026-11-20T12:59:59Z")
	if sum.Meta.Type != data.FrameTypeNumericWide || len(sum.Fields) != 1 || sum.Fields[0].Labels["likely"] != "labels=p ×201.0, labels=q ×201.0, service=a ×2.0" {
		t.Errorf("summary %v %v", sum.Meta.Type, sum.Fields[0].Labels)
	}
	quiet := contrastOf(t, s, `{"format":"summary"}`, "2026-11-20T11:00:00Z", "2026-11-20T11:59:59Z")
	if v, _ := quiet.Fields[0].FloatAt(0); v != 0 || quiet.Fields[0].Labels["likely"] != "no service, region or category stands out" {
		t.Errorf("quiet summary %v %v", v, quiet.Fields[0].Labels)
	}
}

func TestContrastBadInputGetsOneClearMessage(t *testing.T) {
	s := contrastStore(t)
	if _, _, err := query.ParseContrast([]byte(`{"baseline":"yesterday"}`)); err == nil || err.Error() != `baseline must be one of previous, seasonal, rest, got "yesterday"` {
		t.Errorf("unknown baseline: %v", err)
	}
	if _, _, err := query.ParseContrast([]byte(`{"minLift":-1}`)); err == nil || !strings.Contains(err.Error(), "minLift") {
		t.Errorf("negative minLift: %v", err)
	}
	q, _, _ := query.ParseContrast([]byte(`{}`))
	if _, err := engine.Contrast(s, q, request("2026-11-20T12:00:00Z", "2026-11-20T12:00:30Z")); err == nil || err.Error() != "the range is 30s long: contrast needs at least 1m0s to compare" {
		t.Errorf("short range: %v", err)
	}
	q, _, _ = query.ParseContrast([]byte(`{"fields":["title"]}`))
	if _, err := engine.Contrast(s, q, request("2026-11-20T12:00:00Z", "2026-11-20T12:59:59Z")); err == nil || !strings.Contains(err.Error(), `"title"`) {
		t.Errorf("text field: %v", err)
	}
	// Nothing before 11:00: the previous hour is empty. One notice, no rows, no NaN.
	f := contrastOf(t, s, `{}`, "2026-11-20T11:00:00Z", "2026-11-20T11:59:59Z")
	if f.Rows() != 0 || len(f.Meta.Notices) != 1 || !strings.Contains(f.Meta.Notices[0].Text, "the baseline (the same length of time just before the range) holds no tickets") {
		t.Errorf("empty baseline: %d rows, notices %v", f.Rows(), f.Meta.Notices)
	}
	f = contrastOf(t, s, `{"baseline":"seasonal"}`, "2026-11-20T12:00:00Z", "2026-11-20T12:59:59Z")
	if f.Rows() != 0 || len(f.Meta.Notices) != 1 || !strings.Contains(f.Meta.Notices[0].Text, "no seasonal baseline") {
		t.Errorf("seasonal without history: %d rows, notices %v", f.Rows(), f.Meta.Notices)
	}
	f = contrastOf(t, s, `{}`, "2026-11-21T12:00:00Z", "2026-11-21T12:59:59Z")
	if f.Rows() != 0 || len(f.Meta.Notices) != 1 || !strings.Contains(f.Meta.Notices[0].Text, "no tickets in the range") {
		t.Errorf("empty range: %d rows, notices %v", f.Rows(), f.Meta.Notices)
	}
}

func TestContrastRestOfTheWindow(t *testing.T) {
	s := contrastStore(t)
	f := contrastOf(t, s, `{"baseline":"rest","pairs":false}`, "2026-11-20T12:00:00Z", "2026-11-20T12:59:59Z")
	if names := fmt.Sprint(column(t, f, "name")); names != "[labels=p labels=q service=a region=x]" {
		t.Errorf("rest baseline: %s", names)
	}
}

func TestContrastRowsCarryTheirFilterLink(t *testing.T) {
	s := contrastStore(t)
	f := contrastOf(t, s, `{}`, "2026-11-20T12:00:00Z", "2026-11-20T13:00:00Z")
	links := column(t, f, "filters")
	if links[2] != "var-filters=service%7C%3D%7Ca" || links[4] != "var-filters=service%7C%3D%7Ca&var-filters=region%7C%3D%7Cx" {
		t.Errorf("links %v", links)
	}
}

// The rest-of-the-window baseline without a filter is read from the counts the store keeps (the whole store less
// the range); it must give exactly what counting the rest's rows gives, which a filter that keeps every ticket
// forces — after overwrites and deletes too, on a store with a multi-valued field.
func TestContrastRestFromTheStoreCountsEqualsCountingTheRows(t *testing.T) {
	s := store.New()
	synthetic.Fill(s, 20_000, 3)
	s.Delete("5", "17", "19999")
	s.Upsert(nil, []tickets.Ticket{{ID: "7", Number: 7, Title: "moved", Severity: "Low", Status: "New", Opened: synthetic.End.Add(-time.Hour),
		Updated: synthetic.End.Add(-time.Hour), Dimensions: map[string][]string{synthetic.Labels: {"label-1", "label-2"}}}})
	from, to := synthetic.End.Add(-6*time.Hour).Format(time.RFC3339), synthetic.End.Format(time.RFC3339)
	thresholdsOff := `"baseline":"rest","minScore":0,"minLift":0,"minSupport":1,"topN":0`
	whole := contrastOf(t, s, `{`+thresholdsOff+`}`, from, to)
	counted := contrastOf(t, s, `{`+thresholdsOff+`,"filters":[{"key":"severity","operator":"!=","value":"no-such-severity"}]}`, from, to)
	if whole.Rows() < 20 {
		t.Fatalf("only %d rows: the comparison would say little", whole.Rows())
	}
	for _, col := range []string{"name", "count", "expected", "lift", "excess", "score"} {
		if a, b := fmt.Sprint(column(t, whole, col)), fmt.Sprint(column(t, counted, col)); a != b {
			t.Errorf("%s from the store's counts:\n%s\ncounting the rows:\n%s", col, a, b)
		}
	}
}

// Two values of one multi-valued field make a pair when they come together more than apart: in the baseline
// labels p and q each come alone, in the range together.
func TestContrastPairsTwoValuesOfAMultiValuedField(t *testing.T) {
	start := time.Date(2026, 11, 20, 11, 0, 0, 0, time.UTC)
	var log ticketLog
	add := func(at time.Time, labels ...string) { log.add(at, map[string][]string{"labels": labels}) }
	for i := range 600 {
		at := start.Add(time.Duration(i) * 6 * time.Second) // the hour before 12:00
		add(at, []string{"p", "q", "r"}[i%3])
	}
	for i := range 600 {
		at := start.Add(time.Hour + time.Duration(i)*6*time.Second)
		labels := []string{[]string{"p", "q", "r"}[i%3]}
		if i%2 == 0 {
			labels = []string{"p", "q"}
		}
		add(at, labels...)
	}
	f := contrastOf(t, log.store("labels"), `{"fields":["labels"]}`, "2026-11-20T12:00:00Z", "2026-11-20T13:00:00Z")
	names, links := fmt.Sprint(column(t, f, "name")), column(t, f, "filters")
	if !strings.Contains(names, "labels=p ∧ labels=q") {
		t.Fatalf("names %s, want the pair labels=p ∧ labels=q", names)
	}
	last := f.Rows() - 1
	if column(t, f, "name")[last] != "labels=p ∧ labels=q" || column(t, f, "count")[last] != 300.0 || links[last] != "var-filters=labels%7C%3D%7Cp&var-filters=labels%7C%3D%7Cq" {
		t.Errorf("pair row: %v %v %v", column(t, f, "name")[last], column(t, f, "count")[last], links[last])
	}
}

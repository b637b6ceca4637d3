package engine_test

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/spacetime/tickets/pkg/engine"
	"github.com/spacetime/tickets/pkg/engine/synthetic"
	"github.com/spacetime/tickets/pkg/query"
	"github.com/spacetime/tickets/pkg/store"
	"github.com/spacetime/tickets/pkg/tickets"
)

// churn rewrites one ticket n times, each time with new severity, service and label values (so a new label set
// too), growing those dictionaries past a code width, then deletes it: the store's rows are what they were.
func churn(s *store.Store, id string, n int) {
	ts := make([]tickets.Ticket, n)
	for i := range ts {
		ts[i] = tickets.Ticket{ID: id, Title: "churn", Severity: fmt.Sprintf("sev-%s-%d", id, i), Opened: synthetic.End,
			Dimensions: map[string][]string{"service": {fmt.Sprintf("svc-%s-%d", id, i)}, synthetic.Labels: {"label-1", fmt.Sprintf("lbl-%s-%d", id, i)}}}
	}
	s.Upsert(nil, ts)
	s.Delete(id)
}

func widths(s *store.Store, keys ...string) []int {
	var out []int
	s.Read(func(v *store.View) {
		for _, k := range keys {
			out = append(out, v.Category(k).Codes().Width)
		}
	})
	return out
}

// A store whose severity, service and labels columns widen from 1 to 2 to 4 bytes in the middle of a backfill
// (more than 255, then more than 65,535 values and value sets), with overwrites and deletes that move rows after
// it, answers every query type exactly as a store with the same tickets whose columns never widened.
func TestWidenedColumnsAnswerAsNarrowOnes(t *testing.T) {
	if testing.Short() {
		t.Skip("grows dictionaries past 65,535 values")
	}
	narrow, wide := store.New(), store.New()
	both := func(fn func(s *store.Store)) { fn(narrow); fn(wide) }
	keys := []string{store.KeySeverity, "service", synthetic.Labels}

	both(func(s *store.Store) { synthetic.Fill(s, 2000, 1) })
	if got := widths(wide, store.KeySeverity, "service"); fmt.Sprint(got) != "[1 1]" {
		t.Fatalf("widths before the churn %v", got)
	}
	churn(wide, "churn-a", 300)
	if got := widths(wide, keys...); fmt.Sprint(got) != "[2 2 2]" {
		t.Fatalf("widths after 300 values %v, want 2 bytes", got)
	}
	both(func(s *store.Store) { synthetic.Fill(s, 4000, 2) }) // overwrites the first 2000, adds 2000
	churn(wide, "churn-b", 70_000)
	if got := widths(wide, keys...); fmt.Sprint(got) != "[4 4 4]" {
		t.Fatalf("widths after 70,000 values %v, want 4 bytes", got)
	}
	both(func(s *store.Store) {
		synthetic.Fill(s, 6000, 3)
		if n := s.Delete("10", "500", "3999", "6000"); n != 4 {
			t.Fatalf("deleted %d", n)
		}
	})
	if got := widths(narrow, store.KeySeverity, "service"); fmt.Sprint(got) != "[1 1]" {
		t.Fatalf("the reference store widened: %v", got)
	}

	month := engine.Request{From: synthetic.End.Add(-synthetic.Span), To: synthetic.End, Interval: time.Hour, MaxDataPoints: 1000}
	week := engine.Request{From: synthetic.End.Add(-7 * 24 * time.Hour), To: synthetic.End, Interval: time.Hour, MaxDataPoints: 1000}
	day := engine.Request{From: synthetic.End.Add(-24 * time.Hour), To: synthetic.End, Interval: time.Minute, MaxDataPoints: 1000}
	type run func(s *store.Store) (any, error)
	ticketsQ := func(js string) run {
		q, _, err := query.ParseTickets([]byte(js))
		must(t, err)
		return func(s *store.Store) (any, error) { return engine.Tickets(s, q, month) }
	}
	timeseriesQ := func(js string) run {
		q, _, err := query.ParseTimeseries([]byte(js))
		must(t, err)
		return func(s *store.Store) (any, error) { return engine.Timeseries(s, q, week) }
	}
	breakdownQ := func(js string) run {
		q, _, err := query.ParseBreakdown([]byte(js))
		must(t, err)
		return func(s *store.Store) (any, error) { return engine.Breakdown(s, q, month) }
	}
	contrastQ := func(js string) run {
		q, _, err := query.ParseContrast([]byte(js))
		must(t, err)
		return func(s *store.Store) (any, error) { return engine.Contrast(s, q, day) }
	}
	valuesQ := func(q engine.ValuesQuery) run {
		return func(s *store.Store) (any, error) { return engine.Values(s, q) }
	}
	stats, _, err := query.ParseStats([]byte(`{"stats":["opened","open","seasonal"]}`))
	must(t, err)
	queries := map[string]run{
		"tickets service = and sort":         ticketsQ(`{"filter":{"key":"service","operator":"=","value":"svc-3"},"sort":[{"field":"service"},{"field":"opened","desc":true}],"limit":200}`),
		"tickets labels regex and sort":      ticketsQ(`{"filter":{"key":"labels","operator":"=~","value":"label-1.*"},"sort":[{"field":"labels","desc":true}],"limit":200}`),
		"tickets severity !=| + search":      ticketsQ(`{"filter":{"key":"severity","operator":"!=|","values":["Low","Normal"]},"search":"svc-1 timeout","sort":[{"field":"severity","desc":true}],"limit":300}`),
		"tickets field searches":             ticketsQ(`{"search":"service:svc-2 labels:label-3 severity:high","limit":300}`),
		"tickets ad hoc != on labels":        ticketsQ(`{"filters":[{"key":"labels","operator":"!=","value":"label-2"},{"key":"customer","operator":"=~","value":"cust-1.*"}],"sort":[{"field":"customer"}],"limit":300}`),
		"timeseries by service":              timeseriesQ(`{"groupBy":["service"],"topN":5}`),
		"timeseries by labels, severity":     timeseriesQ(`{"groupBy":["labels","severity"],"topN":10}`),
		"timeseries open by severity":        timeseriesQ(`{"metric":"open","groupBy":["severity"]}`),
		"breakdown by service":               breakdownQ(`{"groupBy":["service"],"topN":20}`),
		"breakdown by labels":                breakdownQ(`{"groupBy":["labels"],"topN":20,"filters":[{"key":"labels","operator":"!=","value":"label-1"}]}`),
		"breakdown wide by region, customer": breakdownQ(`{"groupBy":["region","customer"],"format":"wide","topN":30}`),
		"stats":                              func(s *store.Store) (any, error) { return engine.Stats(s, stats, day) },
		"contrast previous":                  contrastQ(`{"baseline":"previous","minScore":0,"minLift":0}`),
		"contrast seasonal":                  contrastQ(`{"baseline":"seasonal","minScore":0,"minLift":0}`),
		"contrast rest":                      contrastQ(`{"baseline":"rest","minScore":0,"minLift":0}`),
		"values of service":                  valuesQ(engine.ValuesQuery{Field: "service"}),
		"values of labels":                   valuesQ(engine.ValuesQuery{Field: synthetic.Labels}),
		"values of severity, searched":       valuesQ(engine.ValuesQuery{Field: store.KeySeverity, Common: query.Common{Search: "svc-4"}}),
	}
	for name, q := range queries {
		t.Run(name, func(t *testing.T) {
			want, got := answer(t, q, narrow), answer(t, q, wide)
			if got != want {
				t.Errorf("widened store answers\n%.600s\nthe narrow one\n%.600s", got, want)
			}
			if len(want) < 100 {
				t.Errorf("a near-empty answer proves little: %s", want)
			}
		})
	}
}

func answer(t *testing.T, q func(s *store.Store) (any, error), s *store.Store) string {
	t.Helper()
	out, err := q(s)
	if err != nil {
		t.Fatal(err)
	}
	if f, ok := out.(*data.Frame); ok && f.Rows() == 0 {
		t.Errorf("no rows")
	}
	js, err := json.Marshal(out)
	if err != nil {
		t.Fatal(err)
	}
	return string(js)
}

package engine_test

import (
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/spacetime/tickets/pkg/engine"
	"github.com/spacetime/tickets/pkg/query"
	"github.com/spacetime/tickets/pkg/store"
)

// seasonalStore has, on each of the days before 2026-11-20, perDay[k-1] tickets (service "a") opened between
// 10:00 and 10:10 UTC, one "b" ticket at 10:05 every day, tickets at other times of day that the baseline
// must not count, and a first ticket at 08:00 on the oldest day (the history starts there).
//
// A 10-minute window's baseline counts 70 minutes a day (engine.SeasonalPad on each side) and scales back.
func seasonalStore(t *testing.T, perDay []int) *store.Store {
	t.Helper()
	today := time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)
	var log ticketLog
	add := func(at time.Time, service string) { log.add(at, map[string][]string{"service": {service}}) }
	add(today.AddDate(0, 0, -len(perDay)).Add(8*time.Hour), "c")
	for k, n := range perDay {
		d := today.AddDate(0, 0, -(k + 1))
		for i := range n {
			add(d.Add(10*time.Hour+time.Duration(i)*time.Second), "a")
		}
		add(d.Add(10*time.Hour+5*time.Minute), "b")
		for i := range 50 {
			add(d.Add(15*time.Hour+time.Duration(i)*time.Second), "a") // busy afternoon, outside the window
		}
	}
	for i := range 40 {
		add(today.Add(10*time.Hour+time.Duration(i)*time.Second), "a")
	}
	return log.store("service")
}

// perWindow is a 10-minute window's (closed: 600,001 ms) share of its padded span.
const perWindow = 600_001.0 / (600_001.0 + 2*engine.SeasonalPad)

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func statValue(t *testing.T, f *data.Frame, name string) *float64 {
	t.Helper()
	for _, fld := range f.Fields {
		if fld.Name == name {
			v, _ := fld.NullableFloatAt(0)
			return v
		}
	}
	t.Fatalf("no stat %s", name)
	return nil
}

func TestSeasonalStatIsTheMedianAndMADOfTheSameWindowOnPreviousDays(t *testing.T) {
	s := seasonalStore(t, []int{3, 5, 4, 6, 4, 100, 5})
	q, _, err := query.ParseStats([]byte(`{"stats":["opened","seasonal","seasonalMad"]}`))
	if err != nil {
		t.Fatal(err)
	}
	f, err := engine.Stats(s, q, request("2026-11-20T10:00:00Z", "2026-11-20T10:10:00Z"))
	if err != nil {
		t.Fatal(err)
	}
	// Per day a+b: 4 6 5 7 5 101 6 → median 6; deviations 2 0 1 1 1 95 0 → MAD 1. The day with 100 is an outlier
	// a mean would follow.
	if got := *statValue(t, f, "opened"); got != 40 {
		t.Errorf("opened %v, want 40", got)
	}
	if got := *statValue(t, f, "seasonal"); !near(got, 6*perWindow) {
		t.Errorf("seasonal %v, want 6 scaled to the window (%v)", got, 6*perWindow)
	}
	if got := *statValue(t, f, "seasonalMad"); !near(got, perWindow) {
		t.Errorf("seasonalMad %v, want 1 scaled to the window", got)
	}
	if len(f.Meta.Notices) != 0 {
		t.Errorf("notices %v with 7 days of history", f.Meta.Notices)
	}
}

func TestSeasonalStatUsesOnlyTheDaysTheStoreHolds(t *testing.T) {
	s := seasonalStore(t, []int{3, 5, 9})
	q, _, _ := query.ParseStats([]byte(`{"stats":["seasonal"],"seasonalDays":7}`))
	f, err := engine.Stats(s, q, request("2026-11-20T10:00:00Z", "2026-11-20T10:10:00Z"))
	if err != nil {
		t.Fatal(err)
	}
	// The oldest ticket is on day 3 at 08:00, so days 1–3 count (4, 6, 10 → 6), not 4 empty days.
	if got := *statValue(t, f, "seasonal"); !near(got, 6*perWindow) {
		t.Errorf("seasonal %v, want 6 scaled", got)
	}
	if len(f.Meta.Notices) != 1 || !strings.Contains(f.Meta.Notices[0].Text, "3 of the 7 days") {
		t.Errorf("notices %v", f.Meta.Notices)
	}

	empty := store.New()
	f, err = engine.Stats(empty, q, request("2026-11-20T10:00:00Z", "2026-11-20T10:10:00Z"))
	if err != nil {
		t.Fatal(err)
	}
	if v := statValue(t, f, "seasonal"); v != nil {
		t.Errorf("seasonal over no history = %v, want null", *v)
	}
	if len(f.Meta.Notices) != 1 || !strings.Contains(f.Meta.Notices[0].Text, "no seasonal baseline") {
		t.Errorf("notices %v", f.Meta.Notices)
	}
}

func TestSeasonalDaysOutOfRangeIsNamed(t *testing.T) {
	for _, raw := range []string{`{"seasonalDays":-1}`, `{"seasonalDays":91}`, `{"seasonalDays":"x"}`} {
		if _, _, err := query.ParseStats([]byte(raw)); err == nil || !strings.Contains(err.Error(), "seasonalDays") {
			t.Errorf("%s: %v", raw, err)
		}
	}
}

func TestSeasonalTimeseriesIsTheMedianPerBucket(t *testing.T) {
	s := seasonalStore(t, []int{3, 5, 4, 6, 4, 100, 5})
	q, _, err := query.ParseTimeseries([]byte(`{"metric":"seasonal","bucket":"5m"}`))
	if err != nil {
		t.Fatal(err)
	}
	f, err := engine.Timeseries(s, q, request("2026-11-20T10:00:00Z", "2026-11-20T10:14:59Z"))
	if err != nil {
		t.Fatal(err)
	}
	// 10:00: the a tickets (median 5); 10:05: the daily b ticket (1); 10:10: nothing.
	if got := numbers(t, f.Fields[1]); fmt.Sprint(got) != "[5 1 0]" {
		t.Errorf("seasonal buckets %v", got)
	}
}

func TestSeasonalBreakdownPerGroup(t *testing.T) {
	s := seasonalStore(t, []int{3, 5, 4, 6, 4, 100, 5})
	q, _, err := query.ParseBreakdown([]byte(`{"groupBy":["service"],"metric":"seasonal"}`))
	if err != nil {
		t.Fatal(err)
	}
	f, err := engine.Breakdown(s, q, request("2026-11-20T10:00:00Z", "2026-11-20T10:10:00Z"))
	if err != nil {
		t.Fatal(err)
	}
	if f.Meta.Type != data.FrameTypeNumericLong || len(f.Fields) != 2 || f.Rows() != 2 {
		t.Fatalf("frame %v with %d fields, %d rows", f.Meta.Type, len(f.Fields), f.Rows())
	}
	got := map[string]float64{}
	for i := range f.Rows() {
		v, _ := f.Fields[1].FloatAt(i)
		got[f.Fields[0].At(i).(string)] = v
	}
	if !near(got["a"], 5*perWindow) || !near(got["b"], perWindow) {
		t.Errorf("seasonal per service %v, want a 5, b 1", got)
	}
}

//go:build integration

package dashboards

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/spacetime/tickets/pkg/store"
	"github.com/spacetime/tickets/pkg/tickets"
)

// contrastCheckMinutes are the outage's minutes at which contrast must name it, and contrastTableMinutes those
// the localization table (README) reports.
var (
	contrastCheckMinutes = []int{5, 10, 30}
	contrastTableMinutes = []int{5, 10, 15, 20, 30}
)

// contrastSelection is the range the checks contrast: the last 15 minutes, what the spike rule's explanation
// contrasts and about what an on-call engineer selects on the overview's time series around a young spike.
const contrastSelection = 15 * time.Minute

// contrastRows runs a contrast query with the given baseline over [from, to] and returns its rows' names, best
// first, singles and pairs apart.
func contrastRows(t *testing.T, p runner, baseline string, from, to time.Time, extra map[string]any) (singles, pairs []string, f *data.Frame) {
	t.Helper()
	model := map[string]any{"queryType": "contrast", "baseline": baseline}
	for k, v := range extra {
		model[k] = v
	}
	a := p.run(t, query{RefID: "W", JSON: mustJSON(model), From: from, To: to})["W"]
	if a.Err != "" {
		t.Fatalf("contrast %s at %s: %s", baseline, to, a.Err)
	}
	f = a.Frames[0]
	name, _ := f.FieldByName("name")
	field2, _ := f.FieldByName("field2")
	for i := range f.Rows() {
		if field2.At(i).(string) == "" {
			singles = append(singles, name.At(i).(string))
		} else {
			pairs = append(pairs, name.At(i).(string))
		}
	}
	return singles, pairs, f
}

// outageNames are the values the scenario's outage has: its service, region and category.
type outageNames struct{ service, region, category string }

func (o outageNames) pair() string { return "service=" + o.service + " ∧ region=" + o.region }

// contrastRange is what the checks select at an outage's minute m: against the seasonal baseline the last
// 15 minutes, against the previous one the spike since it began (as one selects it on the time series), which
// the query compares with the same length before it.
func contrastRange(baseline string, outage time.Time, m int) (from, to time.Time) {
	to = outage.Add(time.Duration(m) * time.Minute)
	if baseline == "previous" {
		return outage, to
	}
	return to.Add(-contrastSelection), to
}

// localization says how far contrast got: "localized" (the service first, the region second, the pair first
// among pairs), "partly" (what it names is the outage's, but not all of it or not in that order yet), or
// "wrong" (it names, first or second, a value the outage does not have, or a pair of such: a false
// localization). The outage's category counts as its own: 80 % of its tickets are Network, so with a few
// minutes of tickets Network can rank level with the region.
func localization(o outageNames, singles, pairs []string, pairsChecked bool) string {
	own := []string{"service=" + o.service, "region=" + o.region, "category=" + o.category}
	for _, v := range singles[:min(2, len(singles))] {
		if !slices.Contains(own, v) {
			return "wrong"
		}
	}
	if pairsChecked && len(pairs) > 0 {
		a, b, _ := strings.Cut(pairs[0], " ∧ ")
		if !slices.Contains(own, a) || !slices.Contains(own, b) {
			return "wrong"
		}
	}
	inOrder := len(singles) >= 2 && singles[0] == own[0] && singles[1] == own[1]
	if inOrder && (!pairsChecked || len(pairs) > 0 && pairs[0] == o.pair()) {
		return "localized"
	}
	return "partly"
}

// checkContrastNamesTheOutage checks, against both baselines at the outage's minutes, that contrast never names
// a wrong value first or second or a wrong pair first, and that from the given minute on (per baseline) it ranks
// the service first, the region second and the service ∧ region pair first among pairs. It logs a line of the
// localization table for each minute.
//
// pairsChecked false checks the single values only and logs the pairs: the live Redmine run is one sample whose
// outage falls wherever the clock puts it, and there the 80 % Network share can rank Network ∧ EMEA level with
// checkout ∧ EMEA; the pair order is asserted on the generated scenarios at every volume.
func checkContrastNamesTheOutage(t *testing.T, p runner, o outageNames, outage time.Time, volume string, from map[string]int, pairsChecked bool) {
	t.Helper()
	for _, baseline := range []string{"previous", "seasonal"} {
		row := fmt.Sprintf("| %s | %s |", volume, baseline)
		for _, m := range contrastTableMinutes {
			f, to := contrastRange(baseline, outage, m)
			singles, pairs, _ := contrastRows(t, p, baseline, f, to, nil)
			got := localization(o, singles, pairs, pairsChecked)
			t.Logf("%s baseline, minute %d: %s %v; pairs %v", baseline, m, got, singles, pairs)
			row += " " + got + " |"
			if got == "wrong" {
				t.Errorf("%s baseline, minute %d: %v, pairs %v: want service=%s first, region=%s second, %s first among pairs", baseline, m, singles, pairs, o.service, o.region, o.pair())
			}
			if got != "localized" && slices.Contains(contrastCheckMinutes, m) && m >= from[baseline] {
				t.Errorf("%s baseline, minute %d: %v, pairs %v: not localized yet, want service=%s first, region=%s second, %s first among pairs", baseline, m, singles, pairs, o.service, o.region, o.pair())
			}
		}
		t.Log("localization table: " + row)
	}
}

// checkContrastDrillsDown follows the panel's clicks at the outage's minute m against the seasonal baseline:
// the first value, then within it the first value again, twice: service, region, category (depth steps of it).
// strict false asks each click after the first for any of the outage's values not clicked yet: within
// checkout, the 80 % Network share can rank level with EMEA (1 of 48 generated hours at the 30th minute).
func checkContrastDrillsDown(t *testing.T, p runner, o outageNames, outage time.Time, m, depth int, strict bool) {
	t.Helper()
	from, to := contrastRange("seasonal", outage, m)
	var filters []map[string]string
	var path []string
	own := []string{"service=" + o.service, "region=" + o.region, "category=" + o.category}
	for step, want := range own[:depth] {
		singles, _, _ := contrastRows(t, p, "seasonal", from, to, map[string]any{"filters": filters})
		right := len(singles) > 0 && singles[0] == want
		if !strict && step > 0 && len(singles) > 0 {
			right = slices.Contains(own, singles[0]) && !slices.Contains(path, singles[0])
		}
		if !right {
			t.Errorf("minute %d, within %v: %v, want %s first", m, path, singles, want)
			return
		}
		path = append(path, singles[0])
		key, value, _ := strings.Cut(singles[0], "=")
		filters = append(filters, map[string]string{"key": key, "operator": "=", "value": value})
	}
	t.Logf("minute %d: drill-down %s", m, strings.Join(path, " → "))
}

// checkContrastQuietHours contrasts every quarter hour of the days before the outage (from a day of history on)
// with both baselines and counts the values that pass the default thresholds: each is a false localization.
func checkContrastQuietHours(t *testing.T, p runner, from, outage time.Time) {
	t.Helper()
	windows, falsePositives, highest := 0, 0, 0.0
	thresholdsOff := map[string]any{"minScore": 0, "minLift": 0, "pairs": false}
	for at := from.Add(seasonalHistory + time.Hour).Truncate(time.Hour); at.Before(outage); at = at.Add(contrastSelection) {
		for _, baseline := range []string{"previous", "seasonal"} {
			singles, pairs, _ := contrastRows(t, p, baseline, at.Add(-contrastSelection), at, nil)
			windows++
			if n := len(singles) + len(pairs); n > 0 {
				falsePositives += n
				t.Errorf("quiet quarter hour ending %s, %s baseline: %v %v pass the default thresholds", at.Format(time.DateTime), baseline, singles, pairs)
			}
			_, _, all := contrastRows(t, p, baseline, at.Add(-contrastSelection), at, thresholdsOff)
			if score, _ := all.FieldByName("score"); score != nil {
				for i := range all.Rows() {
					highest = max(highest, score.At(i).(float64))
				}
			}
		}
	}
	t.Logf("quiet hours: %d quarter hours (%.1f hours), each against both baselines: %d false localizations; the highest score there %.1f (threshold 24)",
		windows/2, float64(windows)/8, falsePositives, highest)
}

// TestContrastLocalizesTheOutageAtEveryVolume runs the contrast checks on generated scenarios at 0.1×, 1× and
// 10× the volume, through the engine: never a false localization, in the outage or in the quiet hours, and the
// full localization from the minute the tickets allow. At 0.1× the outage's first 5 minutes bring 9 tickets: the
// G-test can name checkout from them (3 % of the usual tickets), but not yet EMEA (a quarter of them), at a
// threshold that stays silent in the quiet hours; its 10th minute is the first localized against the seasonal
// baseline. The previous baseline there is the few minutes before the outage, 1.6 tickets a minute: it localizes
// at the 30th minute at the earliest. At 1× the previous baseline at the 5th minute is the 5 minutes before the
// outage, about 65 tickets: EMEA passes at the afternoon peak but not at every hour (18.5 against 24 at 11:18),
// so it is checked from the 10th minute.
func TestContrastLocalizesTheOutageAtEveryVolume(t *testing.T) {
	from := map[float64]map[string]int{
		0.1: {"previous": 31, "seasonal": 10}, // previous: named right but never fully within 30 minutes (see the table)
		1:   {"previous": 10, "seasonal": 5},  // previous, minute 5: a 5-minute baseline (≈ 65 tickets) decides; see the table
		10:  {"previous": 5, "seasonal": 5},
	}
	for _, volume := range []float64{0.1, 1, 10} {
		t.Run(fmt.Sprintf("%gx", volume), func(t *testing.T) {
			g := generate(t, "--hours", "96", "--volume", fmt.Sprint(volume), "--end", "2026-11-22T16:00:00Z")
			p := engineRunner{s: g.store()}
			o := outageNames{g.Outage.Service, g.Outage.Region, g.Outage.Category}
			checkContrastNamesTheOutage(t, p, o, g.Outage.From, fmt.Sprintf("%g×", volume), from[volume], true)
			if volume >= 1 {
				for _, m := range []int{10, 30} {
					checkContrastDrillsDown(t, p, o, g.Outage.From, m, 3, true)
				}
			} else {
				// Within checkout ∧ EMEA the seasonal baseline at 0.1× holds under one ticket: nothing to compare.
				checkContrastDrillsDown(t, p, o, g.Outage.From, 30, 2, true)
			}
			checkContrastQuietHours(t, p, g.Window.From, g.Outage.From)
		})
	}
}

// TestContrastFindsAnOutageInASmallService plants, in a day without the scenario's outage, an outage in a service
// that holds 1 % of the tickets: 20× its own rate for the last 15 minutes, its tickets otherwise like any other.
func TestContrastFindsAnOutageInASmallService(t *testing.T) {
	g := generate(t, "--hours", "48", "--end", "2026-11-22T16:00:00Z")
	rng := rand.New(rand.NewPCG(7, 11)) // #nosec G404 -- a reproducible test plant
	var base []tickets.Ticket
	s := g.store()
	s.Read(func(v *store.View) {
		opened := v.Times(store.KeyOpened)
		service := v.Category("service")
		for row := range v.Len() {
			base = append(base, tickets.Ticket{ID: fmt.Sprint("SHOP-", row+1), Opened: store.TimeOf(opened[row]), Updated: store.TimeOf(opened[row]),
				Severity: v.Category(store.KeySeverity).Value(row), Status: "New",
				Dimensions: map[string][]string{"service": {service.Value(row)}, "region": {v.Category("region").Value(row)}, "category": {v.Category("category").Value(row)}}})
		}
	})
	var ts []tickets.Ticket
	for _, x := range base {
		if x.Opened.After(g.Window.To.Add(-2 * time.Hour)) {
			continue // the scenario's own outage ran in the last 40 minutes: leave out its hours
		}
		if rng.Float64() < 0.01 {
			x.Dimensions["service"] = []string{"ledger"}
		}
		ts = append(ts, x)
	}
	end := g.Window.To.Add(-2 * time.Hour)
	small := 0
	for _, x := range ts {
		if x.Dimensions["service"][0] == "ledger" && x.Opened.After(end.Add(-24*time.Hour)) {
			small++
		}
	}
	perMinute := float64(small) / (24 * 60)
	planted := int(19 * perMinute * 15) // 19× more on top of its own: 20× its rate
	for i := range planted {
		x := ts[rng.IntN(len(ts))]
		at := end.Add(-time.Duration(rng.Int64N(int64(contrastSelection))))
		ts = append(ts, tickets.Ticket{ID: fmt.Sprint("PLANT-", i), Opened: at, Updated: at, Severity: x.Severity, Status: "New",
			Dimensions: map[string][]string{"service": {"ledger"}, "region": x.Dimensions["region"], "category": x.Dimensions["category"]}})
	}
	planted2 := store.New()
	planted2.Upsert([]tickets.Dimension{{Key: "service", Name: "Service"}, {Key: "region", Name: "Region"}, {Key: "category", Name: "Category"}}, ts)
	p := engineRunner{s: planted2}
	t.Logf("ledger: %d tickets a day (%.2f a minute, 1 %% of them); %d planted in the last 15 minutes", small, perMinute, planted)
	for _, baseline := range []string{"previous", "seasonal"} {
		singles, pairs, _ := contrastRows(t, p, baseline, end.Add(-contrastSelection), end, nil)
		t.Logf("%s: %v %v", baseline, singles, pairs)
		if len(singles) == 0 || singles[0] != "service=ledger" {
			t.Errorf("%s baseline: %v, want service=ledger first", baseline, singles)
		}
	}
}

// TestContrastThroughThePlugin runs the outage checks through the built plugin over Grafana's protocol on the
// scenario synced from Redmine.
func TestContrastThroughThePlugin(t *testing.T) {
	sc := loadScenario(t)
	p := syncedPlugin(t, sc)
	o := outageNames{sc.Outage.Service, sc.Outage.Region, sc.Outage.Category}
	// This one sample's outage falls wherever the clock puts it: at the 5th minute its few tickets can rank Network
	// level with EMEA (4 of 24 generated hours), from the 10th on every hour is localized; the 5th minute is
	// asserted on the generated scenarios.
	checkContrastNamesTheOutage(t, p, o, sc.Outage.From, "1× (Redmine)", map[string]int{"previous": 10, "seasonal": 10}, false)
	// Within checkout ∧ EMEA (0.75 % of the usual tickets) this one sample's seasonal baseline may hold under one
	// ticket, so the live run follows the first two clicks, the second to any of the outage's values; the exact
	// path to the third (Network) is asserted on the generated scenarios.
	checkContrastDrillsDown(t, p, o, sc.Outage.From, 30, 2, false)
	a := p.run(t, query{RefID: "S", JSON: json.RawMessage(`{"queryType":"contrast","baseline":"previous"}`), From: sc.Outage.From, To: sc.Outage.From.Add(20 * time.Second)})
	if !strings.Contains(a["S"].Err, "the range is 20s long: contrast needs at least 1m0s") {
		t.Errorf("a 20 s range: %q, want the message naming the range", a["S"].Err)
	}
}

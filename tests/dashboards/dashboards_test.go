//go:build integration

package dashboards

import (
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"
)

const datasourceType = "spacetime-tickets-datasource"

// Redmine's default priorities, least severe first: the frontend turns an annotation's minimum severity into
// `severity =| (that one and the ones above)` before the query reaches the backend.
var redmineSeverities = []string{"Low", "Normal", "High", "Urgent", "Immediate"}

type dashboard struct {
	file   string
	UID    string `json:"uid"`
	Title  string `json:"title"`
	Time   struct{ From, To string }
	Panels []panel `json:"panels"`
	Annos  struct {
		List []struct {
			Name       string `json:"name"`
			Datasource struct{ Type string }
			Target     json.RawMessage `json:"target"`
		} `json:"list"`
	} `json:"annotations"`
	Templating struct {
		List []struct {
			Name  string          `json:"name"`
			Type  string          `json:"type"`
			Query json.RawMessage `json:"query"`
		} `json:"list"`
	} `json:"templating"`
}

type panel struct {
	ID      int               `json:"id"`
	Type    string            `json:"type"`
	Title   string            `json:"title"`
	Panels  []panel           `json:"panels"`
	Targets []json.RawMessage `json:"targets"`
}

func loadDashboards(t *testing.T) []dashboard {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(repoRoot(), "src/dashboards/*.json"))
	if len(files) < 2 {
		t.Fatalf("found %d dashboards in src/dashboards", len(files))
	}
	var out []dashboard
	for _, f := range files {
		if filepath.Base(f) == "operation-chains.json" {
			continue // the log engine's dashboard: tests/clickhouse runs its queries against the ClickHouse cluster
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		d := dashboard{file: filepath.Base(f)}
		if err := json.Unmarshal(b, &d); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		out = append(out, d)
	}
	return out
}

func (d dashboard) allPanels() []panel {
	var out []panel
	var walk func(ps []panel)
	walk = func(ps []panel) {
		for _, p := range ps {
			out = append(out, p)
			walk(p.Panels)
		}
	}
	walk(d.Panels)
	return out
}

// timeRange reads the dashboard's default "now-<N>h" range, anchored at the scenario's end.
func (d dashboard) timeRange(t *testing.T, end time.Time) (time.Time, time.Time) {
	m := regexp.MustCompile(`^now-(\d+)h$`).FindStringSubmatch(d.Time.From)
	if m == nil || d.Time.To != "now" {
		t.Fatalf("%s: time range %s to %s is not now-<N>h to now", d.file, d.Time.From, d.Time.To)
	}
	h, _ := strconv.Atoi(m[1])
	return end.Add(-time.Duration(h) * time.Hour), end
}

// interpolate does what the frontend's applyTemplateVariables does for the variables these dashboards use
// when the dashboard opens: no search text, no ad hoc filters, the chosen service.
func interpolate(raw json.RawMessage, vars map[string]string) json.RawMessage {
	s := string(raw)
	for name, v := range vars {
		s = strings.ReplaceAll(s, "${"+name+"}", v)
		s = strings.ReplaceAll(s, "$"+name, v)
	}
	return json.RawMessage(s)
}

func isSpacetime(target json.RawMessage) bool {
	var t struct{ Datasource struct{ Type string } }
	_ = json.Unmarshal(target, &t)
	return t.Datasource.Type == datasourceType
}

// TestEveryPanelGetsTheFrameItsPanelTypeDraws runs every Spacetime query of both dashboards through the built
// backend against the scenario in Redmine, over the dashboards' default time range at the scenario's end, and
// checks the frames against what the panel type needs and what the panel should answer during the outage.
func TestEveryPanelGetsTheFrameItsPanelTypeDraws(t *testing.T) {
	sc := loadScenario(t)
	p := syncedPlugin(t, sc)
	vars := map[string]string{"search": "", "service": sc.Outage.Service, "datasource": "spacetime-redmine"}

	for _, d := range loadDashboards(t) {
		from, to := d.timeRange(t, sc.Window.To)
		for _, pn := range d.allPanels() {
			for i, target := range pn.Targets {
				if !isSpacetime(target) {
					continue
				}
				name := fmt.Sprintf("%s/%s#%d", d.file, pn.Title, i)
				t.Run(name, func(t *testing.T) {
					q := query{RefID: "A", JSON: interpolate(target, vars), From: from, To: to}
					a := p.run(t, q)["A"]
					if a.Err != "" {
						t.Fatalf("query %s: %s", q.JSON, a.Err)
					}
					if len(a.Frames) != 1 {
						t.Fatalf("%d frames, want 1", len(a.Frames))
					}
					checkPanelFrame(t, pn, q.JSON, a.Frames[0], sc)
					dumpFrames(t, d, pn, a.Frames, from, to)
				})
			}
		}
		for _, an := range d.Annos.List {
			if an.Datasource.Type != datasourceType {
				continue
			}
			t.Run(d.file+"/annotation "+an.Name, func(t *testing.T) {
				checkAnnotations(t, p, interpolate(an.Target, vars), from, to, sc)
			})
		}
		for _, v := range d.Templating.List {
			if v.Type != "query" {
				continue
			}
			t.Run(d.file+"/variable "+v.Name, func(t *testing.T) {
				var vq struct{ Field string }
				if err := json.Unmarshal(v.Query, &vq); err != nil || vq.Field == "" {
					t.Fatalf("variable query %s: %v", v.Query, err)
				}
				q := url.Values{"field": {vq.Field}, "from": {fmt.Sprint(from.UnixMilli())}, "to": {fmt.Sprint(to.UnixMilli())}}
				res := p.resource(t, "values", q.Encode())
				var values []struct{ Value string }
				if err := json.Unmarshal(res.Body, &values); err != nil || len(values) == 0 {
					t.Fatalf("values of %s: %v (%s)", vq.Field, err, res.Body)
				}
				if values[0].Value != sc.Outage.Service {
					t.Errorf("the %s variable opens on %q; during the outage the busiest service is %q", v.Name, values[0].Value, sc.Outage.Service)
				}
			})
		}
	}
}

func checkPanelFrame(t *testing.T, pn panel, q json.RawMessage, f *data.Frame, sc scenario) {
	t.Helper()
	var spec struct {
		QueryType string
		GroupBy   []string
		Stats     []string
		Filter    *struct{ Key, Value string }
	}
	_ = json.Unmarshal(q, &spec)
	if spec.QueryType == "contrast" {
		checkWhatChanged(t, f, spec.Filter != nil, sc)
		return
	}
	switch pn.Type {
	case "timeseries":
		if f.Meta == nil || f.Meta.Type != data.FrameTypeTimeSeriesWide || len(f.Fields) < 2 || f.Fields[0].Type() != data.FieldTypeTime {
			t.Fatalf("not a wide time series: meta %+v, %d fields", f.Meta, len(f.Fields))
		}
		perBucket := make([]float64, f.Rows())
		for _, fld := range f.Fields[1:] {
			if !fld.Type().Numeric() || fld.Labels[spec.GroupBy[0]] == "" {
				t.Fatalf("series %s %v is not a number series labelled by %s", fld.Name, fld.Labels, spec.GroupBy[0])
			}
			for i := range perBucket {
				v, _ := fld.FloatAt(i)
				perBucket[i] += v
			}
		}
		before, during := splitAt(f.Fields[0], perBucket, sc.Outage.From)
		if len(before) == 0 || len(during) == 0 || maxOf(during) < 2*median(before) {
			t.Errorf("the outage does not stand out: peak %v per bucket during it, median %v before", maxOf(during), median(before))
		}
	case "piechart", "barchart":
		if f.Meta == nil || f.Meta.Type != data.FrameTypeNumericLong || len(f.Fields) != 2 || f.Rows() == 0 {
			t.Fatalf("want numeric-long with one string and one number field, got meta %+v, %d fields, %d rows", f.Meta, len(f.Fields), f.Rows())
		}
		label, count := f.Fields[0], f.Fields[1]
		if label.Type() != data.FieldTypeString || label.Name != spec.GroupBy[0] || !count.Type().Numeric() {
			t.Fatalf("fields %s (%s), %s (%s): want the %s text and a count", label.Name, label.Type(), count.Name, count.Type(), spec.GroupBy[0])
		}
		top, _ := label.ConcreteAt(0)
		switch spec.GroupBy[0] {
		case "service":
			if top != sc.Outage.Service {
				t.Errorf("largest service %q, want the outage's %q", top, sc.Outage.Service)
			}
		case "region":
			if top != sc.Outage.Region {
				t.Errorf("largest region %q, want the outage's %q", top, sc.Outage.Region)
			}
		}
	case "stat":
		if f.Meta == nil || f.Meta.Type != data.FrameTypeNumericWide || f.Rows() != 1 || len(f.Fields) != len(spec.Stats) {
			t.Fatalf("want numeric-wide with one row and %d numbers, got meta %+v, %d rows, %d fields", len(spec.Stats), f.Meta, f.Rows(), len(f.Fields))
		}
		got := map[string]float64{}
		for _, fld := range f.Fields {
			if !fld.Type().Numeric() {
				t.Fatalf("stat field %s is %s", fld.Name, fld.Type())
			}
			got[fld.Name], _ = fld.FloatAt(0)
		}
		if rate, ok := got["rate"]; ok && rate <= got["baseline"] {
			t.Errorf("last hour %v tickets, the hour before %v: the ongoing outage should raise it", rate, got["baseline"])
		}
		if change, ok := got["change"]; ok && change <= 50 {
			t.Errorf("change vs previous hour %v %%, want well above 50 %% during the outage", change)
		}
		if opened, ok := got["opened"]; ok && opened < float64(sc.Outage.Tickets) {
			t.Errorf("opened %v, fewer than the outage's %d tickets", opened, sc.Outage.Tickets)
		}
	case "spacetime-tickettable-panel":
		checkTickets(t, f, spec.Filter)
	default:
		t.Fatalf("panel type %s has no frame check", pn.Type)
	}
}

func checkTickets(t *testing.T, f *data.Frame, only *struct{ Key, Value string }) {
	t.Helper()
	fields := map[string]*data.Field{}
	for _, fld := range f.Fields {
		fields[fld.Name] = fld
	}
	for _, k := range []string{"id", "title", "severity", "status", "opened", "service"} {
		if fields[k] == nil {
			t.Fatalf("tickets frame has no %s field", k)
		}
	}
	if f.Rows() == 0 {
		t.Fatal("no tickets")
	}
	if only != nil {
		for i := 0; i < f.Rows(); i++ {
			if v, _ := fields[only.Key].ConcreteAt(i); v != only.Value {
				t.Fatalf("row %d has %s %q, want only %q", i, only.Key, v, only.Value)
			}
		}
	}
}

func checkAnnotations(t *testing.T, p *plugin, target json.RawMessage, from, to time.Time, sc scenario) {
	t.Helper()
	var a map[string]any
	if err := json.Unmarshal(target, &a); err != nil {
		t.Fatal(err)
	}
	minSeverity, _ := a["minSeverity"].(string)
	delete(a, "minSeverity")
	at := slices.Index(redmineSeverities, minSeverity)
	if at < 0 {
		t.Fatalf("annotation minimum severity %q is not a Redmine priority", minSeverity)
	}
	a["filter"] = map[string]any{"op": "and", "filters": []any{a["filter"], map[string]any{"key": "severity", "operator": "=|", "values": redmineSeverities[at:]}}}
	res := p.run(t, query{RefID: "Anno", JSON: mustJSON(a), From: from, To: to})["Anno"]
	if res.Err != "" || len(res.Frames) != 1 {
		t.Fatalf("annotation query: %q, %d frames", res.Err, len(res.Frames))
	}
	f := res.Frames[0]
	checkTickets(t, f, &struct{ Key, Value string }{"service", sc.Outage.Service})
	sev, _ := f.FieldByName("severity")
	for i := 0; i < f.Rows(); i++ {
		if v, _ := sev.ConcreteAt(i); !slices.Contains(redmineSeverities[at:], v.(string)) {
			t.Fatalf("annotation for a %q ticket, below %s", v, minSeverity)
		}
	}
}

func splitAt(times *data.Field, values []float64, at time.Time) (before, after []float64) {
	for i, v := range values {
		ts, _ := times.ConcreteAt(i)
		if ts.(time.Time).Before(at) {
			before = append(before, v)
		} else {
			after = append(after, v)
		}
	}
	return before, after
}

func median(xs []float64) float64 {
	s := slices.Clone(xs)
	sort.Float64s(s)
	return s[len(s)/2]
}

func maxOf(xs []float64) float64 { return slices.Max(xs) }

// dumpFrames writes a panel's frames (data frame JSON, as @grafana/data reads it) to $SPACETIME_DUMP_FRAMES,
// one file per dashboard panel, with the time range: the sandbox renders the dashboards from them.
func dumpFrames(t *testing.T, d dashboard, pn panel, frames data.Frames, from, to time.Time) {
	dir := os.Getenv("SPACETIME_DUMP_FRAMES")
	if dir == "" {
		return
	}
	if !filepath.IsAbs(dir) {
		dir = filepath.Join(repoRoot(), dir) // go test runs in the package's folder
	}
	out := map[string]any{"from": from.UnixMilli(), "to": to.UnixMilli(), "frames": frames}
	path := filepath.Join(dir, strings.TrimSuffix(d.file, ".json"), fmt.Sprintf("panel-%d.json", pn.ID))
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, mustJSON(out), 0o644); err != nil {
		t.Fatal(err)
	}
}

// checkWhatChanged checks a "What changed" panel's frame during the outage: numeric-long, rows named by their
// values with a filter link, the outage's service first and its region second (or, scoped to the service, its
// region first).
func checkWhatChanged(t *testing.T, f *data.Frame, scoped bool, sc scenario) {
	t.Helper()
	if f.Meta == nil || f.Meta.Type != data.FrameTypeNumericLong || f.Rows() == 0 {
		t.Fatalf("want a numeric-long frame with rows, got meta %+v, %d rows", f.Meta, f.Rows())
	}
	name, _ := f.FieldByName("name")
	links, _ := f.FieldByName("filters")
	excess, _ := f.FieldByName("excess")
	if name == nil || links == nil || excess == nil {
		t.Fatalf("fields %v: want name, filters and excess", f.Fields)
	}
	var names []string
	for i := range f.Rows() {
		names = append(names, name.At(i).(string))
		if x, _ := excess.FloatAt(i); !(x > 0) {
			t.Errorf("row %s has excess %v", names[i], x)
		}
	}
	t.Logf("what changed: %v", names)
	if !scoped && (len(names) < 2 || names[0] != "service="+sc.Outage.Service || names[1] != "region="+sc.Outage.Region) {
		t.Errorf("first %v, want service=%s, then region=%s", names, sc.Outage.Service, sc.Outage.Region)
	}
	if !scoped && links.At(0).(string) != "var-filters=service%7C%3D%7C"+sc.Outage.Service {
		t.Errorf("first row's filter link %q", links.At(0))
	}
	if scoped && names[0] != "region="+sc.Outage.Region {
		t.Errorf("within %s, first %v: want region=%s first", sc.Outage.Service, names, sc.Outage.Region)
	}
}

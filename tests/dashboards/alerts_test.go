//go:build integration

package dashboards

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"text/template"
	"time"

	"go.yaml.in/yaml/v3"
)

// alertRule is a rule of Grafana's alerting file-provisioning format, the parts evaluation needs.
type alertRule struct {
	UID       string `json:"uid"`
	Title     string `json:"title"`
	Condition string `json:"condition"`
	For       string `json:"for"`
	Data      []struct {
		RefID             string `json:"refId"`
		DatasourceUID     string `json:"datasourceUid"`
		RelativeTimeRange struct {
			From int `json:"from"`
			To   int `json:"to"`
		} `json:"relativeTimeRange"`
		Model json.RawMessage `json:"model"`
	} `json:"data"`
	Labels      map[string]string `json:"labels"`
	Annotations map[string]string `json:"annotations"`
}

type exprModel struct {
	Type       string `json:"type"`
	Expression string `json:"expression"`
	Conditions []struct {
		Evaluator struct {
			Type   string    `json:"type"`
			Params []float64 `json:"params"`
		} `json:"evaluator"`
	} `json:"conditions"`
}

func loadAlertRules(t *testing.T) (rules []alertRule, interval time.Duration) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(repoRoot(), "provisioning/alerting/spacetime.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var doc any
	if err := yaml.Unmarshal(b, &doc); err != nil {
		t.Fatalf("provisioning/alerting/spacetime.yaml is not YAML: %v", err)
	}
	var file struct {
		Groups []struct {
			Name     string      `json:"name"`
			Interval string      `json:"interval"`
			Rules    []alertRule `json:"rules"`
		} `json:"groups"`
	}
	if err := json.Unmarshal(mustJSON(doc), &file); err != nil {
		t.Fatalf("alerting provisioning: %v", err)
	}
	// The ticket-rate rules; the log engine's group (chain p95) is evaluated by tests/clickhouse.
	for _, g := range file.Groups {
		if g.Name != ticketRateGroup {
			continue
		}
		interval, err = time.ParseDuration(g.Interval)
		if err != nil {
			t.Fatalf("group interval: %v", err)
		}
		return g.Rules, interval
	}
	t.Fatalf("alerting provisioning has no group %q", ticketRateGroup)
	return nil, 0
}

// ticketRateGroup is the provisioned rule group of the ticket-rate rules.
const ticketRateGroup = "Ticket rates"

// runner answers data queries as the datasource does: the built plugin over Grafana's protocol (plugin), or
// the engine over a store loaded from a generated scenario (engineRunner, for volumes Redmine is too slow for).
type runner interface {
	run(t *testing.T, queries ...query) map[string]answer
}

// evaluate runs a rule at time `at` as Grafana's scheduler would: the data queries over their relative time
// ranges in one request, then the expressions in order. It returns the condition's number set and every
// query's and expression's result (for the annotation templates).
func evaluate(t *testing.T, p runner, r alertRule, at time.Time) (Numbers, map[string]Numbers) {
	t.Helper()
	var queries []query
	for _, d := range r.Data {
		if d.DatasourceUID == "__expr__" {
			continue
		}
		queries = append(queries, query{RefID: d.RefID, JSON: d.Model,
			From: at.Add(-time.Duration(d.RelativeTimeRange.From) * time.Second),
			To:   at.Add(-time.Duration(d.RelativeTimeRange.To) * time.Second)})
	}
	answers := p.run(t, queries...)
	results := map[string]Numbers{}
	for _, d := range r.Data {
		if d.DatasourceUID != "__expr__" {
			a := answers[d.RefID]
			if a.Err != "" {
				t.Fatalf("%s: query %s at %s: %s", r.Title, d.RefID, at, a.Err)
			}
			ns, err := FramesToNumbers(a.Frames)
			if err != nil {
				t.Fatalf("%s: query %s: alerting would reject its frames: %v", r.Title, d.RefID, err)
			}
			results[d.RefID] = ns
			continue
		}
		var m exprModel
		if err := json.Unmarshal(d.Model, &m); err != nil {
			t.Fatalf("%s: expression %s: %v", r.Title, d.RefID, err)
		}
		var out Numbers
		var err error
		switch m.Type {
		case "math":
			out, err = Math(m.Expression, results)
		case "threshold":
			if len(m.Conditions) != 1 {
				t.Fatalf("%s: threshold %s has %d conditions", r.Title, d.RefID, len(m.Conditions))
			}
			out, err = Threshold(results[m.Expression], m.Conditions[0].Evaluator.Type, m.Conditions[0].Evaluator.Params)
		default:
			t.Fatalf("%s: expression type %q is not supported by this stand-in", r.Title, m.Type)
		}
		if err != nil {
			t.Fatalf("%s: expression %s: %v", r.Title, d.RefID, err)
		}
		results[d.RefID] = out
	}
	cond, ok := results[r.Condition]
	if !ok {
		t.Fatalf("%s: condition %s is not a query or expression", r.Title, r.Condition)
	}
	return cond, results
}

// firingSpan is when one alert instance (a label set) went from pending to firing, and its values then.
type firingSpan struct {
	instance string
	at       time.Time
	values   map[string]Numbers
}

// seasonalHistory is how much history the rules need before their first evaluation: the seasonal baseline
// takes its median over the previous days the store holds, so at least one whole day.
const seasonalHistory = 24 * time.Hour

// TestAlertRulesFireOnTheOutageNotInTheQuietHours evaluates each provisioned rule every group interval across
// the scenario's days (from the point its queries have a day of history), with Grafana's pending period
// (`for`), and checks that each fires during the outage, only for the outage's service, and never before the
// outage: not on a morning ramp, not in a quiet hour. The annotation templates are rendered for the firing
// instance as Grafana renders them.
func TestAlertRulesFireOnTheOutageNotInTheQuietHours(t *testing.T) {
	sc := loadScenario(t)
	p := syncedPlugin(t, sc)
	rules, interval := loadAlertRules(t)
	if len(rules) < 2 {
		t.Fatalf("%d alert rules, want the spike rule and the per-service rule", len(rules))
	}
	for _, r := range rules {
		t.Run(r.Title, func(t *testing.T) {
			fired := fireAcross(t, p, r, interval, sc.Window.From, sc.Window.To)
			checkFirings(t, fired, sc.Outage.Service, sc.Outage.Region, sc.Outage.From)
			checkAnnotationTemplates(t, r, fired[0], sc)
		})
	}
}

// fireAcross evaluates r every interval from the first time its queries have data (a day of history and its
// longest relative range after from) to `to`, and returns each instance's first firing.
func fireAcross(t *testing.T, p runner, r alertRule, interval time.Duration, from, to time.Time) []firingSpan {
	t.Helper()
	pending, err := time.ParseDuration(r.For)
	if err != nil {
		t.Fatalf("for %q: %v", r.For, err)
	}
	longest := 0
	for _, d := range r.Data {
		longest = max(longest, d.RelativeTimeRange.From)
	}
	start := from.Add(seasonalHistory + time.Duration(longest)*time.Second).Truncate(interval).Add(interval)
	since := map[string]time.Time{}
	var fired []firingSpan
	evaluations := 0
	for at := start; !at.After(to); at = at.Add(interval) {
		cond, values := evaluate(t, p, r, at)
		evaluations++
		now := Firing(cond)
		for inst := range since {
			if !slices.Contains(now, inst) {
				delete(since, inst)
			}
		}
		for _, inst := range now {
			if _, ok := since[inst]; !ok {
				since[inst] = at
			}
			if !at.Before(since[inst].Add(pending)) && !firedAlready(fired, inst) {
				fired = append(fired, firingSpan{instance: inst, at: at, values: values})
			}
		}
	}
	t.Logf("%s: %d evaluations from %s to %s", r.Title, evaluations, start.Format(time.DateTime), to.Format(time.DateTime))
	return fired
}

// checkFirings checks that the rule fired, for the outage's service only, within 15 minutes of the outage's
// start and never before it.
func checkFirings(t *testing.T, fired []firingSpan, service, region string, outage time.Time) {
	t.Helper()
	if len(fired) == 0 {
		t.Fatalf("never fired; the outage (%s in %s) ran from %s", service, region, outage.Format(time.DateTime))
	}
	for _, f := range fired {
		t.Logf("fired %s at %s, %s after the outage began", f.instance, f.at.Format(time.DateTime), f.at.Sub(outage))
		if f.at.Before(outage) {
			t.Errorf("fired %s at %s, in the quiet hours before the outage (%s)", f.instance, f.at.Format(time.DateTime), outage.Format(time.DateTime))
		}
		if f.instance != "" && f.instance != "service="+service {
			t.Errorf("fired for %s; only the outage's service %s should", f.instance, service)
		}
		if f.at.After(outage.Add(15 * time.Minute)) {
			t.Errorf("fired %s after the outage had run for %s: too late for on-call", f.instance, f.at.Sub(outage))
		}
	}
}

func firedAlready(fired []firingSpan, inst string) bool {
	return slices.ContainsFunc(fired, func(f firingSpan) bool { return f.instance == inst })
}

// templateValue is what Grafana's $values.<refId> holds: the labels and the value of one instance.
type templateValue struct {
	Labels map[string]string
	Value  float64
}

func (v templateValue) String() string { return fmt.Sprint(v.Value) }

// checkAnnotationTemplates renders the rule's annotations for the firing instance the way Grafana does (Go
// templates with $labels and $values defined) and checks that they name the service and link the dashboard.
func checkAnnotationTemplates(t *testing.T, r alertRule, f firingSpan, sc scenario) {
	t.Helper()
	labels := map[string]string{}
	values := map[string]templateValue{}
	for ref, ns := range f.values {
		for key, n := range ns {
			if key == f.instance || len(ns) == 1 {
				values[ref] = templateValue{Labels: n.Labels, Value: n.Value}
				if key == f.instance {
					for k, v := range n.Labels {
						labels[k] = v
					}
				}
			}
		}
	}
	for k, v := range r.Labels {
		labels[k] = v
	}
	for name, text := range r.Annotations {
		if strings.HasPrefix(name, "__") {
			continue
		}
		tmpl, err := template.New(name).Option("missingkey=error").Parse(`{{- $labels := .Labels -}}{{- $values := .Values -}}` + text)
		if err != nil {
			t.Fatalf("annotation %s: %v", name, err)
		}
		var out strings.Builder
		if err := tmpl.Execute(&out, map[string]any{"Labels": labels, "Values": values}); err != nil {
			t.Fatalf("annotation %s: %v", name, err)
		}
		t.Logf("%s: %s", name, out.String())
		if strings.Contains(out.String(), "<no value>") {
			t.Errorf("annotation %s renders a missing value: %s", name, out.String())
		}
		if f.instance != "" && name == "summary" && !strings.Contains(out.String(), sc.Outage.Service) {
			t.Errorf("summary does not name the service %s: %s", sc.Outage.Service, out.String())
		}
		if _, likely, ok := strings.Cut(out.String(), "Likely: "); ok && !strings.HasPrefix(likely, "service="+sc.Outage.Service+" ×") || ok && !strings.Contains(likely, ", region="+sc.Outage.Region+" ×") {
			t.Errorf("annotation %s does not name service=%s first and region=%s second: %s", name, sc.Outage.Service, sc.Outage.Region, out.String())
		}
		if f.instance != "" && name == "dashboard_url" && !strings.Contains(out.String(), "var-filters=service%7C%3D%7C"+sc.Outage.Service) {
			t.Errorf("dashboard link is not filtered to %s: %s", sc.Outage.Service, out.String())
		}
	}
}

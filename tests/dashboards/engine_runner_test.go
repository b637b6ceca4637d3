//go:build integration

package dashboards

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/spacetime/tickets/pkg/engine"
	spq "github.com/spacetime/tickets/pkg/query"
	"github.com/spacetime/tickets/pkg/store"
	"github.com/spacetime/tickets/pkg/tickets"
)

// generated is a scenario written by tools/scenario/cli.ts: its window, its outage and its tickets.
type generated struct {
	Window struct {
		From time.Time `json:"from"`
		To   time.Time `json:"to"`
	} `json:"window"`
	Outage struct {
		Service  string    `json:"service"`
		Region   string    `json:"region"`
		Category string    `json:"category"`
		From     time.Time `json:"from"`
	} `json:"outage"`
	Tickets []struct {
		Subject, Tracker, Priority, Status string
		Category, Service, Region, Team    string
		Closed                             bool
		Created, Updated                   time.Time
		ClosedOn                           *time.Time
	} `json:"tickets"`
}

// generate runs the scenario generator (without descriptions: no query here reads them) and loads its output.
func generate(t *testing.T, args ...string) generated {
	t.Helper()
	out := filepath.Join(t.TempDir(), "scenario.json")
	cmd := exec.Command(filepath.Join(repoRoot(), "node_modules/.bin/tsx"), append([]string{"tools/scenario/cli.ts", "--no-descriptions", "--out", out}, args...)...)
	cmd.Dir = repoRoot()
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("scenario generator %v: %v\n%s", args, err, b)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var g generated
	if err := json.Unmarshal(b, &g); err != nil {
		t.Fatalf("scenario JSON: %v", err)
	}
	return g
}

// store holds the scenario's tickets as the Redmine connector maps them (tracker, category and the custom
// fields service, region, team as dimensions; priority as severity).
func (g generated) store() *store.Store {
	ts := make([]tickets.Ticket, len(g.Tickets))
	for i, x := range g.Tickets {
		ts[i] = tickets.Ticket{ID: fmt.Sprint("SHOP-", i+1), Title: x.Subject, Severity: x.Priority, Status: x.Status, Closed: x.Closed,
			Opened: x.Created, Updated: x.Updated, Resolved: x.ClosedOn,
			Dimensions: map[string][]string{"tracker": {x.Tracker}, "category": {x.Category}, "service": {x.Service}, "region": {x.Region}, "team": {x.Team}}}
	}
	s := store.New()
	s.Upsert([]tickets.Dimension{{Key: "tracker", Name: "Tracker"}, {Key: "category", Name: "Category"},
		{Key: "service", Name: "Service"}, {Key: "region", Name: "Region"}, {Key: "team", Name: "Team"}}, ts)
	return s
}

// engineRunner answers queries with the engine directly, as the plugin's handlers do after parsing.
type engineRunner struct{ s *store.Store }

func (e engineRunner) run(t *testing.T, queries ...query) map[string]answer {
	t.Helper()
	out := map[string]answer{}
	for _, q := range queries {
		f, err := e.one(q)
		a := answer{Frames: data.Frames{f}}
		if err != nil {
			a = answer{Err: err.Error()}
		}
		out[q.RefID] = a
	}
	return out
}

func (e engineRunner) one(q query) (*data.Frame, error) {
	var head struct {
		QueryType string `json:"queryType"`
	}
	if err := json.Unmarshal(q.JSON, &head); err != nil {
		return nil, err
	}
	r := engine.Request{From: q.From, To: q.To, Interval: time.Minute, MaxDataPoints: 1000}
	switch head.QueryType {
	case spq.TypeStats:
		p, _, err := spq.ParseStats(q.JSON)
		if err != nil {
			return nil, err
		}
		return engine.Stats(e.s, p, r)
	case spq.TypeBreakdown:
		p, _, err := spq.ParseBreakdown(q.JSON)
		if err != nil {
			return nil, err
		}
		return engine.Breakdown(e.s, p, r)
	case spq.TypeContrast:
		p, _, err := spq.ParseContrast(q.JSON)
		if err != nil {
			return nil, err
		}
		return engine.Contrast(e.s, p, r)
	case spq.TypeTimeseries:
		p, _, err := spq.ParseTimeseries(q.JSON)
		if err != nil {
			return nil, err
		}
		return engine.Timeseries(e.s, p, r)
	}
	return nil, fmt.Errorf("query type %q is not run by the engine runner", head.QueryType)
}

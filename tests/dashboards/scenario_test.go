//go:build integration

package dashboards

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"
)

const scenarioProject = "shop"

// scenario is the summary the seeder writes next to Redmine's env file: the window and the outage.
type scenario struct {
	Tickets int `json:"tickets"`
	Window  struct {
		From time.Time `json:"from"`
		To   time.Time `json:"to"`
	} `json:"window"`
	Outage struct {
		Service  string    `json:"service"`
		Region   string    `json:"region"`
		Category string    `json:"category"`
		From     time.Time `json:"from"`
		To       time.Time `json:"to"`
		Tickets  int       `json:"tickets"`
	} `json:"outage"`
}

func loadScenario(t *testing.T) scenario {
	t.Helper()
	path := os.Getenv("SPACETIME_SCENARIO")
	if path == "" {
		path = filepath.Join(repoRoot(), ".cache/redmine/shop-scenario.json")
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("scenario summary: %v (seed it: scripts/redmine/redmine.sh seed-scenario)", err)
	}
	var s scenario
	if err := json.Unmarshal(b, &s); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if s.Outage.Service == "" || s.Outage.Category == "" || s.Window.To.IsZero() || s.Tickets == 0 {
		t.Fatalf("%s lacks the window, the ticket count or the outage (service, region, category): %s (reseed it: scripts/redmine/redmine.sh reseed-scenario)", path, b)
	}
	return s
}

//go:build integration

package dashboards

import (
	"fmt"
	"testing"
	"time"
)

// volumeCases are the scenario at the demo's volume, ten times it and a tenth of it, with the outage at
// different times of day: at the afternoon peak, where the factor is the hurdle, and at night, where the
// minimum count is. Each runs over four days, so three days of evaluations follow a day of history.
var volumeCases = []struct {
	volume float64
	end    string // the outage starts 40 minutes before
}{
	{0.1, "2026-11-22T16:00:00Z"},
	{0.1, "2026-11-22T04:00:00Z"},
	{1, "2026-11-22T10:00:00Z"},
	{10, "2026-11-22T16:00:00Z"},
}

// TestAlertRulesAtEveryVolume evaluates the provisioned rules, unchanged, on generated scenarios at 0.1×, 1×
// and 10× the volume, through the engine (a 10× Redmine backfill would take most of an hour): each fires on the
// outage within minutes and stays quiet through every morning ramp and quiet hour of the days before.
func TestAlertRulesAtEveryVolume(t *testing.T) {
	rules, interval := loadAlertRules(t)
	for _, c := range volumeCases {
		t.Run(fmt.Sprintf("%gx outage at %s", c.volume, c.end), func(t *testing.T) {
			g := generate(t, "--hours", "96", "--volume", fmt.Sprint(c.volume), "--end", c.end)
			start := time.Now()
			p := engineRunner{s: g.store()}
			t.Logf("%d tickets, outage from %s", len(g.Tickets), g.Outage.From.Format(time.DateTime))
			for _, r := range rules {
				fired := fireAcross(t, p, r, interval, g.Window.From, g.Window.To)
				checkFirings(t, fired, g.Outage.Service, g.Outage.Region, g.Outage.From)
			}
			t.Logf("evaluated in %s", time.Since(start).Round(time.Millisecond))
		})
	}
}

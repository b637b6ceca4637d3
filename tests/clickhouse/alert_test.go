//go:build integration

package clickhouse

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

// TestChainP95AlertRule evaluates the provisioned rule "Chain p95 above 2 s" as Grafana's ruler would —
// query A (the rule's own model and relative range) through the plugin, B = last of A, C = B > threshold —
// before the planted slow minute (it must not fire) and after it (it must).
func TestChainP95AlertRule(t *testing.T) {
	s := serverFromEnv(t)
	cfg := generated(t)
	p := startPlugin(t)
	pc := s.settings(30, nil)
	_, body, _ := strings.Cut(string(repoFile(t, "provisioning/alerting/spacetime.yaml")), "\n") // the first line is a comment; the rest is JSON
	var doc struct {
		Groups []struct {
			Rules []struct {
				UID  string `json:"uid"`
				Data []struct {
					RefID             string               `json:"refId"`
					RelativeTimeRange struct{ From int64 } `json:"relativeTimeRange"`
					Model             json.RawMessage      `json:"model"`
				} `json:"data"`
			} `json:"rules"`
		} `json:"groups"`
	}
	if err := json.Unmarshal([]byte(body), &doc); err != nil {
		t.Fatal(err)
	}
	var query json.RawMessage
	var lookback time.Duration
	var threshold float64
	for _, g := range doc.Groups {
		for _, r := range g.Rules {
			if r.UID != "spacetime-chain-p95" {
				continue
			}
			query, lookback = r.Data[0].Model, time.Duration(r.Data[0].RelativeTimeRange.From)*time.Second
			var c struct {
				Conditions []struct {
					Evaluator struct{ Params []float64 } `json:"evaluator"`
				} `json:"conditions"`
			}
			_ = json.Unmarshal(r.Data[2].Model, &c)
			threshold = c.Conditions[0].Evaluator.Params[0]
		}
	}
	if query == nil || threshold != 2000 {
		t.Fatalf("rule spacetime-chain-p95 not found (threshold %v)", threshold)
	}
	firing := func(at time.Time) (bool, float64) {
		frames := p.frames(t, pc, q{ref: "A", typ: "chainLatency", from: at.Add(-lookback), to: at, json: string(query)})
		if len(frames) != 1 || frames[0].Fields[1].Labels["quantile"] != "p95" {
			t.Fatalf("the rule's query gave %d frames", len(frames))
		}
		values := column[float64](t, frames[0], "p95")
		last := values[len(values)-1] // B: reduce last
		return last > threshold, last // C: threshold
	}
	for _, c := range []struct {
		at   time.Time
		want bool
	}{{cfg.SlowFrom.Add(-time.Minute), false}, {cfg.SlowFrom.Add(-20 * time.Minute), false}, {cfg.SlowFrom.Add(15 * time.Minute), true}, {cfg.SlowFrom.Add(25 * time.Minute), true}} {
		if got, p95 := firing(c.at); got != c.want {
			t.Errorf("at %v (slow from %v): p95 %.0f ms, firing %v, want %v", c.at, cfg.SlowFrom, p95, got, c.want)
		}
	}
}

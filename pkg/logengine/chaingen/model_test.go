package chaingen

import (
	"slices"
	"testing"
	"time"
)

func TestThePlantedTruth(t *testing.T) {
	end := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	cfg := Config{Chains: 20_000, Start: end.Add(-2 * time.Hour), End: end, SlowFrom: end.Add(-30 * time.Minute)}
	chains := cfg.ChainsStartingIn(cfg.Start.UnixMilli(), cfg.End.UnixMilli())
	if len(chains) != cfg.Chains {
		t.Fatalf("%d chains in the whole range, want %d", len(chains), cfg.Chains)
	}
	perClient := map[string]int{}
	var before, after []int64
	for _, c := range chains {
		perClient[c.Client]++
		if c.FirstStep != "gateway.receive" {
			continue
		}
		if c.FirstMs < cfg.SlowFrom.UnixMilli() {
			before = append(before, c.DurationMs())
		} else {
			after = append(after, c.DurationMs())
		}
		if got, want := c.Retries > 0, Retried(c.Index); got != want {
			t.Fatalf("chain %d: retries %d, retried %v", c.Index, c.Retries, want)
		}
	}
	if perClient[NoisyClient] != 10*perClient["client-01"] || len(perClient) != 11 {
		t.Errorf("clients %v", perClient)
	}
	if p95 := Quantile(before, 0.95); p95 >= 1000 {
		t.Errorf("p95 before the slow minute %d ms", p95)
	}
	if p5 := Quantile(after, 0.05); p5 < 2500 {
		t.Errorf("p5 after the slow minute %d ms", p5)
	}
	// Deterministic: the same chain twice, events in time order.
	a, b := cfg.Events(1234, nil), cfg.Events(1234, nil)
	if !slices.Equal(a, b) || !slices.IsSortedFunc(a, func(x, y Event) int { return int(x.TsMs) - int(y.TsMs) }) {
		t.Errorf("chain 1234 is not deterministic or not in time order: %v", a)
	}
	if f := Summarize(32, cfg.Events(32, nil)); f.Errors != 1 || f.Steps != 4 || f.FirstStep != "gateway.receive" {
		t.Errorf("chain 32 should fail at its payment step, the 4th: %+v", f)
	}
}

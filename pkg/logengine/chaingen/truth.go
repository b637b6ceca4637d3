package chaingen

import (
	"slices"
	"sort"
)

// Chain is one chain's truth, as the chains query must report it.
type Chain struct {
	Index         int
	ID            string
	FirstMs       int64 // first event's start
	LastMs        int64 // last event's end (start + duration)
	Steps         int   // events
	DistinctSteps int
	Retries       int // events whose step was already seen in the chain
	Errors        int
	Client        string
	Service       string // the first event's service
	FirstStep     string
	Region        string
}

// DurationMs is the end-to-end duration.
func (c Chain) DurationMs() int64 { return c.LastMs - c.FirstMs }

// Summarize reduces one chain's events (in time order) to its truth.
func Summarize(i int, events []Event) Chain {
	ch := Chain{Index: i, ID: events[0].Chain, FirstMs: int64(events[0].TsMs), Client: events[0].Client,
		Service: events[0].Service, FirstStep: events[0].Step, Region: events[0].Region}
	seen := map[string]bool{}
	for _, e := range events {
		ch.Steps++
		if seen[e.Step] {
			ch.Retries++
		}
		seen[e.Step] = true
		if e.Outcome == "error" {
			ch.Errors++
		}
		ch.LastMs = max(ch.LastMs, int64(e.TsMs)+int64(e.DurationMs))
	}
	ch.DistinctSteps = len(seen)
	return ch
}

// ChainsStartingIn lists the truth of every chain whose first event is in [fromMs, toMs).
func (c Config) ChainsStartingIn(fromMs, toMs int64) []Chain {
	var out []Chain
	var buf []Event
	first := sort.Search(c.Chains, func(i int) bool { return c.StartMs(i) >= fromMs })
	for i := first; i < c.Chains && c.StartMs(i) < toMs; i++ {
		buf = c.Events(i, buf[:0])
		out = append(out, Summarize(i, buf))
	}
	return out
}

// Quantile is the exact q-quantile (nearest rank) of xs, which it sorts.
func Quantile(xs []int64, q float64) int64 {
	if len(xs) == 0 {
		return 0
	}
	slices.Sort(xs)
	k := int(q*float64(len(xs)-1) + 0.5)
	return xs[k]
}

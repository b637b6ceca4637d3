package clickhouse

import (
	"encoding/json"
	"fmt"

	"github.com/spacetime/tickets/pkg/filter"
)

// Query types of the log engine.
const (
	TypeChains       = "chains"
	TypeChainLatency = "chainLatency"
	TypeSteps        = "steps"
	TypeClients      = "clients"
	TypeChain        = "chain"
)

// Types lists them, for editors and error messages.
var Types = []string{TypeChains, TypeChainLatency, TypeSteps, TypeClients, TypeChain}

// Query is every query type's JSON (docs/query-model.md, "Operation chains"); each type reads its part.
type Query struct {
	Filter  *filter.Node       `json:"filter"`
	Filters []filter.Condition `json:"filters"`
	Search  string             `json:"search"`
	// chains
	Sort  []SortKey `json:"sort"`
	Limit int       `json:"limit"`
	// chainLatency
	GroupBy   []string `json:"groupBy"` // none, or one of "client", "firstStep" (a list, like the ticket queries')
	Quantiles []string `json:"quantiles"`
	Bucket    string   `json:"bucket"` // like 30s, 1m, 1h, 1d, 1w; "" or "auto": Grafana's interval
	// clients
	TopN int `json:"topN"`
	// chain
	Chain string `json:"chain"`
	// Rollup: "auto" (default) reads the rollup when it can answer, "off" always reads the events.
	Rollup string `json:"rollup"`
}

// SortKey is one key of the chains query's order.
type SortKey struct {
	Field string `json:"field"`
	Desc  bool   `json:"desc"`
}

// Limits of the query options.
const (
	DefaultChainsLimit = 100
	MaxChainsLimit     = 10_000
	DefaultTopN        = 10
	MaxTopN            = 100
	MaxChainEvents     = 10_000
)

// Quantile names of chainLatency.
var quantileNames = map[string]float64{"p50": 0.5, "p90": 0.9, "p95": 0.95, "p99": 0.99}

func parseQuery(raw json.RawMessage) (Query, error) {
	var q Query
	if len(raw) > 0 {
		if err := json.Unmarshal(raw, &q); err != nil {
			return q, fmt.Errorf("The query cannot be read: %v.", err)
		}
	}
	if q.Limit < 0 || q.Limit > MaxChainsLimit {
		return q, fmt.Errorf("limit %d is out of range: use 1 to %d.", q.Limit, MaxChainsLimit)
	}
	if q.Limit == 0 {
		q.Limit = DefaultChainsLimit
	}
	if q.TopN < 0 || q.TopN > MaxTopN {
		return q, fmt.Errorf("topN %d is out of range: use 1 to %d.", q.TopN, MaxTopN)
	}
	if q.TopN == 0 {
		q.TopN = DefaultTopN
	}
	if len(q.GroupBy) > 1 {
		return q, fmt.Errorf("groupBy %q: chain latency groups by at most one of \"client\" and \"firstStep\".", q.GroupBy)
	}
	for _, g := range q.GroupBy {
		if g != "client" && g != "firstStep" {
			return q, fmt.Errorf("groupBy %q is not \"client\" or \"firstStep\".", g)
		}
	}
	if len(q.Quantiles) == 0 {
		q.Quantiles = []string{"p50", "p95", "p99"}
	}
	for _, name := range q.Quantiles {
		if _, ok := quantileNames[name]; !ok {
			return q, fmt.Errorf("quantile %q is not one of p50, p90, p95, p99.", name)
		}
	}
	switch q.Rollup {
	case "", "auto", "off":
	default:
		return q, fmt.Errorf("rollup %q is not \"auto\" or \"off\".", q.Rollup)
	}
	return q, nil
}

// filterKeys lists every field key the query's filter, ad hoc filters and field:value search terms name.
func (q Query) filterKeys() []string {
	var keys []string
	var walk func(n *filter.Node)
	walk = func(n *filter.Node) {
		if n.IsGroup() {
			for i := range n.Filters {
				walk(&n.Filters[i])
			}
			return
		}
		keys = append(keys, n.Key)
	}
	if q.Filter != nil {
		walk(q.Filter)
	}
	for _, c := range q.Filters {
		keys = append(keys, c.Key)
	}
	return keys
}

// groupBy is the one grouping of chainLatency, or "".
func (q Query) groupBy() string {
	if len(q.GroupBy) == 0 {
		return ""
	}
	return q.GroupBy[0]
}

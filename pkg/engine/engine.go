// Package engine answers Spacetime's queries (docs/query-model.md) over a store.Store and returns Grafana
// data frames.
package engine

import (
	"math"
	"time"

	"github.com/spacetime/tickets/pkg/filter"
	"github.com/spacetime/tickets/pkg/query"
	"github.com/spacetime/tickets/pkg/store"
)

// Request is what Grafana sends with every query besides its JSON.
type Request struct {
	From, To time.Time
	// Interval is Grafana's suggested time between points (auto buckets start from it).
	Interval time.Duration
	// MaxDataPoints caps the number of time buckets; 0 means DefaultMaxDataPoints.
	MaxDataPoints int64
	// Now caps "open at the end of the range" and the stats' last hour when the range ends in the future;
	// zero means no cap.
	Now time.Time
	// SystemName names the ticket system in data links ("Open in Redmine").
	SystemName string
}

// DefaultMaxDataPoints caps time buckets when the request does not say.
const DefaultMaxDataPoints = 1000

// timeRange is a closed interval in unix milliseconds.
type timeRange struct{ from, to int64 }

// millis is the range in unix milliseconds; a zero To is unbounded.
func (r Request) millis() timeRange {
	tr := timeRange{from: r.From.UnixMilli(), to: r.To.UnixMilli()}
	if r.To.IsZero() {
		tr.to = math.MaxInt64
	}
	return tr
}

// end is the range's end, capped at Now.
func (r Request) end() int64 {
	if !r.Now.IsZero() && r.Now.Before(r.To) {
		return r.Now.UnixMilli()
	}
	return r.To.UnixMilli()
}

// matching returns the rows that pass the query's filter, ad hoc filters and search, among candidates
// (nil: all rows).
func matching(v *store.View, c query.Common, candidates *store.Bitset) (*store.Bitset, error) {
	m, err := filter.Compile(v, c.Filter, c.Filters, c.Search)
	if err != nil {
		return nil, err
	}
	if candidates == nil {
		candidates = store.AllRows(v.Len())
	}
	m.Narrow(candidates)
	return candidates, nil
}

// inRange returns the rows whose time field key falls in r; none (0) never does.
func inRange(v *store.View, key string, r timeRange) *store.Bitset {
	rows := store.NewBitset(v.Len())
	words := rows.Words()
	for i, t := range v.Times(key) {
		if t >= r.from && t <= r.to && t != 0 {
			words[i>>6] |= 1 << (uint(i) & 63)
		}
	}
	return rows
}

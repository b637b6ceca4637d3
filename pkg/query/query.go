// Package query defines the query types of the Spacetime datasource and parses their JSON
// (docs/query-model.md).
package query

import (
	"time"

	"github.com/spacetime/tickets/pkg/filter"
)

// Query types.
const (
	TypeTickets    = "tickets"
	TypeTimeseries = "timeseries"
	TypeBreakdown  = "breakdown"
	TypeStats      = "stats"
)

// Types lists the query types the backend answers, for error messages.
var Types = []string{TypeTickets, TypeTimeseries, TypeBreakdown, TypeStats}

// Limits of the tickets query.
const (
	DefaultTicketsLimit = 1000
	MaxTicketsLimit     = 100000
)

// Time fields a query's range applies to.
const (
	TimeOpened   = "opened"
	TimeUpdated  = "updated"
	TimeResolved = "resolved"
)

// TimeFields lists the allowed timeField values.
var TimeFields = []string{TimeOpened, TimeUpdated, TimeResolved}

// Timeseries metrics.
const (
	MetricCount = "count" // tickets whose time field falls in the bucket
	MetricOpen  = "open"  // tickets open at the end of the bucket
)

// Breakdown formats.
const (
	FormatLong = "long"
	FormatWide = "wide"
)

// Stats names.
const (
	StatOpened   = "opened"
	StatOpen     = "open"
	StatClosed   = "closed"
	StatRate     = "rate"
	StatBaseline = "baseline"
	StatChange   = "change"
	StatMTTR     = "mttr"
)

// AllStats lists every stat in the order the stats frame has them.
var AllStats = []string{StatOpened, StatOpen, StatClosed, StatRate, StatBaseline, StatChange, StatMTTR}

// Common holds what every query type takes.
type Common struct {
	// Filter is the query's filter node; nil when none.
	Filter *filter.Node
	// Filters are the dashboard's ad hoc filters, and-ed with Filter.
	Filters []filter.Condition
	Search  string
	// TimeField is the time the dashboard range applies to: opened, updated or resolved.
	TimeField string
}

// SortKey is one key of a tickets query's sort.
type SortKey struct {
	Field string `json:"field"`
	Desc  bool   `json:"desc"`
}

// Tickets is a "tickets" query: one row per ticket.
type Tickets struct {
	Common
	Sort  []SortKey
	Limit int
}

// Timeseries is a "timeseries" query: a count per time bucket, per group.
type Timeseries struct {
	Common
	GroupBy []string
	// Bucket is the bucket width; 0 means auto (from Grafana's interval).
	Bucket time.Duration
	Metric string
	// TopN keeps the N largest groups and sums the rest into "other"; 0 keeps all.
	TopN int
}

// Breakdown is a "breakdown" query: a count per value combination of GroupBy.
type Breakdown struct {
	Common
	GroupBy []string
	TopN    int
	Format  string
}

// Stats is a "stats" query: single numbers.
type Stats struct {
	Common
	Stats []string
}

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
	TypeContrast   = "contrast"
)

// Types lists the query types the backend answers, for error messages.
var Types = []string{TypeTickets, TypeTimeseries, TypeBreakdown, TypeStats, TypeContrast}

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
	// MetricSeasonal is the seasonal normal: the median count of the same bucket (timeseries) or group
	// (breakdown) at the same time of day over the previous SeasonalDays days.
	MetricSeasonal = "seasonal"
)

// Seasonal baseline days: the default and the most a query may ask for.
const (
	DefaultSeasonalDays = 7
	MaxSeasonalDays     = 90
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
	// StatSeasonal is the median of the tickets opened in the same window at the same time of day over the
	// previous SeasonalDays days; StatSeasonalMAD is their median absolute deviation from it.
	StatSeasonal    = "seasonal"
	StatSeasonalMAD = "seasonalMad"
)

// AllStats lists every stat in the order the stats frame has them.
var AllStats = []string{StatOpened, StatOpen, StatClosed, StatRate, StatBaseline, StatChange, StatMTTR, StatSeasonal, StatSeasonalMAD}

// DefaultStats are the stats of a query that names none: the seasonal ones, which read previous days, are
// asked for by name.
var DefaultStats = AllStats[:7]

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
	// SeasonalDays is how many previous days the seasonal metric takes its median over.
	SeasonalDays int
}

// Breakdown is a "breakdown" query: a count per value combination of GroupBy.
type Breakdown struct {
	Common
	GroupBy []string
	TopN    int
	Format  string
	// Metric is count (tickets in range) or seasonal (the median of the same window over previous days).
	Metric       string
	SeasonalDays int
}

// Stats is a "stats" query: single numbers.
type Stats struct {
	Common
	Stats        []string
	SeasonalDays int
}

// Contrast baselines.
const (
	BaselinePrevious = "previous" // the same length of time just before the range
	BaselineSeasonal = "seasonal" // the same window at the same time of day over the previous SeasonalDays days
	BaselineRest     = "rest"     // every ticket held outside the range
)

// Baselines lists the allowed contrast baselines.
var Baselines = []string{BaselinePrevious, BaselineSeasonal, BaselineRest}

// Contrast numbers, and the summary format.
const (
	ContrastCount    = "count"
	ContrastExpected = "expected"
	ContrastLift     = "lift"
	ContrastExcess   = "excess"
	ContrastScore    = "score"

	FormatSummary = "summary"
)

// ContrastNumbers lists the numbers of a contrast frame in order.
var ContrastNumbers = []string{ContrastCount, ContrastExpected, ContrastLift, ContrastExcess, ContrastScore}

// Contrast defaults: a value (or pair) is shown when it has at least MinSupport tickets in the range, a
// lift of at least MinLift and a G-test score of at least MinScore.
const (
	DefaultContrastTopN       = 10
	DefaultContrastMinSupport = 5
	DefaultContrastMinLift    = 1.2
	DefaultContrastMinScore   = 24.0
)

// Contrast is a "contrast" query: which values of which fields are over-represented in the range compared
// with a baseline ("what changed").
type Contrast struct {
	Common
	Baseline     string
	SeasonalDays int
	// Fields are the fields compared; none means severity, tracker and every dimension (status and state,
	// which say how old a ticket is rather than where it comes from, only when named).
	Fields     []string
	Pairs      bool
	TopN       int
	MinSupport int
	MinLift    float64
	MinScore   float64
	// Value keeps one number (ContrastNumbers) for alert rules; empty keeps all.
	Value string
	// Format is "long" (a row per value) or "summary" (one number, the top lift, labelled "likely").
	Format string
	// Rank orders the values by excess (default) or by score.
	Rank string
	// AdHocVariable names the dashboard's ad hoc filter variable the rows' "filters" link text adds to.
	AdHocVariable string
}

// DefaultAdHocVariable is the ad hoc filter variable of the provisioned dashboards.
const DefaultAdHocVariable = "filters"

// Contrast rankings.
const (
	RankExcess = "excess"
	RankScore  = "score"
)

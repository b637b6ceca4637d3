package synthetic

import (
	"encoding/json"
	"time"

	"github.com/spacetime/tickets/pkg/engine"
	"github.com/spacetime/tickets/pkg/query"
	"github.com/spacetime/tickets/pkg/store"
)

// Scenario is one benchmarked query over a Fill-ed store.
type Scenario struct {
	Name string
	// TargetMillis is the p50 this query should meet on a 1M-ticket store on two cores.
	TargetMillis float64
	Run          func(s *store.Store) error
}

// Scenarios are the queries the benchmarks time.
func Scenarios() []Scenario {
	week := engine.Request{From: End.Add(-7 * 24 * time.Hour), To: End, Interval: 10 * time.Minute, MaxDataPoints: 1000, SystemName: "Redmine"}
	month := engine.Request{From: End.Add(-Span), To: End, Interval: time.Hour, MaxDataPoints: 1000, SystemName: "Redmine"}

	timeseries := mustParse(query.ParseTimeseries, `{"groupBy":["severity"],"filters":[
		{"key":"region","operator":"=|","values":["region-0","region-1","region-3"]},
		{"key":"env","operator":"!=","value":"env-2"}]}`)
	breakdown := mustParse(query.ParseBreakdown, `{"groupBy":["service"],"topN":20}`)
	tickets := mustParse(query.ParseTickets, `{"filter":{"key":"severity","operator":"=|","values":["High","Urgent","Immediate"]},
		"search":"timeout","sort":[{"field":"severity","desc":true},{"field":"opened","desc":true}],"limit":1000}`)
	regex := mustParse(query.ParseTickets, `{"filter":{"key":"title","operator":"=~","value":"(?i).*disk.*full.*"},"limit":1000}`)
	sixHours := engine.Request{From: End.Add(-6 * time.Hour), To: End, Interval: time.Minute, MaxDataPoints: 1000, SystemName: "Redmine"}
	tenMinutes := engine.Request{From: End.Add(-10 * time.Minute), To: End, Interval: time.Minute, MaxDataPoints: 1000, SystemName: "Redmine"}
	contrastPrevious := mustParse(query.ParseContrast, `{"baseline":"previous","minScore":0,"minLift":0}`)
	contrastSeasonal := mustParse(query.ParseContrast, `{"baseline":"seasonal","minScore":0,"minLift":0}`)
	contrastRest := mustParse(query.ParseContrast, `{"baseline":"rest","minScore":0,"minLift":0}`)
	seasonalStats := mustParse(query.ParseStats, `{"stats":["opened","seasonal","seasonalMad"]}`)
	seasonalByService := mustParse(query.ParseBreakdown, `{"groupBy":["service"],"metric":"seasonal"}`)
	byLabel := mustParse(query.ParseBreakdown, `{"groupBy":["labels"],"topN":20,"filters":[{"key":"labels","operator":"!=","value":"label-1"}]}`)
	descPhrase := mustParse(query.ParseTickets, `{"search":"description:\"disk full\"","limit":1000}`)
	descRegex := mustParse(query.ParseTickets, `{"filter":{"key":"description","operator":"=~","value":".*cache (miss|lag).*"},"limit":1000}`)
	oneTicket := mustParse(query.ParseTickets, `{"filter":{"key":"id","operator":"=","value":"123456"}}`)
	regexNoLiteral := mustParse(query.ParseTickets, `{"filter":{"key":"title","operator":"=~","value":"(Timeout|Latency|Crash) .*"},"limit":1000}`)

	return []Scenario{
		{"timeseries by severity, 2 filters, 7 days", 30, func(s *store.Store) error { _, err := engine.Timeseries(s, timeseries, week); return err }},
		{"breakdown top-20 by service, 30 days", 30, func(s *store.Store) error { _, err := engine.Breakdown(s, breakdown, month); return err }},
		{"tickets: filter + search + sort + limit 1000", 50, func(s *store.Store) error { _, err := engine.Tickets(s, tickets, month); return err }},
		{"regex on title (?i).*disk.*full.*", 150, func(s *store.Store) error { _, err := engine.Tickets(s, regex, month); return err }},
		{"breakdown by multi-valued labels, labels != x", 30, func(s *store.Store) error { _, err := engine.Breakdown(s, byLabel, month); return err }},
		{"regex on title (Timeout|Latency|Crash) .*", 150, func(s *store.Store) error { _, err := engine.Tickets(s, regexNoLiteral, month); return err }},
		{"search description:\"disk full\", limit 1000", 150, func(s *store.Store) error { _, err := engine.Tickets(s, descPhrase, month); return err }},
		{"regex on description .*cache (miss|lag).*", 600, func(s *store.Store) error { _, err := engine.Tickets(s, descRegex, month); return err }},
		{"one ticket by id (expand row)", 30, func(s *store.Store) error { _, err := engine.Tickets(s, oneTicket, month); return err }},
		{"contrast 6 h vs previous 6 h, all fields, pairs", 50, func(s *store.Store) error { _, err := engine.Contrast(s, contrastPrevious, sixHours); return err }},
		{"contrast 6 h vs 7 days seasonal, all fields, pairs", 50, func(s *store.Store) error { _, err := engine.Contrast(s, contrastSeasonal, sixHours); return err }},
		{"contrast 6 h vs rest of 30 days, all fields, pairs", 50, func(s *store.Store) error { _, err := engine.Contrast(s, contrastRest, sixHours); return err }},
		{"stats seasonal (10 min, 7 days), median + MAD", 30, func(s *store.Store) error { _, err := engine.Stats(s, seasonalStats, tenMinutes); return err }},
		{"breakdown seasonal by service (10 min, 7 days)", 30, func(s *store.Store) error { _, err := engine.Breakdown(s, seasonalByService, tenMinutes); return err }},
	}
}

func mustParse[Q any](parse func(json.RawMessage) (Q, []string, error), js string) Q {
	q, _, err := parse([]byte(js))
	if err != nil {
		panic(err)
	}
	return q
}

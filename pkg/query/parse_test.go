package query_test

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/spacetime/tickets/pkg/filter"
	"github.com/spacetime/tickets/pkg/query"
)

func TestParseTicketsModel(t *testing.T) {
	q, _, err := query.ParseTickets([]byte(`{"refId":"A","datasource":{"uid":"x"},"intervalMs":1000,
		"filter":{"op":"or","filters":[{"key":"service","operator":"=","value":"checkout"}]},
		"filters":[{"key":"region","operator":"!=","value":"US"}],
		"search":"502","timeField":"updated","sort":[{"field":"severity","desc":true},{"field":"id"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	want := query.Tickets{
		Common: query.Common{
			Filter:    &filter.Node{Op: "or", Filters: []filter.Node{filter.Cond("service", "=", "checkout")}},
			Filters:   []filter.Condition{{Key: "region", Operator: "!=", Value: "US"}},
			Search:    "502",
			TimeField: "updated",
		},
		Sort:  []query.SortKey{{Field: "severity", Desc: true}, {Field: "id"}},
		Limit: 1000,
	}
	if !reflect.DeepEqual(q, want) {
		t.Fatalf("got %+v\nwant %+v", q, want)
	}

	q, _, err = query.ParseTickets([]byte(`{"filter":{}}`))
	if err != nil || q.Filter != nil || q.TimeField != "opened" || !reflect.DeepEqual(q.Sort, []query.SortKey{{Field: "updated", Desc: true}}) {
		t.Fatalf("defaults: %+v %v", q, err)
	}
}

func TestParseTimeseries(t *testing.T) {
	q, _, err := query.ParseTimeseries([]byte(`{"groupBy":["severity","service"],"bucket":"5m","metric":"open","topN":"5"}`))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(q.GroupBy, []string{"severity", "service"}) || q.Bucket != 5*time.Minute || q.Metric != "open" || q.TopN != 5 {
		t.Fatalf("%+v", q)
	}
	q, _, err = query.ParseTimeseries([]byte(`{"groupBy":"service, region","bucket":"auto"}`))
	if err != nil || q.Bucket != 0 || q.Metric != "count" || !reflect.DeepEqual(q.GroupBy, []string{"service", "region"}) {
		t.Fatalf("%+v %v", q, err)
	}
	q, _, err = query.ParseTimeseries([]byte(`{"bucket":"1d"}`))
	if err != nil || q.Bucket != 24*time.Hour {
		t.Fatalf("%+v %v", q, err)
	}
}

func TestParseBreakdownAndStats(t *testing.T) {
	b, _, err := query.ParseBreakdown([]byte(`{"groupBy":["service"],"topN":20,"format":"wide"}`))
	if err != nil || b.TopN != 20 || b.Format != "wide" {
		t.Fatalf("%+v %v", b, err)
	}
	s, _, err := query.ParseStats([]byte(`{"stats":["mttr","open"]}`))
	if err != nil || !reflect.DeepEqual(s.Stats, []string{"open", "mttr"}) {
		t.Fatalf("%+v %v", s, err)
	}
	s, _, err = query.ParseStats([]byte(`{}`))
	if err != nil || len(s.Stats) != 7 {
		t.Fatalf("%+v %v", s, err)
	}
}

func TestParseErrorsNameKeyAndValue(t *testing.T) {
	tests := []struct {
		parse func(string) error
		json  string
		want  string
	}{
		{tickets, `{"timeField":"foo"}`, `timeField must be one of opened, updated, resolved, got "foo"`},
		{tickets, `{"search":5}`, `search must be a string, got 5`},
		{tickets, `{"filter":[1]}`, `filter must be a filter`},
		{tickets, `{"filter":{"key":"a","operator":"=","value":{}}}`, `filter on "a": value must be a string`},
		{tickets, `{"filters":{"key":"a"}}`, `filters must be a list of conditions`},
		{tickets, `{"sort":"updated"}`, `sort must be a list of {"field", "desc"}`},
		{tickets, `{"sort":[{"desc":true}]}`, `sort[0] has no field`},
		{tickets, `[1,2]`, `the query JSON is malformed: expected a JSON object, got a JSON array`},
		{timeseries, `{"bucket":"5 minutes"}`, `bucket must be "auto" or a duration of at least 1s such as 1m, 5m, 1h, 1d, got "5 minutes"`},
		{timeseries, `{"metric":"sum"}`, `metric must be one of count, open, seasonal, got "sum"`},
		{timeseries, `{"topN":-2}`, `topN must not be negative, got -2`},
		{timeseries, `{"topN":"many"}`, `topN must be a whole number, got "many"`},
		{timeseries, `{"groupBy":5}`, `groupBy must be a list of strings, got 5`},
		{breakdown, `{}`, `groupBy is required for a breakdown`},
		{breakdown, `{"groupBy":["service"],"format":"tall"}`, `format must be one of long, wide, got "tall"`},
		{stats, `{"stats":["p99"]}`, `stats must be among "opened", "open", "closed", "rate", "baseline", "change", "mttr", "seasonal", "seasonalMad", got "p99"`},
		{breakdown, `{"groupBy":["service"],"metric":"open"}`, `metric must be one of count, seasonal, got "open"`},
		{breakdown, `{"groupBy":["service"],"metric":"seasonal","format":"wide"}`, `metric "seasonal" gives the long format only`},
	}
	for _, tt := range tests {
		err := tt.parse(tt.json)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: err = %v, want %q", tt.json, err, tt.want)
		}
	}
}

func tickets(s string) error    { _, _, err := query.ParseTickets([]byte(s)); return err }
func timeseries(s string) error { _, _, err := query.ParseTimeseries([]byte(s)); return err }
func breakdown(s string) error  { _, _, err := query.ParseBreakdown([]byte(s)); return err }
func stats(s string) error      { _, _, err := query.ParseStats([]byte(s)); return err }

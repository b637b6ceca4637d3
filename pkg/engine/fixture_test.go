package engine_test

import (
	"encoding/json"
	"flag"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/spacetime/tickets/pkg/engine"
	"github.com/spacetime/tickets/pkg/store"
	"github.com/spacetime/tickets/pkg/tickets"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// fixtureStore holds the twelve Redmine tickets of the shared filter vectors, those with numeric ids
// (dimensions service, region, impact and the multi-valued labels).
func fixtureStore(t testing.TB) *store.Store {
	raw, err := os.ReadFile("../../testdata/filters/vectors.json")
	if err != nil {
		t.Fatal(err)
	}
	var vf struct {
		Tickets []struct {
			ID                                               string
			Title, Description, URL, Severity, Status, State string
			Service, Region, Impact                          string
			Labels                                           []string
			Opened, Updated                                  time.Time
			Resolved                                         *time.Time
		}
	}
	if err := json.Unmarshal(raw, &vf); err != nil {
		t.Fatal(err)
	}
	var ts []tickets.Ticket
	for _, r := range vf.Tickets {
		number, err := strconv.ParseInt(r.ID, 10, 64)
		if err != nil {
			continue
		}
		ts = append(ts, tickets.Ticket{ID: r.ID, Number: number, Title: r.Title, Description: r.Description, URL: r.URL,
			Severity: r.Severity, Status: r.Status, Closed: r.State == "closed", Opened: r.Opened, Updated: r.Updated,
			Resolved: r.Resolved, Dimensions: map[string][]string{"service": tickets.One(r.Service), "region": tickets.One(r.Region),
				"impact": tickets.One(r.Impact), "labels": r.Labels}})
	}
	s := store.New()
	s.Upsert([]tickets.Dimension{{Key: "service", Name: "Service"}, {Key: "region", Name: "Region"}, {Key: "impact", Name: "Impact"},
		{Key: "labels", Name: "Labels", Multi: true}}, ts)
	s.SetSeverities([]tickets.Severity{
		{Name: "Low", Rank: 1, Color: "green"}, {Name: "Normal", Rank: 2, Color: "blue"}, {Name: "High", Rank: 3, Color: "orange"},
		{Name: "Urgent", Rank: 4, Color: "red"}, {Name: "Immediate", Rank: 5, Color: "dark-red"},
	})
	return s
}

func at(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

func request(from, to string) engine.Request {
	return engine.Request{From: at(from), To: at(to), Interval: time.Minute, MaxDataPoints: 1000, SystemName: "Redmine"}
}

// ticketLog collects plain tickets for a constructed store: T-1, T-2, … in the order added, each High and
// New, opened and last updated at one time, with the given dimension values.
type ticketLog []tickets.Ticket

func (l *ticketLog) add(at time.Time, dims map[string][]string) {
	n := len(*l) + 1
	*l = append(*l, tickets.Ticket{ID: "T-" + strconv.Itoa(n), Title: "t" + strconv.Itoa(n), Severity: "High", Status: "New",
		Opened: at, Updated: at, Dimensions: dims})
}

// store holds the tickets, with the dimensions in the order of keys (a dimension with several values on a
// ticket is multi-valued).
func (l ticketLog) store(keys ...string) *store.Store {
	dims := make([]tickets.Dimension, len(keys))
	for i, k := range keys {
		dims[i] = tickets.Dimension{Key: k}
	}
	s := store.New()
	s.Upsert(dims, l)
	return s
}

package engine_test

import (
	"encoding/json"
	"flag"
	"os"
	"testing"
	"time"

	"github.com/spacetime/tickets/pkg/engine"
	"github.com/spacetime/tickets/pkg/store"
	"github.com/spacetime/tickets/pkg/tickets"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// fixtureStore holds the twelve tickets of the shared filter vectors (dimensions service, region, impact).
func fixtureStore(t testing.TB) *store.Store {
	raw, err := os.ReadFile("../../testdata/filters/vectors.json")
	if err != nil {
		t.Fatal(err)
	}
	var vf struct {
		Tickets []struct {
			ID                                               int64
			Title, Description, URL, Severity, Status, State string
			Service, Region, Impact                          string
			Opened, Updated                                  time.Time
			Resolved                                         *time.Time
		}
	}
	if err := json.Unmarshal(raw, &vf); err != nil {
		t.Fatal(err)
	}
	var ts []tickets.Ticket
	for _, r := range vf.Tickets {
		ts = append(ts, tickets.Ticket{ID: r.ID, Title: r.Title, Description: r.Description, URL: r.URL,
			Severity: r.Severity, Status: r.Status, Closed: r.State == "closed", Opened: r.Opened, Updated: r.Updated,
			Resolved: r.Resolved, Dimensions: map[string]string{"service": r.Service, "region": r.Region, "impact": r.Impact}})
	}
	s := store.New()
	s.Upsert([]tickets.Dimension{{Key: "service", Name: "Service"}, {Key: "region", Name: "Region"}, {Key: "impact", Name: "Impact"}}, ts)
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

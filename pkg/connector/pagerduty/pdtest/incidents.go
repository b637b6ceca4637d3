package pdtest

import (
	"fmt"
	"strings"
	"time"
)

// Incident is one incident as the replayed account stores it.
type Incident struct {
	ID               string // "Q1AB2CD"
	Number           int
	Title            string
	Description      string
	Status           string // triggered, acknowledged, resolved
	Urgency          string // high, low
	Priority         string // "P1".."P5", "" for none
	ServiceID        string
	Service          string
	EscalationPolicy string
	Teams            []string // team names (ids are derived)
	Assignees        []string
	Created, Updated time.Time
	Resolved         *time.Time
}

// ID is a PagerDuty-style 7-character id derived from a seed.
func ID(prefix string, n int) string {
	const alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789"
	s := []byte(prefix)
	x := uint32(n)*2654435761 + 12345
	for len(s) < 7 {
		s = append(s, alphabet[x%uint32(len(alphabet))])
		x /= uint32(len(alphabet))
		x += uint32(n) * 7
	}
	return string(s)
}

// TeamID is the id of a team name.
func TeamID(name string) string {
	return "PT" + strings.ToUpper(fmt.Sprintf("%05x", hash(name)%0xfffff))
}

// ServiceID is the id of a service name.
func ServiceID(name string) string {
	return "PS" + strings.ToUpper(fmt.Sprintf("%05x", hash(name)%0xfffff))
}

func hash(s string) uint32 {
	var h uint32 = 2166136261
	for i := 0; i < len(s); i++ {
		h = (h ^ uint32(s[i])) * 16777619
	}
	return h
}

// Sample returns four incidents around base:
//   - #101 P1 triggered, Checkout API, teams Payments + SRE, assignee Alice, high urgency;
//   - #102 acknowledged, no priority (urgency low), Search, team SRE, two assignees;
//   - #103 P2 resolved two hours after it was created, Checkout API, team Payments;
//   - #104 P3 triggered, Email, no team, no assignee.
func Sample(base time.Time) []*Incident {
	at := func(h int) time.Time { return base.Add(time.Duration(h) * time.Hour).UTC() }
	res := at(4)
	return []*Incident{
		{ID: "Q1AB2CD", Number: 101, Title: "Checkout latency above 2 s", Description: "p95 latency alert", Status: "triggered", Urgency: "high",
			Priority: "P1", Service: "Checkout API", EscalationPolicy: "Payments on call", Teams: []string{"Payments", "SRE"},
			Assignees: []string{"Alice Example"}, Created: at(0), Updated: at(1)},
		{ID: "Q2EF3GH", Number: 102, Title: "Search index lagging", Status: "acknowledged", Urgency: "low",
			Service: "Search", EscalationPolicy: "SRE on call", Teams: []string{"SRE"}, Assignees: []string{"Bob Example", "Carol Example"},
			Created: at(1), Updated: at(2)},
		{ID: "Q3JK4LM", Number: 103, Title: "Card payments failing", Status: "resolved", Urgency: "high", Priority: "P2",
			Service: "Checkout API", EscalationPolicy: "Payments on call", Teams: []string{"Payments"}, Created: at(2), Updated: at(4), Resolved: &res},
		{ID: "Q4NP5QR", Number: 104, Title: "Mail queue growing", Status: "triggered", Urgency: "high", Priority: "P3",
			Service: "Email", EscalationPolicy: "Default", Created: at(3), Updated: at(3)},
	}
}

var (
	genServices = []string{"Checkout API", "Search", "Email", "Payments API", "Login"}
	genTeams    = [][]string{{"Payments"}, {"SRE"}, {"Payments", "SRE"}, nil}
	genStatus   = []string{"triggered", "acknowledged", "resolved", "resolved"}
)

// Generate returns n incidents numbered from 1000, created every step from start.
func Generate(n int, start time.Time, step time.Duration) []*Incident {
	out := make([]*Incident, n)
	for i := range out {
		created := start.Add(time.Duration(i) * step).UTC().Truncate(time.Second)
		inc := &Incident{ID: ID("P", 1000+i), Number: 1000 + i, Title: fmt.Sprintf("Generated incident %d", 1000+i),
			Status: genStatus[i%len(genStatus)], Urgency: []string{"high", "low"}[i%2], Service: genServices[i%len(genServices)],
			EscalationPolicy: "Default", Teams: genTeams[i%len(genTeams)], Created: created, Updated: created.Add(time.Minute)}
		if i%3 != 2 {
			inc.Priority = fmt.Sprintf("P%d", 1+i%5)
		}
		if i%4 != 3 {
			inc.Assignees = []string{fmt.Sprintf("Responder %d", i%6)}
		}
		if inc.Status == "resolved" {
			r := created.Add(20 * time.Minute)
			inc.Resolved, inc.Updated = &r, r
		}
		out[i] = inc
	}
	return out
}

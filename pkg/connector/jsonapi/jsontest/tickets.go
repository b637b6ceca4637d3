// Package jsontest replays JSON APIs for the jsonapi connector's tests: an in-house tracker in each paging
// style (offset/limit, page number, Link header, next URL in the body, cursor in the body, one page) with
// its times in each format (RFC 3339, epoch seconds, epoch milliseconds, a layout), missing and null values
// and nested arrays; Zendesk's incremental ticket export (cursor pages with after_url and end_of_stream,
// deleted tickets, 429 with Retry-After); and YouTrack's /api/issues ($skip/$top, epoch-millisecond times,
// custom fields as an array of name/value objects). Faults come from replay.Faults.
package jsontest

import (
	"fmt"
	"time"
)

// Ticket is one ticket of a replayed API.
type Ticket struct {
	ID       int
	Subject  string
	Body     string
	Severity string // "" is null
	Status   string
	Created  time.Time
	Updated  time.Time
	Closed   *time.Time
	Tags     []string // nil: the key is missing
	Team     string   // "": no owner object at all
	Region   string   // a custom field (id 1 / 360001); "" is null
	// Watchers' teams, a nested array: [[team, …] per watcher].
	Watchers [][]string
	Deleted  bool
}

// Sample returns five tickets around base with every kind of value: nulls, missing keys, nested arrays.
//   - 1 high, open, tags outage+eu, team payments, region eu-west, watchers [[sre],[db, sre]];
//   - 2 null severity, open, no tags key, no owner, null region;
//   - 3 low, solved (closed 2 h after opening), tags [], team search;
//   - 4 urgent, closed, tags outage, team payments, region us-east;
//   - 5 normal, open, deleted (only Zendesk lists it, with status deleted).
func Sample(base time.Time) []*Ticket {
	at := func(h int) time.Time { return base.Add(time.Duration(h) * time.Hour).UTC() }
	closed3, closed4 := at(4), at(5)
	return []*Ticket{
		{ID: 1, Subject: "Checkout fails in EU", Body: "500s on /pay", Severity: "high", Status: "open", Created: at(0), Updated: at(1),
			Tags: []string{"outage", "eu"}, Team: "payments", Region: "eu-west", Watchers: [][]string{{"sre"}, {"db", "sre"}}},
		{ID: 2, Subject: "Slow search", Status: "open", Created: at(1), Updated: at(2)},
		{ID: 3, Subject: "Typo on the login page", Severity: "low", Status: "solved", Created: at(2), Updated: at(4), Closed: &closed3,
			Tags: []string{}, Team: "search"},
		{ID: 4, Subject: "Payments down in US", Severity: "urgent", Status: "closed", Created: at(3), Updated: at(5), Closed: &closed4,
			Tags: []string{"outage"}, Team: "payments", Region: "us-east"},
		{ID: 5, Subject: "Spam", Severity: "normal", Status: "open", Created: at(3), Updated: at(6), Deleted: true},
	}
}

// Generate returns n tickets numbered from 100, opened every step from start.
func Generate(n int, start time.Time, step time.Duration) []*Ticket {
	out := make([]*Ticket, n)
	sev := []string{"low", "normal", "high", "urgent"}
	for i := range out {
		created := start.Add(time.Duration(i) * step).UTC().Truncate(time.Second)
		t := &Ticket{ID: 100 + i, Subject: fmt.Sprintf("Generated ticket %d", 100+i), Severity: sev[i%len(sev)], Status: "open",
			Created: created, Updated: created.Add(time.Minute), Tags: []string{"gen"}, Team: []string{"payments", "search", "sre"}[i%3],
			Region: []string{"eu-west", "us-east", ""}[i%3]}
		if i%4 == 3 {
			c := created.Add(time.Hour)
			t.Status, t.Closed, t.Updated = "closed", &c, c
		}
		out[i] = t
	}
	return out
}

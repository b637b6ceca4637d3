// Package tickets holds Spacetime's generic ticket model: every connector maps its records onto Ticket.
package tickets

import "time"

// Ticket is one ticket, whatever system it comes from. Missing values stay empty (or nil), never dropped.
type Ticket struct {
	// ID is the ticket's identity as its users write it: "PROJ-123", "INC0010001", "Q1AB2CD",
	// "owner/repo#42", "42" (Redmine).
	ID string
	// SourceID is the system's stable record id where ID can change (a Jira issue moved to another project
	// gets a new key and keeps its id; ServiceNow's sys_id); "" when ID never changes. The store upserts and
	// reconciles deletions by Identity.
	SourceID string
	// Number orders tickets where the system numbers them (Redmine id, Jira issue id, GitHub number); 0 if none.
	Number      int64
	Title       string
	Description string
	URL         string
	Severity    string
	Status      string
	// Closed is true when the ticket's current status counts as closed in its system.
	Closed  bool
	Opened  time.Time
	Updated time.Time
	// Resolved is when the ticket was closed; connectors may fill it from the system, Normalize clears it
	// while the ticket is open (a reopened ticket is open, whatever the system still remembers).
	Resolved *time.Time
	// Dimensions holds the named categorical values (tracker, service, labels, components, custom fields...),
	// keyed by Dimension.Key. A single-valued dimension has at most one value; none (or "") means missing.
	Dimensions map[string][]string
}

// Identity is the key the store upserts by: SourceID when the system has one, else ID.
func (t *Ticket) Identity() string {
	if t.SourceID != "" {
		return t.SourceID
	}
	return t.ID
}

// Normalize enforces the lifecycle rule: a resolved time only while the ticket is closed.
func (t *Ticket) Normalize() {
	if !t.Closed {
		t.Resolved = nil
	}
}

// Dimension describes one named categorical value of the tickets in a List.
type Dimension struct {
	// Key is the machine name, used as the frame field name and in filters (e.g. "service").
	Key string
	// Name is the human name shown by default (e.g. "Service").
	Name string
	// Multi marks a dimension whose tickets may carry several values (labels, components, teams).
	Multi bool
}

// Severity is one severity level as the ticket system orders it.
type Severity struct {
	Name string
	// Rank orders severities: a higher rank is more severe.
	Rank int
	// Color is a Grafana colour name or CSS colour used for the severity in frames.
	Color string
}

// List is a page of tickets with the dimensions they carry, in display order.
type List struct {
	Dimensions []Dimension
	Tickets    []Ticket
	// Total is how many tickets the system reports for the query (may exceed len(Tickets)); -1 if unknown.
	Total int
}

// One is a single-valued dimension's value list: nil for "".
func One(v string) []string {
	if v == "" {
		return nil
	}
	return []string{v}
}

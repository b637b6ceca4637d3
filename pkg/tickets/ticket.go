// Package tickets holds Spacetime's generic ticket model: every connector maps its records onto Ticket.
package tickets

import "time"

// Ticket is one ticket, whatever system it comes from. Missing values stay empty (or nil), never dropped.
type Ticket struct {
	ID          int64
	Title       string
	Description string
	URL         string
	Severity    string
	Status      string
	// Closed is true when the ticket's status counts as closed in its system (Redmine: status.is_closed).
	Closed   bool
	Opened   time.Time
	Updated  time.Time
	Resolved *time.Time
	// Dimensions holds the named categorical values (tracker, category, project, assignee, custom fields...),
	// keyed by Dimension.Key.
	Dimensions map[string]string
}

// Dimension describes one named categorical value of the tickets in a List.
type Dimension struct {
	// Key is the machine name, used as the frame field name and in filters (e.g. "service").
	Key string
	// Name is the human name shown by default (e.g. "Service").
	Name string
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

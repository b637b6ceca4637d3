package redmine

import (
	"context"

	"github.com/spacetime/tickets/pkg/tickets"
)

// Priority is an issue priority (GET /enumerations/issue_priorities.json), listed in Redmine's order: least
// urgent first.
type Priority struct {
	ID     int64  `json:"id"`
	Name   string `json:"name"`
	Active bool   `json:"active"`
}

// Priorities returns the issue priorities in Redmine's order.
func (c *Client) Priorities(ctx context.Context) ([]Priority, error) {
	var body struct {
		Priorities []Priority `json:"issue_priorities"`
	}
	if err := c.get(ctx, "/enumerations/issue_priorities.json", nil, &body); err != nil {
		return nil, err
	}
	return body.Priorities, nil
}

// severityColors colour severities from least to most severe (Grafana colour names).
var severityColors = []string{"green", "blue", "orange", "red", "dark-red", "purple"}

// ToSeverities maps priorities (Redmine's order) onto severities ranked 0.. with default colours.
func ToSeverities(ps []Priority) []tickets.Severity {
	out := make([]tickets.Severity, 0, len(ps))
	for i, p := range ps {
		out = append(out, tickets.Severity{Name: p.Name, Rank: i, Color: severityColors[min(i, len(severityColors)-1)]})
	}
	return out
}

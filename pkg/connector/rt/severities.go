package rt

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"slices"

	"github.com/spacetime/tickets/pkg/connector/httpapi"
	"github.com/spacetime/tickets/pkg/tickets"
)

// severityColors colour severities from least to most severe (Grafana colour names).
var severityColors = []string{"green", "blue", "orange", "red", "dark-red", "purple"}

// Severities returns the severity levels, least severe first: the priority ranges, or the values of the
// severity custom field (RT lists them most severe first, as SEV1, SEV2...).
func (c *Connector) Severities(ctx context.Context) ([]tickets.Severity, error) {
	if c.err != nil {
		return nil, c.err
	}
	var names []string
	if c.cfg.Severity.Field == "" {
		for _, r := range c.cfg.Severity.Ranges {
			names = append(names, r.Name)
		}
	} else {
		vals, err := c.fieldValues(ctx, c.cfg.Severity.Field)
		if err != nil {
			return nil, err
		}
		slices.Reverse(vals)
		names = vals
	}
	out := make([]tickets.Severity, 0, len(names))
	for i, n := range names {
		out = append(out, tickets.Severity{Name: n, Rank: i, Color: severityColors[min(i, len(severityColors)-1)]})
	}
	return out, nil
}

// FieldMissingError is a severity custom field RT does not have (or the user may not see).
type FieldMissingError struct{ Field string }

func (e *FieldMissingError) Error() string {
	return fmt.Sprintf("Request Tracker has no ticket custom field %q that this user may see: check the severity custom field setting (and the SeeCustomField right).", e.Field)
}

// Setting names the setting to fix.
func (e *FieldMissingError) Setting() string { return "severity custom field" }

// fieldValues lists a ticket custom field's values in RT's order.
func (c *Connector) fieldValues(ctx context.Context, name string) ([]string, error) {
	query, _ := json.Marshal([]map[string]string{
		{"field": "Name", "value": name},
		{"field": "LookupType", "value": "RT::Queue-RT::Ticket"},
	})
	var found struct {
		Items []struct {
			ID string `json:"id"`
		} `json:"items"`
	}
	if _, err := c.http.Do(ctx, httpapi.Request{Path: "/REST/2.0/customfields", Query: url.Values{"query": {string(query)}}}, &found); err != nil {
		return nil, err
	}
	if len(found.Items) == 0 {
		return nil, &FieldMissingError{Field: name}
	}
	var vals []string
	type value struct {
		Name string `json:"name"`
	}
	err := walkRecords(ctx, c, httpapi.Request{Path: "/REST/2.0/customfield/" + found.Items[0].ID + "/values"}, "custom field value list", func(p collection[value]) error {
		for _, it := range p.Items {
			vals = append(vals, it.Name)
		}
		return nil
	})
	return vals, err
}

// Package frames turns Spacetime's tickets into Grafana data frames.
package frames

import (
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/spacetime/tickets/pkg/tickets"
)

// TicketsFrameName is the name of the frame the "tickets" query returns.
const TicketsFrameName = "tickets"

// Field names of the fixed ticket columns.
const (
	FieldID          = "id"
	FieldTitle       = "title"
	FieldStatus      = "status"
	FieldSeverity    = "severity"
	FieldOpened      = "opened"
	FieldUpdated     = "updated"
	FieldResolved    = "resolved"
	FieldDescription = "description"
	FieldURL         = "url"
)

// FixedFieldNames are the field names a dimension must not take.
var FixedFieldNames = []string{
	FieldID, FieldTitle, FieldStatus, FieldSeverity, FieldOpened, FieldUpdated, FieldResolved,
	FieldDescription, FieldURL,
}

// Tickets builds the "tickets" table frame: one row per ticket, typed fields, a data link from id and
// title to the ticket in its system. systemName (e.g. "Redmine") names the link.
func Tickets(list tickets.List, systemName string) *data.Frame {
	n := len(list.Tickets)
	ids := make([]int64, n)
	titles := make([]string, n)
	statuses := make([]string, n)
	severities := make([]string, n)
	opened := make([]time.Time, n)
	updated := make([]time.Time, n)
	resolved := make([]*time.Time, n)
	descriptions := make([]string, n)
	urls := make([]string, n)
	dims := make([][]string, len(list.Dimensions))
	for d := range dims {
		dims[d] = make([]string, n)
	}

	for i, t := range list.Tickets {
		ids[i] = t.ID
		titles[i] = t.Title
		statuses[i] = t.Status
		severities[i] = t.Severity
		opened[i] = t.Opened.UTC()
		updated[i] = t.Updated.UTC()
		if t.Resolved != nil {
			r := t.Resolved.UTC()
			resolved[i] = &r
		}
		descriptions[i] = t.Description
		urls[i] = t.URL
		for d, dim := range list.Dimensions {
			dims[d][i] = t.Dimensions[dim.Key]
		}
	}

	link := []data.DataLink{{
		Title:       "Open in " + systemName,
		URL:         "${__data.fields." + FieldURL + "}",
		TargetBlank: true,
	}}

	fields := data.Fields{
		withConfig(data.NewField(FieldID, nil, ids), "ID", link),
		withConfig(data.NewField(FieldTitle, nil, titles), "Title", link),
		withConfig(data.NewField(FieldStatus, nil, statuses), "Status", nil),
		withConfig(data.NewField(FieldSeverity, nil, severities), "Severity", nil),
	}
	for d, dim := range list.Dimensions {
		fields = append(fields, withConfig(data.NewField(dim.Key, nil, dims[d]), dim.Name, nil))
	}
	fields = append(fields,
		withConfig(data.NewField(FieldOpened, nil, opened), "Opened", nil),
		withConfig(data.NewField(FieldUpdated, nil, updated), "Updated", nil),
		withConfig(data.NewField(FieldResolved, nil, resolved), "Resolved", nil),
		withConfig(data.NewField(FieldDescription, nil, descriptions), "Description", nil),
		withConfig(data.NewField(FieldURL, nil, urls), "URL", nil),
	)

	frame := data.NewFrame(TicketsFrameName, fields...)
	frame.Meta = &data.FrameMeta{
		Type:                   data.FrameTypeTable,
		PreferredVisualization: data.VisTypeTable,
		UniqueRowIDFields:      []int{0},
	}
	return frame
}

func withConfig(f *data.Field, displayName string, links []data.DataLink) *data.Field {
	f.Config = &data.FieldConfig{DisplayNameFromDS: displayName, Links: links}
	return f
}

// Package frames turns Spacetime's tickets and query results into Grafana data frames.
package frames

import (
	"encoding/json"
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
	FieldState       = "state"
	FieldOpened      = "opened"
	FieldUpdated     = "updated"
	FieldResolved    = "resolved"
	FieldDescription = "description"
	FieldURL         = "url"
)

// FixedFieldNames are the field names a dimension must not take.
var FixedFieldNames = []string{
	FieldID, FieldTitle, FieldStatus, FieldSeverity, FieldState, FieldOpened, FieldUpdated, FieldResolved,
	FieldDescription, FieldURL,
}

// DimensionColumn is one dimension's values in a TicketColumns: Values for a single-valued dimension, Lists
// for a multi-valued one (a JSON array of strings per row, so the values stay apart).
type DimensionColumn struct {
	Key    string
	Name   string
	Values []string
	Lists  [][]string
}

func (d DimensionColumn) field() *data.Field {
	if d.Lists == nil {
		return data.NewField(d.Key, nil, d.Values)
	}
	cells := make([]json.RawMessage, len(d.Lists))
	for i, l := range d.Lists {
		cells[i], _ = json.Marshal(l) // #nosec G104 -- a []string always marshals
	}
	return data.NewField(d.Key, nil, cells)
}

// TicketColumns are the columns of a tickets table, one entry per row in each.
type TicketColumns struct {
	IDs          []string
	Titles       []string
	Statuses     []string
	Severities   []string
	States       []string // nil: no state field
	Dimensions   []DimensionColumn
	Opened       []time.Time
	Updated      []time.Time
	Resolved     []*time.Time
	Descriptions []string
	URLs         []string
}

// TicketTable builds the "tickets" table frame from columns. Field order: id, title, status, severity,
// state (when given), dimensions, opened, updated, resolved, description, url. severities (may be nil)
// colour the severity field through value mappings.
func TicketTable(c TicketColumns, systemName string, severities []tickets.Severity) *data.Frame {
	link := []data.DataLink{{
		Title:       "Open in " + systemName,
		URL:         "${__data.fields." + FieldURL + "}",
		TargetBlank: true,
	}}
	severity := withConfig(data.NewField(FieldSeverity, nil, c.Severities), "Severity", nil)
	if len(severities) > 0 {
		severity.Config.Mappings = severityMappings(severities)
		severity.Config.Custom = map[string]any{"cellOptions": map[string]any{"type": "color-text"}}
	}
	fields := data.Fields{
		withConfig(data.NewField(FieldID, nil, c.IDs), "ID", link),
		withConfig(data.NewField(FieldTitle, nil, c.Titles), "Title", link),
		withConfig(data.NewField(FieldStatus, nil, c.Statuses), "Status", nil),
		severity,
	}
	if c.States != nil {
		fields = append(fields, withConfig(data.NewField(FieldState, nil, c.States), "State", nil))
	}
	for _, d := range c.Dimensions {
		fields = append(fields, withConfig(d.field(), d.Name, nil))
	}
	fields = append(fields,
		withConfig(data.NewField(FieldOpened, nil, c.Opened), "Opened", nil),
		withConfig(data.NewField(FieldUpdated, nil, c.Updated), "Updated", nil),
		withConfig(data.NewField(FieldResolved, nil, c.Resolved), "Resolved", nil),
		withConfig(data.NewField(FieldDescription, nil, c.Descriptions), "Description", nil),
		withConfig(data.NewField(FieldURL, nil, c.URLs), "URL", nil),
	)

	frame := data.NewFrame(TicketsFrameName, fields...)
	frame.Meta = &data.FrameMeta{
		Type:                   data.FrameTypeTable,
		PreferredVisualization: data.VisTypeTable,
		UniqueRowIDFields:      []int{0},
	}
	return frame
}

// severityMappings colours each severity; Index keeps the system's order (least severe first).
func severityMappings(severities []tickets.Severity) data.ValueMappings {
	m := data.ValueMapper{}
	for _, s := range severities {
		m[s.Name] = data.ValueMappingResult{Color: s.Color, Index: s.Rank}
	}
	return data.ValueMappings{m}
}

func withConfig(f *data.Field, displayName string, links []data.DataLink) *data.Field {
	f.Config = &data.FieldConfig{DisplayNameFromDS: displayName, Links: links}
	return f
}

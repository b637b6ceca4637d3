package servicenow

import (
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/spacetime/tickets/pkg/connector/httpapi"
	"github.com/spacetime/tickets/pkg/tickets"
)

// Record is a row of the table as the connector asks for it (stored values, dot-walked reference names).
type Record map[string]string

// fields are what every listing asks for: reference fields are dot-walked to their names.
var fields = []string{"sys_id", "number", "short_description", "description", "priority", "state", "category",
	"subcategory", "assignment_group.name", "business_service.name", "cmdb_ci.name", "location.name",
	"assigned_to.name", "opened_at", "sys_updated_on", "resolved_at", "closed_at"}

// Dimension keys.
const (
	DimAssignmentGroup = "assignment_group"
	DimService         = "service"
	DimCI              = "configuration_item"
	DimCategory        = "category"
	DimSubcategory     = "subcategory"
	DimLocation        = "location"
	DimAssignee        = "assignee"
)

// Dimensions lists the dimensions ServiceNow tickets carry, in display order.
var Dimensions = []tickets.Dimension{
	{Key: DimAssignmentGroup, Name: "Assignment group"},
	{Key: DimService, Name: "Service"},
	{Key: DimCI, Name: "Configuration item"},
	{Key: DimCategory, Name: "Category"},
	{Key: DimSubcategory, Name: "Subcategory"},
	{Key: DimLocation, Name: "Location"},
	{Key: DimAssignee, Name: "Assigned to"},
}

// States of the incident table (task tables share 1..3 and 6..8 for the most part).
var stateNames = map[string]string{"1": "New", "2": "In Progress", "3": "On Hold", "6": "Resolved", "7": "Closed", "8": "Canceled"}

// closedStates are Resolved, Closed and Canceled.
var closedStates = map[string]bool{"6": true, "7": true, "8": true}

// ToTicket maps one record: ID = number (INC0010001), SourceID = sys_id, Number = the number's digits;
// priority 1–5 → Critical…Planning; states 6, 7 and 8 closed; resolved_at (else closed_at) only while
// closed; the URL opens the record's form.
func (c *Connector) ToTicket(r Record) tickets.Ticket {
	t := tickets.Ticket{ID: r["number"], SourceID: r["sys_id"], Title: r["short_description"], Description: r["description"]}
	t.Number, _ = strconv.ParseInt(strings.TrimLeft(r["number"], "ABCDEFGHIJKLMNOPQRSTUVWXYZ_"), 10, 64)
	if p, err := strconv.Atoi(r["priority"]); err == nil && p >= 1 && p <= len(priorities) {
		t.Severity = priorities[p-1].Name
	}
	t.Status = stateNames[r["state"]]
	if t.Status == "" {
		t.Status = r["state"] // a task table's own state value
	}
	t.Closed = closedStates[r["state"]]
	t.Opened = utc(r["opened_at"])
	t.Updated = utc(r["sys_updated_on"])
	for _, f := range []string{"resolved_at", "closed_at"} {
		if at := utc(r[f]); !at.IsZero() {
			t.Resolved = &at
			break
		}
	}
	t.URL = c.instance + "/nav_to.do?uri=" + url.QueryEscape("/"+c.cfg.Table+".do?sys_id="+r["sys_id"])
	t.Dimensions = map[string][]string{
		DimAssignmentGroup: tickets.One(r["assignment_group.name"]),
		DimService:         tickets.One(r["business_service.name"]),
		DimCI:              tickets.One(r["cmdb_ci.name"]),
		DimCategory:        tickets.One(r["category"]),
		DimSubcategory:     tickets.One(r["subcategory"]),
		DimLocation:        tickets.One(r["location.name"]),
		DimAssignee:        tickets.One(r["assigned_to.name"]),
	}
	t.Normalize()
	return t
}

// utc reads a stored time ("2026-11-30 10:05:12", UTC with sysparm_display_value=false); "" or
// unreadable is the zero time (kept as empty).
func utc(s string) time.Time {
	if s == "" {
		return time.Time{}
	}
	t, err := httpapi.ParseTime(s, time.UTC)
	if err != nil {
		return time.Time{}
	}
	return t
}

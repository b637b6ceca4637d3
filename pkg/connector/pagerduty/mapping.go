package pagerduty

import (
	"strconv"
	"time"

	"github.com/spacetime/tickets/pkg/connector/httpapi"
	"github.com/spacetime/tickets/pkg/tickets"
)

type ref struct {
	ID      string `json:"id"`
	Type    string `json:"type"`
	Summary string `json:"summary"`
}

// Incident is an incident as PagerDuty sends it.
type Incident struct {
	ID                 string `json:"id"`
	Type               string `json:"type"`
	Number             int64  `json:"incident_number"`
	Title              string `json:"title"`
	Description        string `json:"description"`
	Status             string `json:"status"`
	Urgency            string `json:"urgency"`
	HTMLURL            string `json:"html_url"`
	CreatedAt          string `json:"created_at"`
	UpdatedAt          string `json:"updated_at"`
	ResolvedAt         string `json:"resolved_at"`
	LastStatusChangeAt string `json:"last_status_change_at"`
	Service            ref    `json:"service"`
	EscalationPolicy   ref    `json:"escalation_policy"`
	Teams              []ref  `json:"teams"`
	Assignments        []struct {
		Assignee ref `json:"assignee"`
	} `json:"assignments"`
	Priority *struct {
		Name    string `json:"name"`
		Summary string `json:"summary"`
	} `json:"priority"`
}

// full reports whether the incident is a whole incident, not a reference ({"type":"incident_reference"}).
func (is Incident) full() bool { return is.Type == "incident" && is.Number > 0 }

// Dimension keys.
const (
	DimService          = "service"
	DimEscalationPolicy = "escalation_policy"
	DimTeams            = "teams"
	DimAssignees        = "assignees"
	DimUrgency          = "urgency"
)

// Dimensions lists the dimensions PagerDuty tickets carry, in display order.
var Dimensions = []tickets.Dimension{
	{Key: DimService, Name: "Service"},
	{Key: DimEscalationPolicy, Name: "Escalation policy"},
	{Key: DimTeams, Name: "Teams", Multi: true},
	{Key: DimAssignees, Name: "Assignees", Multi: true},
	{Key: DimUrgency, Name: "Urgency"},
}

// ToTicket maps one incident: ID = the incident number, SourceID = PagerDuty's id (Q1AB2CD); severity =
// priority.name (P1…), else the urgency (high, low); resolved is closed, with resolved_at (else the last
// status change); teams and assignees are multi-valued.
func ToTicket(is Incident) tickets.Ticket {
	t := tickets.Ticket{ID: strconv.FormatInt(is.Number, 10), SourceID: is.ID, Number: is.Number, Title: is.Title,
		Description: is.Description, URL: is.HTMLURL, Status: is.Status, Closed: is.Status == "resolved"}
	if t.Description == t.Title {
		t.Description = "" // PagerDuty repeats the title when an incident has no description
	}
	t.Severity = is.Urgency
	if is.Priority != nil && is.Priority.Name != "" {
		t.Severity = is.Priority.Name
	}
	t.Opened, t.Updated = pdTime(is.CreatedAt), pdTime(is.UpdatedAt)
	for _, at := range []string{is.ResolvedAt, is.LastStatusChangeAt} {
		if r := pdTime(at); !r.IsZero() {
			t.Resolved = &r
			break
		}
	}
	t.Dimensions = map[string][]string{
		DimService:          tickets.One(is.Service.Summary),
		DimEscalationPolicy: tickets.One(is.EscalationPolicy.Summary),
		DimUrgency:          tickets.One(is.Urgency),
	}
	for _, tm := range is.Teams {
		if tm.Summary != "" {
			t.Dimensions[DimTeams] = append(t.Dimensions[DimTeams], tm.Summary)
		}
	}
	for _, a := range is.Assignments {
		if a.Assignee.Summary != "" {
			t.Dimensions[DimAssignees] = append(t.Dimensions[DimAssignees], a.Assignee.Summary)
		}
	}
	t.Normalize()
	return t
}

func pdTime(s string) time.Time {
	if s == "" {
		return time.Time{}
	}
	t, err := httpapi.ParseTime(s, time.UTC)
	if err != nil {
		return time.Time{}
	}
	return t.UTC()
}

package gitlab

import (
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/spacetime/tickets/pkg/frames"
	"github.com/spacetime/tickets/pkg/tickets"
)

// Issue is the part of GitLab's issue object the connector reads.
type Issue struct {
	ID          int64      `json:"id"`
	IID         int64      `json:"iid"`
	ProjectID   int64      `json:"project_id"`
	Title       string     `json:"title"`
	Description *string    `json:"description"`
	State       string     `json:"state"`
	CreatedAt   time.Time  `json:"created_at"`
	UpdatedAt   time.Time  `json:"updated_at"`
	ClosedAt    *time.Time `json:"closed_at"`
	Labels      []string   `json:"labels"`
	Milestone   *struct {
		Title string `json:"title"`
	} `json:"milestone"`
	Assignees []struct {
		Username string `json:"username"`
	} `json:"assignees"`
	IssueType  string `json:"issue_type"`
	Severity   string `json:"severity"`
	WebURL     string `json:"web_url"`
	References struct {
		Full string `json:"full"`
	} `json:"references"`
}

// Dimension keys every GitLab ticket carries.
const (
	DimProject   = "project"
	DimType      = "type"
	DimMilestone = "milestone"
	DimAssignees = "assignees"
	DimLabels    = "labels"
)

// Dimensions are the fixed dimensions, in display order; scoped labels add theirs after them.
var Dimensions = []tickets.Dimension{
	{Key: DimProject, Name: "Project"},
	{Key: DimType, Name: "Type"},
	{Key: DimMilestone, Name: "Milestone"},
	{Key: DimAssignees, Name: "Assignees", Multi: true},
	{Key: DimLabels, Name: "Labels", Multi: true},
}

// GitLab's incident severities, least severe first; S1 is critical.
var severities = []tickets.Severity{
	{Name: "low", Rank: 1, Color: "blue"},
	{Name: "medium", Rank: 2, Color: "yellow"},
	{Name: "high", Rank: 3, Color: "orange"},
	{Name: "critical", Rank: 4, Color: "red"},
}

// severityName reads severity::1 … severity::4 (S1 … S4, as GitLab numbers incident severities), S1 … S4,
// or a name (critical, high, medium, low; any case). Other values are kept as written.
func severityName(v string) string {
	v = strings.ToLower(strings.TrimSpace(v))
	if n := strings.TrimPrefix(v, "s"); len(n) == 1 && n[0] >= '1' && n[0] <= '4' {
		return severities[4-int(n[0]-'0')].Name
	}
	return v
}

var nonKey = regexp.MustCompile(`[^a-z0-9_]+`)

// scopedKey makes a dimension key of a scoped label's scope: "Service" → service, "team/area" → team_area.
// A scope that names a fixed ticket field gets "_label" after it (status::doing → status_label).
func scopedKey(scope string) string {
	k := strings.Trim(nonKey.ReplaceAllString(strings.ToLower(strings.TrimSpace(scope)), "_"), "_")
	if k == "" {
		return ""
	}
	if k[0] >= '0' && k[0] <= '9' {
		k = "scope_" + k
	}
	if slices.Contains(frames.FixedFieldNames, k) || slices.ContainsFunc(Dimensions, func(d tickets.Dimension) bool { return d.Key == k }) {
		k += "_label"
	}
	return k
}

// splitScoped reads a scoped label: the scope is everything before the last "::" (GitLab's rule).
func splitScoped(label string) (scope, value string, ok bool) {
	i := strings.LastIndex(label, "::")
	if i <= 0 || i+2 >= len(label) {
		return "", "", false
	}
	return label[:i], strings.TrimSpace(label[i+2:]), true
}

// Ticket maps an issue onto the ticket model; scoped lists the scoped-label dimensions it fills (key → the
// scope as written, for the dimension's name).
func (is Issue) Ticket(scoped map[string]string) tickets.Ticket {
	project, _, _ := strings.Cut(is.References.Full, "#")
	milestone := ""
	if is.Milestone != nil {
		milestone = is.Milestone.Title
	}
	var assignees []string
	for _, a := range is.Assignees {
		assignees = append(assignees, a.Username)
	}
	labels := slices.Clone(is.Labels)
	if labels == nil {
		labels = []string{}
	}
	t := tickets.Ticket{
		ID: is.References.Full, Number: is.IID, Title: is.Title, URL: is.WebURL,
		Status: map[string]string{"opened": "open", "closed": "closed"}[is.State], Closed: is.State == "closed",
		Opened: is.CreatedAt, Updated: is.UpdatedAt, Resolved: is.ClosedAt,
		Dimensions: map[string][]string{
			DimProject: tickets.One(project), DimType: tickets.One(is.IssueType), DimMilestone: tickets.One(milestone),
			DimAssignees: assignees, DimLabels: labels,
		},
	}
	if t.Status == "" {
		t.Status = is.State
	}
	if is.Description != nil {
		t.Description = *is.Description
	}
	for _, l := range is.Labels {
		scope, value, ok := splitScoped(l)
		if !ok {
			continue
		}
		if strings.EqualFold(strings.TrimSpace(scope), "severity") {
			if t.Severity == "" {
				t.Severity = severityName(value)
			}
			continue
		}
		key := scopedKey(scope)
		if key == "" {
			continue
		}
		scoped[key] = strings.TrimSpace(scope)
		t.Dimensions[key] = []string{value} // GitLab keeps one label per scope
	}
	if t.Severity == "" && is.Severity != "" && !strings.EqualFold(is.Severity, "UNKNOWN") {
		t.Severity = severityName(is.Severity)
	}
	t.Normalize()
	return t
}

// page maps a page of issues, with the scoped-label dimensions the page holds after the fixed ones.
func page(issues []Issue) tickets.List {
	list := tickets.List{Dimensions: slices.Clone(Dimensions), Total: -1}
	scoped := map[string]string{}
	for _, is := range issues {
		list.Tickets = append(list.Tickets, is.Ticket(scoped))
	}
	keys := make([]string, 0, len(scoped))
	for k := range scoped {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		name := scoped[k]
		if name != "" {
			name = strings.ToUpper(name[:1]) + name[1:]
		}
		list.Dimensions = append(list.Dimensions, tickets.Dimension{Key: k, Name: name})
	}
	return list
}

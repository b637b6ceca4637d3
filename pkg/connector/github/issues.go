package github

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/spacetime/tickets/pkg/mapping"
	"github.com/spacetime/tickets/pkg/tickets"
)

// Issue is the part of GitHub's issue object the connector reads.
type Issue struct {
	ID            int64           `json:"id"`
	Number        int64           `json:"number"`
	Title         string          `json:"title"`
	Body          *string         `json:"body"`
	State         string          `json:"state"`
	StateReason   *string         `json:"state_reason"`
	Labels        []Label         `json:"labels"`
	Assignees     []User          `json:"assignees"`
	Milestone     *Milestone      `json:"milestone"`
	CreatedAt     time.Time       `json:"created_at"`
	UpdatedAt     time.Time       `json:"updated_at"`
	ClosedAt      *time.Time      `json:"closed_at"`
	HTMLURL       string          `json:"html_url"`
	RepositoryURL string          `json:"repository_url"`
	PullRequest   json.RawMessage `json:"pull_request"`
}

// Label is an issue label. GitHub's schema allows a bare string as well as an object.
type Label struct{ Name string }

func (l *Label) UnmarshalJSON(b []byte) error {
	var s string
	if json.Unmarshal(b, &s) == nil {
		l.Name = s
		return nil
	}
	var o struct {
		Name string `json:"name"`
	}
	err := json.Unmarshal(b, &o)
	l.Name = o.Name
	return err
}

// User is an assignee.
type User struct {
	Login string `json:"login"`
}

// Milestone is an issue's milestone.
type Milestone struct {
	Title string `json:"title"`
}

// IsPullRequest is true for the pull requests GitHub's issue lists include.
func (is Issue) IsPullRequest() bool {
	return len(is.PullRequest) > 0 && string(is.PullRequest) != "null"
}

// Repository is "owner/repo" from the issue's repository_url (…/repos/owner/repo): the issue's current
// repository, also after a rename or a transfer.
func (is Issue) Repository() string {
	i := strings.LastIndex(is.RepositoryURL, "/repos/")
	if i < 0 {
		return ""
	}
	return is.RepositoryURL[i+len("/repos/"):]
}

// Dimension keys.
const (
	DimRepository = "repository"
	DimMilestone  = "milestone"
	DimAssignees  = "assignees"
	DimLabels     = "labels"
)

// Dimensions are the dimensions every GitHub ticket carries, in display order; the default label rules
// add service and area.
var Dimensions = []tickets.Dimension{
	{Key: DimRepository, Name: "Repository"},
	{Key: DimMilestone, Name: "Milestone"},
	{Key: DimAssignees, Name: "Assignees", Multi: true},
	{Key: DimLabels, Name: "Labels", Multi: true},
}

// DefaultRules derive service and area from labels such as service/checkout and area/payments. The
// datasource's own mapping rules run after them.
var DefaultRules = []mapping.Rule{
	{From: DimLabels, Prefix: "service/", To: "service", Name: "Service"},
	{From: DimLabels, Prefix: "area/", To: "area", Name: "Area"},
}

// The severities the default severity labels map to, least severe first.
var severities = []tickets.Severity{
	{Name: "low", Rank: 1, Color: "blue"},
	{Name: "medium", Rank: 2, Color: "yellow"},
	{Name: "high", Rank: 3, Color: "orange"},
	{Name: "critical", Rank: 4, Color: "red"},
}

// severityLabel reads the common severity labels: sev1…sev4 (also sev-1, sev 1, severity 1, S1), P0…P3,
// and severity: critical|high|medium|low (also severity/high). A prefix rule cannot tell P1 from
// "Performance", hence a pattern.
var severityLabel = regexp.MustCompile(`(?i)^(?:s(?:ev(?:erity)?)?[ :/_-]*([1-4])|p([0-3])|severity[ :/_-]+(critical|high|medium|low))$`)

// labelSeverity is the most severe level the labels name, or "".
func labelSeverity(labels []string) string {
	best := 0
	for _, l := range labels {
		m := severityLabel.FindStringSubmatch(strings.TrimSpace(l))
		rank := 0
		switch {
		case m == nil:
		case m[1] != "":
			rank = 5 - int(m[1][0]-'0') // sev1 → 4 (critical) … sev4 → 1
		case m[2] != "":
			rank = 4 - int(m[2][0]-'0') // P0 → 4 … P3 → 1
		default:
			for _, s := range severities {
				if strings.EqualFold(s.Name, m[3]) {
					rank = s.Rank
				}
			}
		}
		best = max(best, rank)
	}
	if best == 0 {
		return ""
	}
	return severities[best-1].Name
}

// Ticket maps an issue onto the ticket model. The id is owner/repo#number, with the repository the issue
// is in now.
func (is Issue) Ticket() tickets.Ticket {
	repo := is.Repository()
	labels := make([]string, 0, len(is.Labels))
	for _, l := range is.Labels {
		if l.Name != "" {
			labels = append(labels, l.Name)
		}
	}
	var assignees []string
	for _, a := range is.Assignees {
		assignees = append(assignees, a.Login)
	}
	milestone := ""
	if is.Milestone != nil {
		milestone = is.Milestone.Title
	}
	t := tickets.Ticket{
		ID: fmt.Sprintf("%s#%d", repo, is.Number), Number: is.Number,
		Title: is.Title, URL: is.HTMLURL, Severity: labelSeverity(labels),
		Status: status(is), Closed: is.State == "closed",
		Opened: is.CreatedAt, Updated: is.UpdatedAt, Resolved: is.ClosedAt,
		Dimensions: map[string][]string{
			DimRepository: tickets.One(repo),
			DimMilestone:  tickets.One(milestone),
			DimAssignees:  assignees,
			DimLabels:     labels,
		},
	}
	if is.Body != nil {
		t.Description = *is.Body
	}
	t.Normalize()
	return t
}

// status is open, closed, or closed as not planned (state_reason), as GitHub's own lists show it.
func status(is Issue) string {
	if is.State == "closed" && is.StateReason != nil && *is.StateReason == "not_planned" {
		return "not planned"
	}
	return is.State
}

// page maps a page of issues, dropping pull requests, and applies the default label rules.
func page(issues []Issue) tickets.List {
	list := tickets.List{Dimensions: append([]tickets.Dimension(nil), Dimensions...), Total: -1}
	for _, is := range issues {
		if !is.IsPullRequest() {
			list.Tickets = append(list.Tickets, is.Ticket())
		}
	}
	mapping.Apply(DefaultRules, &list)
	return list
}

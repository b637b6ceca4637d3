// Package gitlabtest replays GitLab's REST API v4 for the issue endpoints Spacetime uses, following GitLab's
// documented shapes: offset paging with X-Page/X-Next-Page/X-Total headers and Link (totals left out above
// TotalsCap, 10,000 on GitLab), keyset paging on project issues (GitLab 18.3 and later), PRIVATE-TOKEN,
// RateLimit-* headers with 429 and Retry-After, bare 429s, and GitLab's error bodies.
package gitlabtest

import (
	"fmt"
	"time"
)

// Token is the access token the replay accepts.
const (
	Token    = "glpat-ReplayToken0123456789ab"
	Username = "spacetime-bot"
	Group    = "acme"
)

// Project is a replayed project.
type Project struct {
	ID   int64
	Path string // path with namespace: acme/shop, acme/platform/payments
}

// Issue is a replayed issue or incident.
type Issue struct {
	Project          string
	IID, ID          int64
	Title, Body      string
	State            string // opened or closed
	Type             string // issue, incident, task
	Severity         string // UNKNOWN, LOW, MEDIUM, HIGH, CRITICAL
	Labels           []string
	Assignees        []string
	Milestone        string
	Created, Updated time.Time
	Closed           *time.Time
	// Deleted issues answer 404 and are not listed.
	Deleted bool
}

// Ref is the full reference, group/project#iid.
func (is Issue) Ref() string { return fmt.Sprintf("%s#%d", is.Project, is.IID) }

// SampleProjects: two projects in group acme (one in a subgroup) and one outside it.
func SampleProjects() []Project {
	return []Project{{ID: 11, Path: Group + "/shop"}, {ID: 12, Path: Group + "/platform/payments"}, {ID: 13, Path: "other/tools"}}
}

// SampleIssues show every mapping: scoped labels, an incident with GitLab's severity, a closed issue, a
// deleted one, a task.
func SampleIssues(base time.Time) []*Issue {
	at := func(h int) time.Time { return base.Add(time.Duration(h) * time.Hour) }
	closed := at(6)
	return []*Issue{
		{Project: Group + "/shop", IID: 1, Title: "Checkout 502s", Body: "Payments fail.", State: "opened", Type: "incident", Severity: "CRITICAL",
			Labels: []string{"service::checkout", "region::eu-west", "bug"}, Assignees: []string{"alice"}, Milestone: "18.6", Created: at(0), Updated: at(1)},
		{Project: Group + "/shop", IID: 2, Title: "Search slow", State: "closed", Type: "issue", Severity: "UNKNOWN",
			Labels: []string{"severity::3", "service::search", "status::doing"}, Created: at(1), Updated: at(6), Closed: &closed},
		{Project: Group + "/shop", IID: 3, Title: "Label beats field", State: "opened", Type: "incident", Severity: "LOW",
			Labels: []string{"severity::1", "team::sre"}, Created: at(2), Updated: at(2)},
		{Project: Group + "/shop", IID: 4, Title: "Gone", State: "opened", Type: "issue", Severity: "UNKNOWN", Deleted: true, Created: at(2), Updated: at(2)},
		{Project: Group + "/platform/payments", IID: 1, Title: "Refunds stuck", State: "opened", Type: "incident", Severity: "HIGH",
			Labels: []string{"service::payments"}, Assignees: []string{"bob", "carol"}, Created: at(3), Updated: at(4)},
		{Project: Group + "/platform/payments", IID: 2, Title: "Write runbook", State: "opened", Type: "task", Severity: "UNKNOWN", Created: at(4), Updated: at(4)},
		{Project: "other/tools", IID: 1, Title: "Elsewhere", State: "opened", Type: "issue", Severity: "UNKNOWN", Created: at(3), Updated: at(3)},
	}
}

// GenerateIssues makes n issues in project, opened every step from start; every 4th is an incident.
func GenerateIssues(n int, project string, start time.Time, step time.Duration, firstIID int64) []*Issue {
	svc := []string{"service::checkout", "service::search", "service::payments"}
	sev := []string{"severity::1", "severity::2", "severity::3", "severity::4", ""}
	out := make([]*Issue, 0, n)
	for i := 0; i < n; i++ {
		at := start.Add(time.Duration(i) * step)
		is := &Issue{Project: project, IID: firstIID + int64(i), Title: fmt.Sprintf("Generated issue %d", i), State: "opened",
			Type: "issue", Severity: "UNKNOWN", Labels: []string{svc[i%len(svc)]}, Created: at, Updated: at.Add(time.Minute)}
		if s := sev[i%len(sev)]; s != "" {
			is.Labels = append(is.Labels, s)
		}
		if i%4 == 3 {
			is.Type, is.Severity = "incident", "MEDIUM"
		}
		if i%6 == 5 {
			c := at.Add(20 * time.Minute)
			is.State, is.Closed, is.Updated = "closed", &c, c
		}
		out = append(out, is)
	}
	return out
}

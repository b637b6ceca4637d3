// Package githubtest replays GitHub's REST API for the issue endpoints Spacetime uses, with GitHub's
// documented shapes (checked against GitHub's OpenAPI description by the github package's schema test),
// Link-header paging, the primary rate limit (x-ratelimit-*), secondary limits, 401/404/410/301 answers,
// malformed JSON and HTML error pages. The base path is "" (github.com) or "/api/v3" (Enterprise Server).
package githubtest

import (
	"fmt"
	"time"
)

// Credentials the replay accepts.
const (
	Token = "github_pat_11REPLAY0000000000_spacetimeReplayTokenValue"
	Login = "spacetime-bot"
	Org   = "acme"
)

// Repo is a replayed repository.
type Repo struct {
	FullName  string
	ID        int64
	Archived  bool
	HasIssues bool
}

// Issue is a replayed issue or pull request.
type Issue struct {
	Repo        string
	Number      int64
	ID          int64
	Title, Body string
	// State is open or closed; StateReason completed, not_planned, reopened or "".
	State, StateReason string
	Labels             []string
	Assignees          []string
	Milestone          string
	Created, Updated   time.Time
	Closed             *time.Time
	PullRequest        bool
	// Deleted issues answer 410; Hidden ones 404 (the token lost access); TransferredTo ("owner/repo#n")
	// answers 301 to the issue's new place. None of them is listed.
	Deleted, Hidden bool
	TransferredTo   string
}

// Key is owner/repo#number.
func (is Issue) Key() string { return fmt.Sprintf("%s#%d", is.Repo, is.Number) }

func (is Issue) listed() bool { return !is.Deleted && !is.Hidden && is.TransferredTo == "" }

// SampleRepos are the organisation's repositories: two with issues, one archived, one with issues off.
func SampleRepos() []Repo {
	return []Repo{
		{FullName: Org + "/shop", ID: 1001, HasIssues: true},
		{FullName: Org + "/payments", ID: 1002, HasIssues: true},
		{FullName: Org + "/legacy", ID: 1003, HasIssues: true, Archived: true},
		{FullName: Org + "/docs", ID: 1004, HasIssues: false},
	}
}

// SampleIssues are issues that show every mapping, a pull request, a deleted, a hidden and a transferred
// issue, all opened after base.
func SampleIssues(base time.Time) []*Issue {
	at := func(h int) time.Time { return base.Add(time.Duration(h) * time.Hour) }
	closed := at(5)
	return []*Issue{
		{Repo: Org + "/shop", Number: 1, Title: "Checkout returns 502", Body: "Users **cannot** pay.", State: "open",
			Labels: []string{"sev1", "service/checkout", "area/payments", "bug"}, Assignees: []string{"alice", "bob"}, Milestone: "v2.3",
			Created: at(0), Updated: at(1)},
		{Repo: Org + "/shop", Number: 2, Title: "Search is slow", State: "closed", StateReason: "completed",
			Labels: []string{"P2", "service/search"}, Assignees: []string{"carol"}, Created: at(1), Updated: at(5), Closed: &closed},
		{Repo: Org + "/shop", Number: 3, Title: "Bump dependency", State: "open", PullRequest: true, Created: at(2), Updated: at(2)},
		{Repo: Org + "/shop", Number: 4, Title: "Cart badge wrong", State: "closed", StateReason: "not_planned",
			Labels: []string{"severity: high", "Performance"}, Created: at(2), Updated: at(6), Closed: &closed},
		{Repo: Org + "/shop", Number: 5, Title: "Spam", State: "open", Deleted: true, Created: at(3), Updated: at(3)},
		{Repo: Org + "/shop", Number: 6, Title: "Moved to payments", State: "open", TransferredTo: Org + "/payments#7", Created: at(3), Updated: at(4)},
		{Repo: Org + "/payments", Number: 7, Title: "Moved to payments", State: "open", Labels: []string{"sev-3", "service/payments"}, Created: at(3), Updated: at(4)},
		{Repo: Org + "/payments", Number: 8, Title: "Refund stuck", State: "open", Labels: []string{"P0", "service/payments"}, Created: at(4), Updated: at(4)},
		{Repo: Org + "/payments", Number: 9, Title: "Private incident", State: "open", Hidden: true, Created: at(4), Updated: at(4)},
		{Repo: Org + "/legacy", Number: 1, Title: "Old bug", State: "open", Labels: []string{"sev4"}, Created: at(1), Updated: at(1)},
	}
}

// GenerateIssues makes n issues (every 7th a pull request) spread over repos, opened every step from
// start, with labels cycling through the default severity and service forms.
func GenerateIssues(n int, repos []string, start time.Time, step time.Duration, firstNumber int64) []*Issue {
	sev := []string{"sev1", "sev2", "P1", "P3", "severity: medium", ""}
	svc := []string{"service/checkout", "service/search", "service/payments", "area/infra"}
	out := make([]*Issue, 0, n)
	for i := 0; i < n; i++ {
		at := start.Add(time.Duration(i) * step)
		is := &Issue{Repo: repos[i%len(repos)], Number: firstNumber + int64(i), Title: fmt.Sprintf("Generated issue %d", i),
			Body: "Generated.", State: "open", Created: at, Updated: at.Add(time.Minute), PullRequest: i%7 == 6,
			Labels: []string{svc[i%len(svc)]}}
		if s := sev[i%len(sev)]; s != "" {
			is.Labels = append(is.Labels, s)
		}
		if i%5 == 4 {
			c := at.Add(30 * time.Minute)
			is.State, is.StateReason, is.Closed, is.Updated = "closed", "completed", &c, c
		}
		out = append(out, is)
	}
	return out
}

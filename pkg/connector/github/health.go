package github

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/spacetime/tickets/pkg/connector"
	"github.com/spacetime/tickets/pkg/connector/httpapi"
)

// Health is what Save & test found.
type Health struct {
	// Login is the token's account.
	Login string
	// Repos are the repositories read (with issues enabled); Archived how many of them are archived.
	Repos    []string
	Archived int
	// NoIssues are configured repositories whose issues are disabled.
	NoIssues []string
	// Count is how many issues (not pull requests) were updated since the window's start; -1 when the
	// search query would be too long to ask.
	Count int
	// Budget is the rate limit GitHub reported.
	Budget connector.Budget
}

// RepoError is a configured repository GitHub does not show the token.
type RepoError struct {
	Repo string
	Err  *httpapi.Error
}

func (e *RepoError) Error() string { return e.Err.Error() }
func (e *RepoError) Unwrap() error { return e.Err }

// maxSearchQuery is the search API's limit on q.
const maxSearchQuery = 256

// Check is Save & test: the API answers and accepts the token (as whom), each configured repository (or
// the organisation) is visible with issues enabled, and how many issues the sync window holds.
func (c *Connector) Check(ctx context.Context, since time.Time) (Health, error) {
	var me struct {
		Login string `json:"login"`
	}
	if _, err := c.http.Do(ctx, httpapi.Request{Path: "/user"}, &me); err != nil {
		return Health{}, err
	}
	h := Health{Login: me.Login, Count: -1}
	var repos []Repo
	if c.cfg.Org != "" {
		var err error
		if repos, err = c.Repositories(ctx); err != nil {
			return h, err
		}
	} else {
		for _, name := range c.cfg.Repos {
			var r Repo
			_, err := c.http.Do(ctx, httpapi.Request{Path: "/repos/" + repoPath(name)}, &r)
			if he, ok := err.(*httpapi.Error); ok && (he.Status == http.StatusNotFound || he.Status == http.StatusForbidden) {
				return h, &RepoError{Repo: name, Err: he}
			} else if err != nil {
				return h, err
			}
			if !r.HasIssues {
				h.NoIssues = append(h.NoIssues, name)
				continue
			}
			repos = append(repos, r)
		}
	}
	for _, r := range repos {
		h.Repos = append(h.Repos, r.FullName)
		if r.Archived {
			h.Archived++
		}
	}
	if q, ok := searchQuery(c.cfg.Org, h.Repos, since); ok && len(h.Repos) > 0 {
		var res struct {
			TotalCount int `json:"total_count"`
		}
		if _, err := c.http.Do(ctx, httpapi.Request{Path: "/search/issues", Query: url.Values{"q": {q}, "per_page": {"1"}}}, &res); err == nil {
			h.Count = res.TotalCount
		}
	}
	h.Budget = c.Budget()
	return h, nil
}

// searchQuery counts the window's issues in one search, when the query fits the search API's limit.
func searchQuery(org string, repos []string, since time.Time) (string, bool) {
	parts := []string{"is:issue", "updated:>=" + since.UTC().Format("2006-01-02T15:04:05Z")}
	if org != "" {
		parts = append(parts, "org:"+org)
	} else {
		for _, r := range repos {
			parts = append(parts, "repo:"+r)
		}
	}
	q := strings.Join(parts, " ")
	return q, len(q) <= maxSearchQuery
}

// PollCost says what polling costs: requests an hour at the interval, against the hourly limit.
func PollCost(repos int, interval time.Duration, limit int) string {
	if limit <= 0 {
		limit = 5000
	}
	perHour := int(float64(repos) * float64(time.Hour) / float64(interval))
	return fmt.Sprintf("%d requests an hour of the %d", perHour, limit)
}

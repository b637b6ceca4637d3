package github

import (
	"context"
	"encoding/json"
	"net/url"
	"strings"
	"time"

	"github.com/spacetime/tickets/pkg/connector/httpapi"
)

// Repo is a repository the connector reads.
type Repo struct {
	FullName  string `json:"full_name"`
	Archived  bool   `json:"archived"`
	HasIssues bool   `json:"has_issues"`
}

// Repositories are the repositories read: the configured ones, or the organisation's as last listed
// (listed again once RepoRefresh has passed; a failed listing keeps the previous one if there is one).
func (c *Connector) Repositories(ctx context.Context) ([]Repo, error) {
	if c.cfg.Org == "" {
		out := make([]Repo, len(c.cfg.Repos))
		for i, r := range c.cfg.Repos {
			out[i] = Repo{FullName: r, HasIssues: true}
		}
		return out, nil
	}
	c.mu.Lock()
	fresh := c.repos != nil && c.cfg.Now().Sub(c.listedAt) < c.cfg.RepoRefresh
	cached := c.repos
	c.mu.Unlock()
	if fresh {
		return cached, nil
	}
	repos, err := c.orgRepos(ctx)
	if err != nil {
		if cached != nil {
			return cached, nil
		}
		return nil, err
	}
	c.mu.Lock()
	if c.repos != nil {
		// A repository that was not there at the last listing has issues filed since then, older than the
		// store's newest change: its polls start at that listing.
		known := map[string]bool{}
		for _, r := range c.repos {
			known[strings.ToLower(r.FullName)] = true
		}
		for _, r := range repos {
			if !known[strings.ToLower(r.FullName)] {
				c.poller.Behind(r.FullName, c.listedAt)
			}
		}
	}
	c.repos, c.listedAt = repos, c.cfg.Now()
	c.mu.Unlock()
	return repos, nil
}

// orgRepos lists GET /orgs/{org}/repos (every type the token can see), keeping those with issues enabled.
func (c *Connector) orgRepos(ctx context.Context) ([]Repo, error) {
	q := url.Values{"type": {"all"}, "per_page": {"100"}}
	out := []Repo{}
	err := c.http.Walk(ctx, httpapi.Request{Path: "/orgs/" + url.PathEscape(c.cfg.Org) + "/repos", Query: q}, &httpapi.LinkHeader{},
		func(r *httpapi.Response) (httpapi.PageInfo, error) {
			var page []Repo
			if err := json.Unmarshal(r.Body, &page); err != nil {
				return httpapi.PageInfo{}, err
			}
			for _, repo := range page {
				if repo.HasIssues {
					out = append(out, repo)
				}
			}
			return httpapi.PageInfo{Items: len(page), Total: -1}, nil
		})
	return out, err
}

func names(repos []Repo, keep func(Repo) bool) []string {
	var out []string
	for _, r := range repos {
		if keep(r) {
			out = append(out, r.FullName)
		}
	}
	return out
}

// MinPollInterval is the shortest poll interval whose polls stay inside PollShare of the hourly rate limit
// (GitHub's limit as last reported, else 5,000): one request per repository per poll, archived ones aside.
// The sync polls no more often than this.
func (c *Connector) MinPollInterval() time.Duration {
	c.mu.Lock()
	n := 0
	if c.cfg.Org == "" {
		n = len(c.cfg.Repos)
	} else {
		for _, r := range c.repos {
			if !r.Archived {
				n++
			}
		}
	}
	c.mu.Unlock()
	return PollFloor(n, c.Budget().Limit, c.cfg.PollShare)
}

// PollFloor is the shortest interval at which polling repos repositories, one request each, uses at most
// share of limit requests an hour (limit ≤ 0: GitHub's 5,000 for a user token).
func PollFloor(repos, limit int, share float64) time.Duration {
	if limit <= 0 {
		limit = 5000
	}
	perHour := float64(limit) * share
	if repos == 0 || perHour <= 0 {
		return 0
	}
	return time.Duration(float64(repos) * float64(time.Hour) / perHour).Round(time.Second)
}

// Interleaved is true: Opened merges one listing per repository, so its pages are not newest first overall.
func (c *Connector) Interleaved() bool { return true }

package github

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/spacetime/tickets/pkg/connector"
	"github.com/spacetime/tickets/pkg/connector/fanout"
	"github.com/spacetime/tickets/pkg/connector/httpapi"
	"github.com/spacetime/tickets/pkg/tickets"
)

// Changed lists every issue updated at or after since in each repository (archived ones cannot change),
// in opening order: an issue updated while the pages are read keeps its place, where in update order it would
// move to the end and shift an unread issue onto a page already read. A repository that failed is asked from
// its missed poll's since next time.
func (c *Connector) Changed(ctx context.Context, since time.Time, page connector.PageFunc) error {
	repos, err := c.Repositories(ctx)
	if err != nil {
		return err
	}
	active := names(repos, func(r Repo) bool { return !r.Archived })
	return c.poller.Changed(ctx, active, since, c.cfg.Concurrency, func(ctx context.Context, repo string, since time.Time, pf connector.PageFunc) error {
		return c.issues(ctx, repo, url.Values{"sort": {"created"}, "direction": {"asc"}, "since": {iso(since)}}, nil, nil, pf)
	}, page)
}

// Opened lists the issues opened in [from, to), newest first in each repository. GitHub's list filters by
// update, not by opening: since=from leaves out every issue not touched since from (which cannot have been
// opened after it), the listing is sorted by opening time, and it stops at the first issue opened before from.
func (c *Connector) Opened(ctx context.Context, from, to time.Time, page connector.PageFunc) error {
	repos, err := c.Repositories(ctx)
	if err != nil {
		return err
	}
	keep := func(t tickets.Ticket) bool { return !t.Opened.Before(from) && t.Opened.Before(to) }
	stop := func(t tickets.Ticket) bool { return t.Opened.Before(from) }
	q := url.Values{"sort": {"created"}, "direction": {"desc"}, "since": {iso(from)}}
	return fanout.Each(ctx, names(repos, func(Repo) bool { return true }), c.cfg.Concurrency, func(ctx context.Context, repo string, pf connector.PageFunc) error {
		rq := url.Values{"sort": q["sort"], "direction": q["direction"], "since": q["since"]}
		if to.Before(c.cfg.Now()) { // an older time slice: start near it, not at the newest issue
			start, err := c.firstPage(ctx, "/repos/"+repoPath(repo)+"/issues", c.listQuery(rq), to)
			if err != nil {
				return err
			}
			if start > 1 {
				rq.Set("page", strconv.Itoa(start))
			}
		}
		return c.issues(ctx, repo, rq, keep, stop, pf)
	}, page)
}

// errStop ends a listing that has passed what it needs.
type errStop struct{}

func (errStop) Error() string { return "listing complete" }

// issues pages GET /repos/{repo}/issues?state=all&per_page=100 by the Link header. keep filters tickets;
// stop ends the listing at the first ticket it is true for. A repository whose issues are disabled (410)
// has none.
func (c *Connector) issues(ctx context.Context, repo string, q url.Values, keep, stop func(tickets.Ticket) bool, pf connector.PageFunc) error {
	err := c.http.Walk(ctx, httpapi.Request{Path: "/repos/" + repoPath(repo) + "/issues", Query: c.listQuery(q)}, &httpapi.LinkHeader{},
		func(r *httpapi.Response) (httpapi.PageInfo, error) {
			var issues []Issue
			if err := json.Unmarshal(r.Body, &issues); err != nil {
				return httpapi.PageInfo{}, err
			}
			list := page(issues)
			stopped := false
			kept := list.Tickets[:0]
			for _, t := range list.Tickets {
				if stop != nil && stop(t) {
					stopped = true
					break
				}
				if keep == nil || keep(t) {
					kept = append(kept, t)
				}
			}
			list.Tickets = kept
			if err := pf(connector.Page{List: list}); err != nil {
				return httpapi.PageInfo{}, err
			}
			if stopped {
				return httpapi.PageInfo{}, errStop{}
			}
			return httpapi.PageInfo{Items: len(issues), Total: -1}, nil
		})
	switch {
	case err == nil, isStop(err):
		return nil
	case httpapi.StatusOf(err) == http.StatusGone:
		return nil // issues are disabled in this repository
	}
	return err
}

// listQuery is a listing's query: every state, pages of PageSize, and q.
func (c *Connector) listQuery(q url.Values) url.Values {
	query := url.Values{"state": {"all"}, "per_page": {strconv.Itoa(c.cfg.PageSize)}}
	for k, v := range q {
		query[k] = v
	}
	return query
}

func isStop(err error) bool {
	_, ok := err.(errStop)
	return ok
}

// repoPath escapes owner and name of "owner/repo" for a URL path.
func repoPath(repo string) string {
	owner, name, _ := strings.Cut(repo, "/")
	return url.PathEscape(owner) + "/" + url.PathEscape(name)
}

func iso(t time.Time) string { return t.UTC().Format(time.RFC3339) }

package gitlab

import (
	"context"
	"encoding/json"
	"net/url"
	"strconv"
	"time"

	"github.com/spacetime/tickets/pkg/connector"
	"github.com/spacetime/tickets/pkg/connector/fanout"
	"github.com/spacetime/tickets/pkg/connector/httpapi"
	"github.com/spacetime/tickets/pkg/tickets"
)

// Changed lists the issues updated at or after since in every project and group, in opening order: an issue
// updated while the pages are read keeps its place, where in update order it would move to the end and (with
// a group's offset pages) shift an unread issue onto a page already read. A project or group that failed is
// asked from its missed poll's since next time.
func (c *Connector) Changed(ctx context.Context, since time.Time, page connector.PageFunc) error {
	return c.poller.Changed(ctx, c.sources(), since, c.cfg.Concurrency, func(ctx context.Context, src string, since time.Time, pf connector.PageFunc) error {
		q := url.Values{"updated_after": {iso(since)}, "order_by": {"created_at"}, "sort": {"asc"}}
		return c.issues(ctx, parseSource(src), q, nil, pf)
	}, page)
}

// Opened lists the issues opened in [from, to), newest first in each project and group (created_after and
// created_before bound it; created_before includes its second, so the end is cut here).
func (c *Connector) Opened(ctx context.Context, from, to time.Time, page connector.PageFunc) error {
	keep := func(t tickets.Ticket) bool { return !t.Opened.Before(from) && t.Opened.Before(to) }
	q := url.Values{"created_after": {iso(from)}, "created_before": {iso(to)}, "order_by": {"created_at"}, "sort": {"desc"}}
	return fanout.Each(ctx, c.sources(), c.cfg.Concurrency, func(ctx context.Context, src string, pf connector.PageFunc) error {
		return c.issues(ctx, parseSource(src), q, keep, pf)
	}, page)
}

// issues pages GET /projects/:id/issues or /groups/:id/issues (every state, every type, incidents too).
// Project listings ask for keyset paging; GitLab answers those without it (older versions, unsupported
// orders) with offset pages, and both are followed by Link or X-Next-Page. X-Total, when GitLab sends it
// (not above 10,000 issues), is the progress's total.
func (c *Connector) issues(ctx context.Context, src source, q url.Values, keep func(tickets.Ticket) bool, pf connector.PageFunc) error {
	query := url.Values{"scope": {"all"}, "state": {"all"}, "per_page": {strconv.Itoa(c.cfg.PageSize)}}
	if src.kind == "projects" {
		query.Set("pagination", "keyset")
	}
	for k, v := range q {
		query[k] = v
	}
	return c.http.Walk(ctx, httpapi.Request{Path: src.path() + "/issues", Query: query}, &httpapi.LinkOrNextPage{},
		func(r *httpapi.Response) (httpapi.PageInfo, error) {
			var issues []Issue
			if err := json.Unmarshal(r.Body, &issues); err != nil {
				return httpapi.PageInfo{}, err
			}
			list := page(issues)
			if keep != nil {
				kept := list.Tickets[:0]
				for _, t := range list.Tickets {
					if keep(t) {
						kept = append(kept, t)
					}
				}
				list.Tickets = kept
			}
			total := -1
			if n, err := strconv.Atoi(r.Header.Get("X-Total")); err == nil {
				total = n
			}
			list.Total = total
			return httpapi.PageInfo{Items: len(issues), Total: -1}, pf(connector.Page{List: list, Total: total})
		})
}

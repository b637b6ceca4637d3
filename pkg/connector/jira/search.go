package jira

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/spacetime/tickets/pkg/connector"
	"github.com/spacetime/tickets/pkg/connector/httpapi"
	"github.com/spacetime/tickets/pkg/tickets"
)

type cloudPage struct {
	Issues        []Issue `json:"issues"`
	NextPageToken string  `json:"nextPageToken"`
}

type dcPage struct {
	Issues []Issue `json:"issues"`
	Total  int     `json:"total"`
}

// issuesFunc receives one page of issues; total is Jira's count of the search (-1 when it gives none).
type issuesFunc func(issues []Issue, total int) error

func searchRequest(path, jql string, fields []string) httpapi.Request {
	return httpapi.Request{Method: "POST", Path: path, Body: map[string]any{"jql": jql, "fields": fields}}
}

// searchCloud pages POST /rest/api/3/search/jql by nextPageToken until a page comes without one (isLast has
// been unreliable, so the token decides). Each page is one request retried on its own: a failure resumes there.
func (c *Connector) searchCloud(ctx context.Context, jql string, fields []string, fn issuesFunc) error {
	req := searchRequest("/rest/api/3/search/jql", jql, fields)
	req.Body["maxResults"] = c.cfg.PageSize
	return c.http.Walk(ctx, req, &httpapi.NextToken{Param: "nextPageToken", InBody: true}, func(r *httpapi.Response) (httpapi.PageInfo, error) {
		var p cloudPage
		if err := json.Unmarshal(r.Body, &p); err != nil {
			return httpapi.PageInfo{}, err
		}
		return httpapi.PageInfo{Items: len(p.Issues), Total: -1, Next: p.NextPageToken}, fn(p.Issues, -1)
	})
}

// searchDC pages POST /rest/api/2/search by startAt, advancing by the issues received (the admin's cap on
// maxResults may be lower than asked). It returns a tooManyError, having delivered nothing, when the search
// holds more issues than Jira pages through.
func (c *Connector) searchDC(ctx context.Context, jql string, fields []string, fn issuesFunc) error {
	paging := &httpapi.OffsetLimit{OffsetParam: "startAt", LimitParam: "maxResults", Limit: c.cfg.PageSize, InBody: true}
	return c.http.Walk(ctx, searchRequest("/rest/api/2/search", jql, fields), paging, func(r *httpapi.Response) (httpapi.PageInfo, error) {
		var p dcPage
		if err := json.Unmarshal(r.Body, &p); err != nil {
			return httpapi.PageInfo{}, err
		}
		if paging.Offset == 0 && p.Total > c.cfg.PagingWindow {
			return httpapi.PageInfo{}, &tooManyError{total: p.Total}
		}
		return httpapi.PageInfo{Items: len(p.Issues), Total: p.Total}, fn(p.Issues, p.Total)
	})
}

type tooManyError struct{ total int }

func (e *tooManyError) Error() string {
	return fmt.Sprintf("the search holds %d issues, more than Jira Data Center pages through", e.total)
}

// list runs one listing over sp, slicing it by time on Data Center while a slice holds more issues than the
// paging window. newestFirst orders the slices (and the JQL) for backfills; keep filters what pages deliver.
func (c *Connector) list(ctx context.Context, sp span, newestFirst bool, keep func(tickets.Ticket) bool, page connector.PageFunc) error {
	order := "created ASC, id ASC" // created never changes, so records do not hop pages while Jira is written to
	if newestFirst {
		order = "created DESC, id DESC"
	}
	fetched := 0
	deliver := func(issues []Issue, total int) error {
		list := tickets.List{Dimensions: c.Dimensions(), Total: total}
		for _, is := range issues {
			if t := c.ToTicket(is); keep(t) {
				list.Tickets = append(list.Tickets, t)
			}
		}
		fetched += len(issues)
		if len(list.Tickets) == 0 {
			return nil
		}
		return page(connector.Page{List: list, Fetched: fetched, Total: total})
	}
	if c.cfg.Flavor == Cloud {
		return c.searchCloud(ctx, c.jql(ctx, sp, order), c.searchFields(), deliver)
	}
	var walk func(sp span) error
	walk = func(sp span) error {
		err := c.searchDC(ctx, c.jql(ctx, sp, order), c.searchFields(), deliver)
		var tm *tooManyError
		if !errors.As(err, &tm) {
			return err
		}
		to := sp.to
		if to.IsZero() {
			to = c.cfg.Now().Add(time.Minute)
		}
		mid := sp.from.Add(to.Sub(sp.from) / 2).Truncate(time.Minute)
		if !mid.After(sp.from) || !mid.Before(to) {
			return fmt.Errorf("%d issues have a %s time in the minute from %s, more than Jira Data Center pages through (%d): narrow the JQL scope", tm.total, sp.field, sp.from.UTC().Format(time.RFC3339), c.cfg.PagingWindow)
		}
		first, second := span{sp.field, sp.from, mid}, span{sp.field, mid, sp.to}
		if newestFirst {
			first, second = second, first
		}
		if err := walk(first); err != nil {
			return err
		}
		return walk(second)
	}
	return walk(sp)
}

// Changed pages issues updated at or after since (in created order, so a page never shifts while paging).
func (c *Connector) Changed(ctx context.Context, since time.Time, page connector.PageFunc) error {
	all := func(tickets.Ticket) bool { return true } // the JQL's minute (or zone) widening only adds re-reads
	return c.list(ctx, span{field: "updated", from: since}, false, all, page)
}

// Opened pages issues created in [from, to), newest first, one page after another. It is one time slice
// of a backfill: the syncer fetches several at once (its Backfill slices setting).
func (c *Connector) Opened(ctx context.Context, from, to time.Time, page connector.PageFunc) error {
	keep := func(t tickets.Ticket) bool { return !t.Opened.Before(from) && t.Opened.Before(to) }
	return c.list(ctx, span{"created", from, to}, true, keep, page)
}

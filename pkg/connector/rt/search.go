package rt

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/spacetime/tickets/pkg/connector"
	"github.com/spacetime/tickets/pkg/connector/httpapi"
	"github.com/spacetime/tickets/pkg/tickets"
)

// ScopeError is RT refusing the TicketSQL scope (400 with RT's parser message in Err.Detail).
type ScopeError struct {
	Scope string
	Err   *httpapi.Error
}

func (e *ScopeError) Error() string {
	detail := strings.TrimSpace(perlLocation.ReplaceAllString(e.Err.Detail, ""))
	return fmt.Sprintf("Request Tracker rejected the TicketSQL scope %q: %s Fix the TicketSQL scope setting.", e.Scope, strings.TrimSuffix(detail, ".")+".")
}

// perlLocation is the " at /usr/share/request-tracker5/lib/RT/Tickets.pm line 3208." RT's parser messages end with.
var perlLocation = regexp.MustCompile(`\s+at \S+\.pm line \d+\.?\s*$`)

func (e *ScopeError) Unwrap() error { return e.Err }

// Setting names the setting to fix.
func (e *ScopeError) Setting() string { return "TicketSQL scope" }

// where ANDs the scope (in parentheses) to a condition.
func (c *Connector) where(cond string) string {
	if c.cfg.Scope == "" {
		return cond
	}
	return "(" + cond + ") AND (" + c.cfg.Scope + ")"
}

// Changed pages tickets updated at or after since (tickets carry RT's clock) in id order, so that a ticket
// updated while paging moves no other ticket to another page; then it reports the tickets deleted since
// (RT's searches never list deleted tickets: their status change is read from the transactions).
func (c *Connector) Changed(ctx context.Context, since time.Time, page connector.PageFunc) error {
	if c.err != nil {
		return c.err
	}
	if err := c.syncClock(ctx); err != nil {
		return err
	}
	deleted, err := c.deletedSince(ctx, since.Add(-margin))
	if err != nil {
		return err
	}
	listed := map[string]bool{}
	q := func() string { return c.where("LastUpdated >= '" + c.clock.relative(since.Add(-margin)) + "'") }
	err = c.walk(ctx, q, []string{"id"}, []string{"ASC"}, nil, func(p connector.Page) error {
		for i := range p.Tickets {
			listed[p.Tickets[i].ID] = true
		}
		return page(p)
	})
	if err != nil {
		return err
	}
	var gone []string
	for _, id := range deleted {
		if !listed[id] { // deleted and restored since: the listing has it as it is now
			gone = append(gone, id)
		}
	}
	if len(gone) == 0 {
		return nil
	}
	return page(connector.Page{Deleted: gone, Total: -1})
}

// Opened pages tickets created in [from, to), newest first (ties by id), so that a partial backfill shows
// recent tickets and a failed one resumes below the oldest ticket it loaded. The TicketSQL bounds are
// relative and widened; the tickets' own Created times keep the range exact.
func (c *Connector) Opened(ctx context.Context, from, to time.Time, page connector.PageFunc) error {
	if c.err != nil {
		return c.err
	}
	if err := c.syncClock(ctx); err != nil {
		return err
	}
	q := func() string {
		return c.where("Created >= '" + c.clock.relative(from.Add(-margin)) + "' AND Created < '" + c.clock.relative(to.Add(margin)) + "'")
	}
	keep := func(t time.Time) bool { return !t.Before(from) && t.Before(to) }
	return c.walk(ctx, q, []string{"Created", "id"}, []string{"DESC", "DESC"}, keep, page)
}

// syncClock learns RT's clock before the first search is written (GET /REST/2.0/rt; every answer after
// that keeps it current).
func (c *Connector) syncClock(ctx context.Context) error {
	if c.clock.known() {
		return nil
	}
	resp, err := c.http.Do(ctx, httpapi.Request{Path: "/REST/2.0/rt"}, nil)
	if err != nil {
		return err
	}
	c.clock.observe(resp.Header)
	return nil
}

// walk pages a TicketSQL search with the ticket fields, mapping each page; keep (if set) filters by opening
// time. query is written again for every page: RT reads its relative dates when each page's search runs, so
// one string for a listing of many minutes would move its bounds later with every page.
func (c *Connector) walk(ctx context.Context, query func() string, orderBy, order []string, keep func(time.Time) bool, page connector.PageFunc) error {
	q := url.Values{"fields": {searchFields}, "fields[Queue]": {"Name,Lifecycle"}, "orderby": orderBy, "order": order}
	fetched := 0
	err := walkSearch(ctx, c, httpapi.Request{Path: "/REST/2.0/tickets", Query: q}, query, "ticket search", func(p Page) error {
		items := p.Items
		if len(items) == 0 {
			return nil
		}
		list, err := c.mapItems(ctx, items)
		if err != nil {
			return err
		}
		fetched += len(items)
		if keep != nil {
			kept := list.Tickets[:0]
			for _, t := range list.Tickets {
				if keep(t.Opened) {
					kept = append(kept, t)
				}
			}
			list.Tickets = kept
		}
		if len(list.Tickets) == 0 {
			return nil
		}
		return page(connector.Page{List: list, Fetched: fetched, Total: p.info().Total})
	})
	return c.scopeError(err)
}

// scopeError names the TicketSQL scope when RT refuses a search (400 is RT's answer to a query it cannot parse).
func (c *Connector) scopeError(err error) error {
	var he *httpapi.Error
	if c.cfg.Scope != "" && errors.As(err, &he) && he.Status == http.StatusBadRequest {
		return &ScopeError{Scope: c.cfg.Scope, Err: he}
	}
	return err
}

// collection is REST2's paged answer for any kind of record (tickets, transactions, custom field values).
type collection[T any] struct {
	Items []T `json:"items"`
	// Total is null for a user without the global ShowTicket right; the last page has no next_page.
	Total    *int   `json:"total"`
	NextPage string `json:"next_page"`
}

// info is what the framework's paging needs.
func (p collection[T]) info() httpapi.PageInfo {
	total := -1
	if p.Total != nil {
		total = *p.Total
	}
	return httpapi.PageInfo{Items: len(p.Items), Total: total, Last: p.NextPage == ""}
}

// walkRecords pages a REST2 collection (per_page 100), keeping RT's clock current, and hands each page's
// answers to each; what names the records in the error for an answer of another shape.
func walkRecords[T any](ctx context.Context, c *Connector, req httpapi.Request, what string, each func(collection[T]) error) error {
	return walkSearch(ctx, c, req, nil, what, each)
}

// walkSearch is walkRecords with the query parameter written by query (if set) before every page.
func walkSearch[T any](ctx context.Context, c *Connector, req httpapi.Request, query func() string, what string, each func(collection[T]) error) error {
	var paging httpapi.Paging = &httpapi.PageNumber{Size: c.cfg.PageSize}
	if query != nil {
		paging = requery{paging, query}
	}
	return c.http.Walk(ctx, req, paging, func(r *httpapi.Response) (httpapi.PageInfo, error) {
		c.clock.observe(r.Header)
		var p collection[T]
		if err := json.Unmarshal(r.Body, &p); err != nil {
			return httpapi.PageInfo{}, fmt.Errorf("the answer to %s is not RT's %s: %w", req.Path, what, err)
		}
		if err := each(p); err != nil {
			return httpapi.PageInfo{}, err
		}
		return p.info(), nil
	})
}

// mapItems maps one page, learning the custom fields and lifecycle statuses it shows first. The sync pages
// several slices at once: one of them learns while the others wait, so RT is asked each question once.
func (c *Connector) mapItems(ctx context.Context, items []Item) (tickets.List, error) {
	c.learning.Lock()
	defer c.learning.Unlock()
	fields, err := c.resolveFields(ctx, items)
	if err != nil {
		return tickets.List{}, err
	}
	inactive, err := c.learnLifecycles(ctx, items)
	if err != nil {
		return tickets.List{}, err
	}
	m := mapping{site: c.site, severity: c.cfg.Severity, reserved: c.cfg.Reserved, fields: fields, inactive: inactive}
	return m.tickets(items)
}

// requery writes the search's query parameter before each page.
type requery struct {
	httpapi.Paging
	query func() string
}

func (p requery) Prepare(req *httpapi.Request) {
	if req.Query == nil {
		req.Query = url.Values{}
	}
	req.Query.Set("query", p.query())
	p.Paging.Prepare(req)
}

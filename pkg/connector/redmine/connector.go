package redmine

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/spacetime/tickets/pkg/connector"
	"github.com/spacetime/tickets/pkg/tickets"
)

var _ connector.Connector = (*Connector)(nil)

// Connector lists Redmine issues as tickets for the sync.
type Connector struct {
	client   *Client
	baseURL  string
	reserved []string
}

// NewConnector returns a connector over client. baseURL builds ticket links; reserved are the field names a
// custom field must not take.
func NewConnector(client *Client, baseURL string, reserved []string) *Connector {
	return &Connector{client: client, baseURL: baseURL, reserved: reserved}
}

// Changed pages issues updated at or after since, in id order so that an issue updated while paging does not
// shift the pages.
func (c *Connector) Changed(ctx context.Context, since time.Time, page connector.PageFunc) error {
	f := url.Values{"updated_on": {">=" + redmineTime(since)}}
	return c.pages(ctx, f, "id", page)
}

// Opened pages issues created in [from, to), newest first so that a partial backfill shows recent tickets.
func (c *Connector) Opened(ctx context.Context, from, to time.Time, page connector.PageFunc) error {
	// Redmine's "><" is inclusive at both ends and has second precision.
	f := url.Values{"created_on": {"><" + redmineTime(from) + "|" + redmineTime(to.Add(-time.Second))}}
	return c.pages(ctx, f, "id:desc", page)
}

// Severities returns Redmine's active priorities, least urgent first.
func (c *Connector) Severities(ctx context.Context) ([]tickets.Severity, error) {
	ps, err := c.client.Priorities(ctx)
	if err != nil {
		return nil, retryable(err)
	}
	active := ps[:0]
	for _, p := range ps {
		if p.Active {
			active = append(active, p)
		}
	}
	return ToSeverities(active), nil
}

func (c *Connector) pages(ctx context.Context, filters url.Values, sort string, page connector.PageFunc) error {
	fetched := 0
	for offset := 0; ; {
		p, err := c.client.ListIssues(ctx, ListOptions{Offset: offset, Limit: MaxPageSize, Sort: sort, Filters: filters})
		if err != nil {
			return retryable(err)
		}
		fetched += len(p.Issues)
		if len(p.Issues) > 0 {
			list := ToTickets(c.baseURL, p.Issues, c.reserved)
			if err := page(connector.Page{List: list, Fetched: fetched, Total: p.TotalCount}); err != nil {
				return err
			}
		}
		offset += len(p.Issues)
		if len(p.Issues) == 0 || offset >= p.TotalCount {
			return nil
		}
	}
}

// retryable marks answers that ask to wait (429, or 503 with Retry-After) as connector.RetryAfterError.
func retryable(err error) error {
	var he *HTTPError
	if !errors.As(err, &he) {
		return err
	}
	switch {
	case he.StatusCode == http.StatusTooManyRequests:
		wait := he.RetryAfter
		if wait == 0 {
			wait = time.Minute
		}
		return &connector.RetryAfterError{Wait: wait, Err: err}
	case he.StatusCode == http.StatusServiceUnavailable && he.RetryAfter > 0:
		return &connector.RetryAfterError{Wait: he.RetryAfter, Err: err}
	}
	return err
}

func redmineTime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05Z") }

var _ connector.Reconciler = (*Connector)(nil)

// Existing asks Redmine which of ids still exist, 100 ids per request (issue_id=1,2,3).
func (c *Connector) Existing(ctx context.Context, ids []string) (map[string]bool, error) {
	out := map[string]bool{}
	for start := 0; start < len(ids); start += MaxPageSize {
		chunk := ids[start:min(start+MaxPageSize, len(ids))]
		p, err := c.client.ListIssues(ctx, ListOptions{Limit: MaxPageSize, Sort: "id", Filters: url.Values{"issue_id": {strings.Join(chunk, ",")}}})
		if err != nil {
			return nil, retryable(err)
		}
		for _, is := range p.Issues {
			out[strconv.FormatInt(is.ID, 10)] = true
		}
	}
	return out, nil
}

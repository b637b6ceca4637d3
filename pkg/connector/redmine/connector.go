package redmine

import (
	"context"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/spacetime/tickets/pkg/connector"
	"github.com/spacetime/tickets/pkg/connector/httpapi"
	"github.com/spacetime/tickets/pkg/tickets"
)

var (
	_ connector.Connector      = (*Connector)(nil)
	_ connector.Reconciler     = (*Connector)(nil)
	_ connector.BudgetReporter = (*Connector)(nil)
)

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

// Opened pages issues created in [from, to), newest first by creation time (Redmine breaks ties by id
// desc), so that a partial backfill shows recent tickets and a failed one can resume below the oldest
// ticket it loaded. Not id order: issues backdated in the database are not created in id order.
func (c *Connector) Opened(ctx context.Context, from, to time.Time, page connector.PageFunc) error {
	// Redmine's "><" is inclusive at both ends and has second precision.
	f := url.Values{"created_on": {"><" + redmineTime(from) + "|" + redmineTime(to.Add(-time.Second))}}
	return c.pages(ctx, f, "created_on:desc", page)
}

// Severities returns Redmine's active priorities, least urgent first.
func (c *Connector) Severities(ctx context.Context) ([]tickets.Severity, error) {
	ps, err := c.client.Priorities(ctx)
	if err != nil {
		return nil, err
	}
	active := ps[:0]
	for _, p := range ps {
		if p.Active {
			active = append(active, p)
		}
	}
	return ToSeverities(active), nil
}

// Budget is the rate-limit budget Redmine reported (none: Redmine has no rate limits, a proxy in front may).
func (c *Connector) Budget() connector.Budget { return c.client.API().Budget() }

func (c *Connector) pages(ctx context.Context, filters url.Values, sort string, page connector.PageFunc) error {
	fetched := 0
	paging := &httpapi.OffsetLimit{Limit: MaxPageSize}
	return c.client.walk(ctx, ListOptions{Sort: sort, Filters: filters}, paging, func(p IssuePage) error {
		fetched += len(p.Issues)
		if len(p.Issues) == 0 {
			return nil
		}
		return page(connector.Page{List: ToTickets(c.baseURL, p.Issues, c.reserved), Fetched: fetched, Total: p.TotalCount})
	})
}

func redmineTime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05Z") }

// Existing asks Redmine which of ids still exist, 100 ids per request (issue_id=1,2,3). An id that is not
// a Redmine issue number does not exist.
func (c *Connector) Existing(ctx context.Context, ids []string) (map[string]bool, error) {
	var nums []string
	for _, id := range ids {
		if n, err := strconv.ParseInt(id, 10, 64); err == nil && n > 0 {
			nums = append(nums, strconv.FormatInt(n, 10))
		}
	}
	out := map[string]bool{}
	for start := 0; start < len(nums); start += MaxPageSize {
		chunk := nums[start:min(start+MaxPageSize, len(nums))]
		p, err := c.client.ListIssues(ctx, ListOptions{Limit: MaxPageSize, Sort: "id", Filters: url.Values{"issue_id": {strings.Join(chunk, ",")}}})
		if err != nil {
			return nil, err
		}
		for _, is := range p.Issues {
			out[itoa(is.ID)] = true
		}
	}
	return out, nil
}

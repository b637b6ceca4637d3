package pagerduty

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"time"

	"github.com/spacetime/tickets/pkg/connector"
	"github.com/spacetime/tickets/pkg/connector/httpapi"
	"github.com/spacetime/tickets/pkg/tickets"
)

// maxRange is the longest since/until range PagerDuty accepts (6 months), with a margin.
const maxRange = 180 * 24 * time.Hour

type listPage struct {
	Incidents  []Incident `json:"incidents"`
	LogEntries []struct {
		Incident Incident `json:"incident"`
	} `json:"log_entries"`
	More  bool `json:"more"`
	Total *int `json:"total"`
}

type tooManyError struct{ total int }

func (e *tooManyError) Error() string {
	return fmt.Sprintf("%d records, more than PagerDuty pages through", e.total)
}

func rfc(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// walkRange pages path over [from, to) by offset/limit, and splits the range in halves (newest first) while
// it holds more records than the offset cap reaches or spans more than PagerDuty's 6 months.
func (c *Connector) walkRange(ctx context.Context, path string, base url.Values, from, to time.Time, each func(p listPage) error) error {
	if to.Sub(from) > maxRange {
		mid := to.Add(-maxRange)
		if err := c.walkRange(ctx, path, base, mid, to, each); err != nil {
			return err
		}
		return c.walkRange(ctx, path, base, from, mid, each)
	}
	q := url.Values{}
	for k, v := range base {
		q[k] = slices.Clone(v)
	}
	q.Set("since", rfc(from))
	q.Set("until", rfc(to))
	q.Set("total", "true")
	paging := &httpapi.OffsetLimit{Limit: c.cfg.PageSize}
	err := c.http.Walk(ctx, httpapi.Request{Path: path, Query: q}, paging, func(r *httpapi.Response) (httpapi.PageInfo, error) {
		var p listPage
		if err := json.Unmarshal(r.Body, &p); err != nil {
			return httpapi.PageInfo{}, err
		}
		total := -1
		if p.Total != nil {
			total = *p.Total
		}
		if paging.Offset == 0 && total > c.cfg.OffsetCap {
			return httpapi.PageInfo{}, &tooManyError{total: total}
		}
		return httpapi.PageInfo{Items: len(p.Incidents) + len(p.LogEntries), Total: total, Last: !p.More}, each(p)
	})
	var tm *tooManyError
	if !errors.As(err, &tm) {
		return err
	}
	mid := from.Add(to.Sub(from) / 2).Truncate(time.Second)
	if !mid.After(from) || !mid.Before(to) {
		return fmt.Errorf("%d PagerDuty records in the second from %s, more than its paging reaches (%d): narrow the services or teams", tm.total, rfc(from), c.cfg.OffsetCap)
	}
	if err := c.walkRange(ctx, path, base, mid, to, each); err != nil {
		return err
	}
	return c.walkRange(ctx, path, base, from, mid, each)
}

// scope is the filter every incident listing sends.
func (c *Connector) scope() url.Values {
	q := url.Values{"statuses[]": {"triggered", "acknowledged", "resolved"}}
	if len(c.cfg.ServiceIDs) > 0 {
		q["service_ids[]"] = c.cfg.ServiceIDs
	}
	if len(c.cfg.TeamIDs) > 0 {
		q["team_ids[]"] = c.cfg.TeamIDs
	}
	return q
}

// inScope applies the service and team filters to an incident found through the log entries.
func (c *Connector) inScope(is Incident) bool {
	if len(c.cfg.ServiceIDs) > 0 && !slices.Contains(c.cfg.ServiceIDs, is.Service.ID) {
		return false
	}
	if len(c.cfg.TeamIDs) > 0 && !slices.ContainsFunc(is.Teams, func(t ref) bool { return slices.Contains(c.cfg.TeamIDs, t.ID) }) {
		return false
	}
	return true
}

// Opened pages incidents created in [from, to), newest first. Safe for any sub-range and concurrent calls.
func (c *Connector) Opened(ctx context.Context, from, to time.Time, page connector.PageFunc) error {
	q := c.scope()
	q.Set("sort_by", "created_at:desc")
	fetched := 0
	return c.walkRange(ctx, "/incidents", q, from, to, func(p listPage) error {
		list := tickets.List{Dimensions: Dimensions, Total: -1}
		for _, is := range p.Incidents {
			if t := ToTicket(is); !t.Opened.Before(from) && t.Opened.Before(to) {
				list.Tickets = append(list.Tickets, t)
			}
		}
		fetched += len(list.Tickets)
		if len(list.Tickets) == 0 {
			return nil
		}
		return page(connector.Page{List: list, Fetched: fetched, Total: -1})
	})
}

// Changed pages the incidents that have a log entry at or after since (any trigger, acknowledgement,
// assignment, escalation, priority change, note or resolution), each once, as they are now. Log entries
// embed their incident (include[]=incidents); one that comes as a bare reference is fetched by id.
func (c *Connector) Changed(ctx context.Context, since time.Time, page connector.PageFunc) error {
	q := url.Values{"include[]": {"incidents"}}
	if len(c.cfg.TeamIDs) > 0 {
		q["team_ids[]"] = c.cfg.TeamIDs
	}
	seen := map[string]bool{}
	var changed []Incident
	err := c.walkRange(ctx, "/log_entries", q, since, c.cfg.Now().Add(time.Minute), func(p listPage) error {
		for _, e := range p.LogEntries {
			is := e.Incident
			if is.ID == "" || seen[is.ID] {
				continue
			}
			seen[is.ID] = true
			if !is.full() {
				var one struct {
					Incident Incident `json:"incident"`
				}
				if _, err := c.http.Do(ctx, httpapi.Request{Path: "/incidents/" + url.PathEscape(is.ID)}, &one); err != nil {
					if httpapi.KindOf(err) == httpapi.KindNotFound {
						continue // out of the key's reach
					}
					return err
				}
				is = one.Incident
			}
			if c.inScope(is) {
				changed = append(changed, is)
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	for start := 0; start < len(changed); start += c.cfg.PageSize {
		list := tickets.List{Dimensions: Dimensions, Total: len(changed)}
		for _, is := range changed[start:min(start+c.cfg.PageSize, len(changed))] {
			list.Tickets = append(list.Tickets, ToTicket(is))
		}
		if err := page(connector.Page{List: list, Fetched: start + len(list.Tickets), Total: len(changed)}); err != nil {
			return err
		}
	}
	return nil
}

// Severities are the urgencies (low, high), then the account's priorities least severe first (PagerDuty
// lists them most severe first). An account with priorities off has the urgencies only.
func (c *Connector) Severities(ctx context.Context) ([]tickets.Severity, error) {
	out := []tickets.Severity{{Name: "low", Rank: 1, Color: "blue"}, {Name: "high", Rank: 2, Color: "orange"}}
	var body struct {
		Priorities []struct {
			Name  string `json:"name"`
			Color string `json:"color"`
		} `json:"priorities"`
	}
	_, err := c.http.Do(ctx, httpapi.Request{Path: "/priorities"}, &body)
	if k := httpapi.KindOf(err); k == httpapi.KindForbidden || k == httpapi.KindNotFound {
		return out, nil
	}
	if err != nil {
		return nil, err
	}
	for i := len(body.Priorities) - 1; i >= 0; i-- {
		p := body.Priorities[i]
		color := ""
		if p.Color != "" {
			color = "#" + p.Color
		}
		out = append(out, tickets.Severity{Name: p.Name, Rank: len(out) + 1, Color: color})
	}
	return out, nil
}

package servicenow

import (
	"context"
	"encoding/json"
	"strconv"
	"time"

	"github.com/spacetime/tickets/pkg/connector"
	"github.com/spacetime/tickets/pkg/connector/httpapi"
	"github.com/spacetime/tickets/pkg/tickets"
)

type tablePage struct {
	Result []Record `json:"result"`
}

// walk pages the table's records matching where in the keyset order k, delivering each page's records.
// X-Total-Count is the count still matching each page's query, so the last page is known without an empty
// request.
func (c *Connector) walk(ctx context.Context, table, where string, k keyset, flds []string, deliver func(rs []Record, total int) error) error {
	first := -1
	paging := &httpapi.Keyset{LimitParam: "sysparm_limit", Limit: c.cfg.PageSize, Set: func(req *httpapi.Request, after string) {
		req.Query.Set("sysparm_query", k.encode(where, after))
	}}
	return c.http.Walk(ctx, c.tableRequest(table, flds), paging, func(r *httpapi.Response) (httpapi.PageInfo, error) {
		var p tablePage
		if err := json.Unmarshal(r.Body, &p); err != nil {
			return httpapi.PageInfo{}, err
		}
		total := -1
		if n, err := strconv.Atoi(r.Header.Get("X-Total-Count")); err == nil {
			total = n
		}
		if first < 0 {
			first = total
		}
		info := httpapi.PageInfo{Items: len(p.Result), Total: total}
		if n := len(p.Result); n > 0 {
			info.Next = after(p.Result[n-1][k.field], p.Result[n-1]["sys_id"])
		}
		return info, deliver(p.Result, first)
	})
}

// list delivers the tickets of one listing that keep accepts.
func (c *Connector) list(ctx context.Context, where string, k keyset, keep func(tickets.Ticket) bool, page connector.PageFunc) error {
	fetched := 0
	return c.walk(ctx, c.cfg.Table, c.scoped(where), k, fields, func(rs []Record, total int) error {
		fetched += len(rs)
		list := tickets.List{Dimensions: Dimensions, Total: total}
		for _, r := range rs {
			if t := c.ToTicket(r); keep(t) {
				list.Tickets = append(list.Tickets, t)
			}
		}
		if len(list.Tickets) == 0 {
			return nil
		}
		return page(connector.Page{List: list, Fetched: fetched, Total: total})
	})
}

// Changed pages records updated at or after since (to the second), by keyset on (sys_updated_on, sys_id):
// a record updated while paging moves behind the position and is read again, and none is skipped.
func (c *Connector) Changed(ctx context.Context, since time.Time, page connector.PageFunc) error {
	all := func(tickets.Ticket) bool { return true }
	return c.list(ctx, "sys_updated_on>="+snowTime(since.Truncate(time.Second)), keyset{field: "sys_updated_on"}, all, page)
}

// Opened pages records opened in [from, to), newest first, by keyset on (opened_at, sys_id) descending.
// Safe for any sub-range and concurrent calls: each call is its own listing.
func (c *Connector) Opened(ctx context.Context, from, to time.Time, page connector.PageFunc) error {
	keep := func(t tickets.Ticket) bool { return !t.Opened.Before(from) && t.Opened.Before(to) }
	upper := to.Truncate(time.Second)
	if upper.Before(to) {
		upper = upper.Add(time.Second) // second precision: widen, and keep drops the extra
	}
	where := "opened_at>=" + snowTime(from.Truncate(time.Second)) + "^opened_at<" + snowTime(upper)
	return c.list(ctx, where, keyset{field: "opened_at", desc: true}, keep, page)
}

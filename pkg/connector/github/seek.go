package github

import (
	"context"
	"encoding/json"
	"net/url"
	"strconv"
	"time"

	"github.com/spacetime/tickets/pkg/connector/httpapi"
)

// firstPage is the page of a listing sorted by opening time, newest first, to start at for issues opened
// before to: GitHub cannot filter by opening time, so a time slice of the backfill would otherwise page past
// every newer issue first. It bisects the pages (log2 of them, one request each), and starts one page early:
// issues deleted meanwhile move the others up.
func (c *Connector) firstPage(ctx context.Context, path string, query url.Values, to time.Time) (int, error) {
	probe := func(page int) (oldest time.Time, last int, err error) {
		q := url.Values{}
		for k, v := range query {
			q[k] = v
		}
		q.Set("page", strconv.Itoa(page))
		r, err := c.http.Do(ctx, httpapi.Request{Path: path, Query: q}, nil)
		if err != nil {
			return time.Time{}, 0, err
		}
		var items []struct {
			CreatedAt time.Time `json:"created_at"`
		}
		if err := json.Unmarshal(r.Body, &items); err != nil || len(items) == 0 {
			return time.Time{}, 0, err
		}
		if l := httpapi.LinkRel(r.Header.Values("Link"), "last"); l != "" {
			if u, err := url.Parse(l); err == nil {
				last, _ = strconv.Atoi(u.Query().Get("page"))
			}
		}
		return items[len(items)-1].CreatedAt, last, nil
	}
	oldest, last, err := probe(1)
	if err != nil || oldest.IsZero() || oldest.Before(to) || last <= 1 {
		return 1, err // page 1 already reaches below to, or there is one page
	}
	lo, hi := 2, last // page lo-1 ends at or after to; find the first page that ends before it
	for lo < hi {
		mid := (lo + hi) / 2
		o, _, err := probe(mid)
		if err != nil {
			return 1, err
		}
		if o.IsZero() || o.Before(to) {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	return max(lo-1, 1), nil
}

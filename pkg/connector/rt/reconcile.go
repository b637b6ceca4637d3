package rt

import (
	"context"
	"net/url"
	"strconv"
	"strings"

	"github.com/spacetime/tickets/pkg/connector/httpapi"
)

// Existing returns which of ids are still tickets within the scope: RT's searches leave out deleted
// tickets, so those (and ids that are no ticket number) do not exist. 100 ids per request.
func (c *Connector) Existing(ctx context.Context, ids []string) (map[string]bool, error) {
	if c.err != nil {
		return nil, c.err
	}
	var nums []string
	for _, id := range ids {
		if n, err := strconv.ParseInt(id, 10, 64); err == nil && n > 0 {
			nums = append(nums, strconv.FormatInt(n, 10))
		}
	}
	out := map[string]bool{}
	for start := 0; start < len(nums); start += MaxPageSize {
		chunk := nums[start:min(start+MaxPageSize, len(nums))]
		query := c.where("id = " + strings.Join(chunk, " OR id = "))
		q := url.Values{"query": {query}, "fields": {"id"}, "orderby": {"id"}}
		err := walkRecords(ctx, c, httpapi.Request{Path: "/REST/2.0/tickets", Query: q}, "ticket search", func(p Page) error {
			for _, it := range p.Items {
				out[string(it.ID)] = true
			}
			return nil
		})
		if err != nil {
			return nil, c.scopeError(err)
		}
	}
	return out, nil
}

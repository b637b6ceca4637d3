package rt

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"time"

	"github.com/spacetime/tickets/pkg/connector/httpapi"
)

// deletedSince lists the ids of tickets set to status "deleted" at or after since, from the Status
// transactions (a JSON query compares Created with the database's UTC times, so no time zone is involved).
func (c *Connector) deletedSince(ctx context.Context, since time.Time) ([]string, error) {
	query, _ := json.Marshal([]map[string]string{
		{"field": "ObjectType", "value": "RT::Ticket"},
		{"field": "Type", "value": "Status"},
		{"field": "NewValue", "value": "deleted"},
		{"field": "Created", "operator": ">=", "value": since.UTC().Format("2006-01-02 15:04:05")},
	})
	q := url.Values{"query": {string(query)}, "fields": {"ObjectId"}, "orderby": {"id"}}
	var ids []string
	seen := map[string]bool{}
	paging := &httpapi.PageNumber{Size: MaxPageSize}
	err := c.http.Walk(ctx, httpapi.Request{Path: "/REST/2.0/transactions", Query: q}, paging, func(r *httpapi.Response) (httpapi.PageInfo, error) {
		var p struct {
			Items []struct {
				ObjectID string `json:"ObjectId"`
			} `json:"items"`
			Total    *int   `json:"total"`
			NextPage string `json:"next_page"`
		}
		if err := json.Unmarshal(r.Body, &p); err != nil {
			return httpapi.PageInfo{}, fmt.Errorf("the answer to /REST/2.0/transactions is not RT's transaction search: %w", err)
		}
		for _, it := range p.Items {
			if it.ObjectID != "" && !seen[it.ObjectID] {
				seen[it.ObjectID] = true
				ids = append(ids, it.ObjectID)
			}
		}
		total := -1
		if p.Total != nil {
			total = *p.Total
		}
		return httpapi.PageInfo{Items: len(p.Items), Total: total, Last: p.NextPage == ""}, nil
	})
	return ids, err
}

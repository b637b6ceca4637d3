package rt

import (
	"context"
	"encoding/json"
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
	type txn struct {
		ObjectID string `json:"ObjectId"`
	}
	err := walkRecords(ctx, c, httpapi.Request{Path: "/REST/2.0/transactions", Query: q}, "transaction search", func(p collection[txn]) error {
		for _, it := range p.Items {
			if it.ObjectID != "" && !seen[it.ObjectID] {
				seen[it.ObjectID] = true
				ids = append(ids, it.ObjectID)
			}
		}
		return nil
	})
	return ids, err
}

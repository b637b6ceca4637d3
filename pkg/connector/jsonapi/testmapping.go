package jsonapi

import (
	"context"
	"time"

	"github.com/spacetime/tickets/pkg/tickets"
)

// Report is what "Test mapping" shows: the first page's first tickets exactly as mapped, and every value
// of theirs that is missing or unreadable, named.
type Report struct {
	// Records is how many records the first page held; Tickets the first of them as mapped.
	Records int              `json:"records"`
	Tickets []tickets.Ticket `json:"tickets"`
	// Problems are the shown tickets' unmapped or unparsable values, and records without an id.
	Problems []Problem `json:"problems"`
	// Deleted counts the records the deleted rule dropped.
	Deleted int `json:"deleted"`
}

// TestMapping fetches the listing's first page for the window since … now and maps its first n records.
func (c *Connector) TestMapping(ctx context.Context, since time.Time, n int) (Report, error) {
	var rep Report
	err := c.walk(ctx, window{since: since, from: since, to: c.now().Add(time.Minute)}, 1, func(ts []tickets.Ticket, problems []Problem, records int) error {
		rep.Records = records
		rep.Tickets = ts[:min(n, len(ts))]
		noID := 0
		for _, p := range problems {
			if p.Field == "id" {
				noID++
			}
		}
		rep.Deleted = records - len(ts) - noID
		for _, p := range problems {
			if p.Record < n {
				rep.Problems = append(rep.Problems, p)
			}
		}
		return nil
	})
	if rep.Tickets == nil {
		rep.Tickets = []tickets.Ticket{}
	}
	if rep.Problems == nil {
		rep.Problems = []Problem{}
	}
	return rep, err
}

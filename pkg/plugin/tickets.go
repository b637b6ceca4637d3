package plugin

import (
	"context"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/spacetime/tickets/pkg/engine"
	"github.com/spacetime/tickets/pkg/query"
)

// handleTickets answers "tickets" queries: one row per matching ticket, as a table frame.
func (d *Datasource) handleTickets(ctx context.Context, req *backend.QueryDataRequest) (*backend.QueryDataResponse, error) {
	return each(req, func(q backend.DataQuery) backend.DataResponse {
		tq, notices, err := query.ParseTickets(q.JSON)
		if err != nil {
			return d.badQuery(q, err)
		}
		return d.answer(ctx, q, tq.TimeField, notices, func() (data.Frames, error) {
			f, err := engine.Tickets(d.store, tq, d.request(q))
			if err != nil {
				return nil, err
			}
			d.applyFieldSettings(f)
			return data.Frames{f}, nil
		})
	}), nil
}

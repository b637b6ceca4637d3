package plugin

import (
	"context"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/spacetime/tickets/pkg/engine"
	"github.com/spacetime/tickets/pkg/query"
)

// handleStats answers "stats" queries: opened, open, closed, rate, baseline, change and time to resolve.
func (d *Datasource) handleStats(ctx context.Context, req *backend.QueryDataRequest) (*backend.QueryDataResponse, error) {
	return each(req, func(q backend.DataQuery) backend.DataResponse {
		sq, notices, err := query.ParseStats(q.JSON)
		if err != nil {
			return d.badQuery(q, err)
		}
		return d.answer(ctx, q, sq.TimeField, notices, func() (data.Frames, error) {
			f, err := engine.Stats(d.store, sq, d.request(q))
			return data.Frames{f}, err
		})
	}), nil
}

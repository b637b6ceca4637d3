package plugin

import (
	"context"
	"slices"

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
		history := 0
		if slices.Contains(sq.Stats, query.StatSeasonal) || slices.Contains(sq.Stats, query.StatSeasonalMAD) {
			history = sq.SeasonalDays
		}
		return d.answerWithHistory(ctx, q, sq.TimeField, history, notices, func() (data.Frames, error) {
			f, err := engine.Stats(d.store, sq, d.request(q))
			return data.Frames{f}, err
		})
	}), nil
}

package plugin

import (
	"context"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/spacetime/tickets/pkg/engine"
	"github.com/spacetime/tickets/pkg/query"
)

// handleBreakdown answers "breakdown" queries: tickets per value of the group-by fields (top N and other),
// as a dataplane numeric frame for pie and bar charts and alert rules.
func (d *Datasource) handleBreakdown(ctx context.Context, req *backend.QueryDataRequest) (*backend.QueryDataResponse, error) {
	return each(req, func(q backend.DataQuery) backend.DataResponse {
		bq, notices, err := query.ParseBreakdown(q.JSON)
		if err != nil {
			return d.badQuery(q, err)
		}
		history := 0
		if bq.Metric == query.MetricSeasonal {
			history = bq.SeasonalDays
		}
		return d.answerWithHistory(ctx, q, bq.TimeField, history, notices, func() (data.Frames, error) {
			f, err := engine.Breakdown(d.store, bq, d.request(q))
			return data.Frames{f}, err
		})
	}), nil
}

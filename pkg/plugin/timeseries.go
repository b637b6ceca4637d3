package plugin

import (
	"context"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/spacetime/tickets/pkg/engine"
	"github.com/spacetime/tickets/pkg/query"
)

// handleTimeseries answers "timeseries" queries: tickets per time bucket, one series per group, as a
// dataplane wide time series that alert rules accept.
func (d *Datasource) handleTimeseries(ctx context.Context, req *backend.QueryDataRequest) (*backend.QueryDataResponse, error) {
	return each(req, func(q backend.DataQuery) backend.DataResponse {
		tq, notices, err := query.ParseTimeseries(q.JSON)
		if err != nil {
			return d.badQuery(q, err)
		}
		history := 0
		if tq.Metric == query.MetricSeasonal {
			history = tq.SeasonalDays
		}
		return d.answerWithHistory(ctx, q, tq.TimeField, history, notices, func() (data.Frames, error) {
			f, err := engine.Timeseries(d.store, tq, d.request(q))
			return data.Frames{f}, err
		})
	}), nil
}

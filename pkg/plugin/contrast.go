package plugin

import (
	"context"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/spacetime/tickets/pkg/engine"
	"github.com/spacetime/tickets/pkg/query"
)

// handleContrast answers "contrast" queries: the values and pairs over-represented in the range compared with
// a baseline ("what changed"), as a dataplane numeric-long frame, or one labelled number for an alert summary.
func (d *Datasource) handleContrast(ctx context.Context, req *backend.QueryDataRequest) (*backend.QueryDataResponse, error) {
	return each(req, func(q backend.DataQuery) backend.DataResponse {
		cq, notices, err := query.ParseContrast(q.JSON)
		if err != nil {
			return d.badQuery(q, err)
		}
		history := 0
		switch cq.Baseline {
		case query.BaselineSeasonal:
			history = cq.SeasonalDays
		case query.BaselinePrevious:
			history = int(q.TimeRange.Duration().Hours()/24) + 1
		}
		return d.answerWithHistory(ctx, q, cq.TimeField, history, notices, func() (data.Frames, error) {
			f, err := engine.Contrast(d.store, cq, d.request(q))
			return data.Frames{f}, err
		})
	}), nil
}

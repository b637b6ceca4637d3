package plugin

import (
	"context"
	"fmt"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/spacetime/tickets/pkg/connector/redmine"
	"github.com/spacetime/tickets/pkg/frames"
	"github.com/spacetime/tickets/pkg/query"
)

// handleTickets answers "tickets" queries: the most recently updated tickets as a table frame.
func (d *Datasource) handleTickets(ctx context.Context, req *backend.QueryDataRequest) (*backend.QueryDataResponse, error) {
	resp := backend.NewQueryDataResponse()
	for _, q := range req.Queries {
		resp.Responses[q.RefID] = d.ticketsQuery(ctx, q)
	}
	return resp, nil
}

func (d *Datasource) ticketsQuery(ctx context.Context, q backend.DataQuery) backend.DataResponse {
	tq, notices, err := query.ParseTickets(q.JSON)
	if err != nil {
		return backend.ErrDataResponseWithSource(backend.StatusBadRequest, backend.ErrorSourceDownstream,
			d.settings.Redact(fmt.Sprintf("Query %s: %v.", q.RefID, err)))
	}
	if d.settingsErr != nil {
		return backend.ErrDataResponseWithSource(backend.StatusBadRequest, backend.ErrorSourceDownstream,
			d.settings.Redact(d.settingsErr.Error()))
	}

	issues, total, err := d.recentIssues(ctx, tq.Limit)
	if err != nil {
		r := d.downstreamResponse(err)
		d.logger(ctx).Warn("Tickets query failed", "refId", q.RefID, "error", r.Error.Error())
		return r
	}

	list := redmine.ToTickets(d.settings.URL, issues, frames.FixedFieldNames)
	frame := frames.Tickets(list, d.settings.DisplayName())
	frame.RefID = q.RefID
	frame.Meta.ExecutedQueryString = fmt.Sprintf("GET %s/issues.json?status_id=*&sort=updated_on:desc, %d per page, up to %d tickets (%d returned of %d)",
		d.settings.URL, redmine.MaxPageSize, tq.Limit, len(list.Tickets), total)
	for _, n := range notices {
		frame.AppendNotices(data.Notice{Severity: data.NoticeSeverityWarning, Text: n})
	}
	return backend.DataResponse{Frames: data.Frames{frame}}
}

func (d *Datasource) recentIssues(ctx context.Context, limit int) ([]redmine.Issue, int, error) {
	if err := d.checkAPIKey(ctx); err != nil {
		return nil, 0, err
	}
	return d.redmine.RecentIssues(ctx, limit)
}

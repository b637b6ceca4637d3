package plugin

import (
	"context"
	"fmt"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/spacetime/tickets/pkg/connector/httpapi"
	"github.com/spacetime/tickets/pkg/query"
	"github.com/spacetime/tickets/pkg/syncer"
)

// firstQueryWait is how long a query waits for the first backfill before answering with what has loaded.
const firstQueryWait = 5 * time.Second

// answerFunc computes one query's frames from the store.
type answerFunc func() (data.Frames, error)

// answer runs one parsed query against the store: it checks the settings and the API key, waits briefly for
// the backfill, loads older tickets when the range starts before the synced window, and attaches notices
// (adjusted values, stale or partial data). Errors stay with this query.
func (d *Datasource) answer(ctx context.Context, q backend.DataQuery, timeField string, notices []string, run answerFunc) backend.DataResponse {
	return d.answerWithHistory(ctx, q, timeField, 0, notices, run)
}

// answerWithHistory is answer for a query that also reads the historyDays days before its range (a seasonal
// baseline): those tickets are loaded too when older than the synced window.
func (d *Datasource) answerWithHistory(ctx context.Context, q backend.DataQuery, timeField string, historyDays int, notices []string, run answerFunc) backend.DataResponse {
	if d.settingsErr != nil {
		return backend.ErrDataResponseWithSource(backend.StatusBadRequest, backend.ErrorSourceDownstream, d.settings.Redact(d.settingsErr.Error()))
	}
	if q.TimeRange.From.After(q.TimeRange.To) {
		return d.badQuery(q, fmt.Errorf("the time range is impossible: it starts at %s, after its end at %s",
			q.TimeRange.From.UTC().Format(time.RFC3339), q.TimeRange.To.UTC().Format(time.RFC3339)))
	}
	// A rejected key must fail loudly (Redmine would answer as the anonymous user); an unreachable Redmine
	// must not: the store still has the last good data, so the check is asked once, never retried.
	if err := d.checkAPIKey(httpapi.WithAttempts(ctx, 1)); err != nil && isAuthFailure(err) {
		r := d.downstreamResponse(err)
		d.logger(ctx).Warn("Query failed", "refId", q.RefID, "error", r.Error.Error())
		return r
	}
	d.waitForBackfill(ctx)
	if st := d.sync.Status(); st.State == syncer.StateError && st.Tickets == 0 {
		d.logger(ctx).Warn("Query failed: no tickets loaded", "refId", q.RefID, "error", st.LastError)
		return backend.ErrDataResponseWithSource(backend.StatusBadGateway, backend.ErrorSourceDownstream, st.LastError)
	}
	if timeField == query.TimeOpened || historyDays > 0 {
		n, err := d.sync.EnsureFrom(ctx, q.TimeRange.From.AddDate(0, 0, -historyDays))
		if n != "" {
			notices = append(notices, n)
		}
		if err != nil {
			msg, _ := d.explain(err)
			notices = append(notices, fmt.Sprintf("Tickets opened before the synced window could not be loaded: %s", msg))
		}
	}
	if n := d.sync.Notice(); n != "" {
		notices = append(notices, n)
	}

	frames, err := run()
	if err != nil {
		return backend.ErrDataResponseWithSource(backend.StatusBadRequest, backend.ErrorSourceDownstream,
			d.settings.Redact(fmt.Sprintf("Query %s: %v.", q.RefID, err)))
	}
	executed := fmt.Sprintf("%s query over the %d tickets held in memory, synced from %s at %s", queryTypeOf(q), d.store.Len(), d.settings.DisplayName(), d.settings.URL)
	for _, f := range frames {
		f.RefID = q.RefID
		if f.Meta == nil {
			f.Meta = &data.FrameMeta{}
		}
		f.Meta.ExecutedQueryString = executed
		for _, n := range notices {
			f.AppendNotices(data.Notice{Severity: data.NoticeSeverityWarning, Text: d.settings.Redact(n)})
		}
	}
	return backend.DataResponse{Frames: frames}
}

// badQuery is the response for query JSON that cannot be parsed.
func (d *Datasource) badQuery(q backend.DataQuery, err error) backend.DataResponse {
	return backend.ErrDataResponseWithSource(backend.StatusBadRequest, backend.ErrorSourceDownstream,
		d.settings.Redact(fmt.Sprintf("Query %s: %v.", q.RefID, err)))
}

func isAuthFailure(err error) bool {
	k := httpapi.KindOf(err)
	return k == httpapi.KindAuth || k == httpapi.KindForbidden
}

// each answers every query of a request with fn, so one query's failure never touches the others.
func each(req *backend.QueryDataRequest, fn func(backend.DataQuery) backend.DataResponse) *backend.QueryDataResponse {
	resp := backend.NewQueryDataResponse()
	for _, q := range req.Queries {
		resp.Responses[q.RefID] = fn(q)
	}
	return resp
}

func queryTypeOf(q backend.DataQuery) string {
	if q.QueryType == "" {
		return query.TypeTickets
	}
	return q.QueryType
}

// waitForBackfill gives a first backfill in progress up to firstQueryWait; a failed one says so at once, and
// one going on from a snapshot answers at once from what the snapshot holds.
func (d *Datasource) waitForBackfill(ctx context.Context) {
	if d.sync.Status().State == syncer.StateBackfilling {
		d.sync.WaitServing(ctx, firstQueryWait)
	}
}

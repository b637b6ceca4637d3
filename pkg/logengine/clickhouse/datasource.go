package clickhouse

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/backend/datasource"
	"github.com/grafana/grafana-plugin-sdk-go/backend/httpclient"
	"github.com/grafana/grafana-plugin-sdk-go/backend/instancemgmt"
	"github.com/grafana/grafana-plugin-sdk-go/backend/log"
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/spacetime/tickets/pkg/logengine/clickhouse/chclient"
)

var (
	_ backend.QueryDataHandler      = (*Datasource)(nil)
	_ backend.CheckHealthHandler    = (*Datasource)(nil)
	_ backend.CallResourceHandler   = (*Datasource)(nil)
	_ instancemgmt.InstanceDisposer = (*Datasource)(nil)
)

// Datasource is one datasource instance whose system is ClickHouse (operation logs).
type Datasource struct {
	settings    Settings
	settingsErr error
	client      *chclient.Client
	httpClient  *http.Client
	mux         *datasource.QueryTypeMux
	log         log.Logger

	modelMu sync.Mutex
	model   *model // the mapping checked against the table's columns; nil until a query needs it
}

// NewDatasource is the instance factory for datasources with jsonData.system "clickhouse".
func NewDatasource(ctx context.Context, s backend.DataSourceInstanceSettings) (instancemgmt.Instance, error) {
	cfg, cfgErr := LoadSettings(s)
	opts, err := s.HTTPClientOptions(ctx)
	if err != nil {
		return nil, err
	}
	// ClickHouse answers a SELECT's headers only when it has the result: the SDK's response-header timeout
	// (Grafana's data source timeout, 30 s by default) must let a query run its max_execution_time.
	timeouts := httpclient.DefaultTimeoutOptions
	if opts.Timeouts != nil {
		timeouts = *opts.Timeouts
	}
	timeouts.Timeout = max(timeouts.Timeout, queryTimeout(cfg))
	opts.Timeouts = &timeouts
	hc, err := httpclient.New(opts)
	if err != nil {
		return nil, err
	}
	return New(cfg, cfgErr, hc, log.DefaultLogger), nil
}

// New builds an instance from loaded settings (cfgErr: the settings problem every request reports).
func New(cfg Settings, cfgErr error, hc *http.Client, logger log.Logger) *Datasource {
	hc.Timeout = queryTimeout(cfg)
	d := &Datasource{settings: cfg, settingsErr: cfgErr, httpClient: hc, log: logger,
		client: &chclient.Client{URL: cfg.URL, User: cfg.User, Password: cfg.Password, HTTP: hc, Limits: cfg.Limits()}}
	d.mux = datasource.NewQueryTypeMux()
	d.mux.HandleFunc(TypeChains, d.each(d.chains))
	d.mux.HandleFunc(TypeChainLatency, d.each(d.chainLatency))
	d.mux.HandleFunc(TypeSteps, d.each(d.steps))
	d.mux.HandleFunc(TypeClients, d.each(d.clients))
	d.mux.HandleFunc(TypeChain, d.each(d.chain))
	d.mux.HandleFunc("", d.each(d.otherTypes))
	return d
}

// queryTimeout is how long the HTTP client waits: a statement may run up to max_execution_time, and its
// error comes a little after.
func queryTimeout(cfg Settings) time.Duration {
	return time.Duration(max(cfg.MaxExecutionSeconds, 1)+15) * time.Second
}

// QueryData answers each query with its type's handler; one failing query never fails the others.
func (d *Datasource) QueryData(ctx context.Context, req *backend.QueryDataRequest) (*backend.QueryDataResponse, error) {
	return d.mux.QueryData(ctx, req)
}

// Dispose closes idle connections when the settings change.
func (d *Datasource) Dispose() { d.httpClient.CloseIdleConnections() }

type handler func(ctx context.Context, m *model, q Query, dq backend.DataQuery) (data.Frames, []string, error)

// each runs h for every query of the request, turning errors into that query's error response.
func (d *Datasource) each(h handler) backend.QueryDataHandlerFunc {
	return func(ctx context.Context, req *backend.QueryDataRequest) (*backend.QueryDataResponse, error) {
		resp := backend.NewQueryDataResponse()
		for _, dq := range req.Queries {
			resp.Responses[dq.RefID] = d.answer(ctx, h, dq)
		}
		return resp, nil
	}
}

func (d *Datasource) answer(ctx context.Context, h handler, dq backend.DataQuery) backend.DataResponse {
	if d.settingsErr != nil {
		return backend.ErrDataResponseWithSource(backend.StatusBadRequest, backend.ErrorSourceDownstream, d.settings.Redact(d.settingsErr.Error()))
	}
	q, err := parseQuery(dq.JSON)
	if err != nil {
		return backend.ErrDataResponseWithSource(backend.StatusBadRequest, backend.ErrorSourceDownstream, err.Error())
	}
	m, err := d.getModel(ctx)
	if err != nil {
		return d.errorResponse(err)
	}
	frames, notices, err := h(ctx, m, q, dq)
	if err != nil {
		return d.errorResponse(err)
	}
	for _, f := range frames {
		if f.Meta == nil {
			f.Meta = &data.FrameMeta{}
		}
		f.RefID = dq.RefID
	}
	if len(notices) > 0 && len(frames) > 0 {
		for _, n := range notices {
			frames[0].AppendNotices(data.Notice{Severity: data.NoticeSeverityInfo, Text: n})
		}
	}
	return backend.DataResponse{Frames: frames}
}

// otherTypes answers an empty queryType as chains and any other unknown type with an error naming the types.
func (d *Datasource) otherTypes(ctx context.Context, m *model, q Query, dq backend.DataQuery) (data.Frames, []string, error) {
	if dq.QueryType == "" {
		return d.chains(ctx, m, q, dq)
	}
	return nil, nil, &queryError{fmt.Sprintf("Unknown query type %q: a ClickHouse (operation logs) datasource answers %s.", dq.QueryType, strings.Join(Types, ", "))}
}

// queryError is a problem with the query itself, reported as it is.
type queryError struct{ msg string }

func (e *queryError) Error() string { return e.msg }

// getModel checks the mapping against the table's columns once; a failure is retried on the next query.
func (d *Datasource) getModel(ctx context.Context) (*model, error) {
	d.modelMu.Lock()
	defer d.modelMu.Unlock()
	if d.model != nil {
		return d.model, nil
	}
	types, err := columnTypes(ctx, d.client, d.settings.Database, d.settings.Table)
	if err != nil {
		return nil, err
	}
	if len(types) == 0 {
		return nil, &SettingsError{msg: fmt.Sprintf("ClickHouse has no table %s: check the Database and Table settings.", d.tableName())}
	}
	m, err := newModel(d.settings, types)
	if err != nil {
		return nil, &SettingsError{msg: err.Error()}
	}
	d.model = m
	return m, nil
}

func (d *Datasource) tableName() string {
	if d.settings.Database == "" {
		return d.settings.Table
	}
	return d.settings.Database + "." + d.settings.Table
}

// errorResponse turns an error into the query's response: one sentence, never the password.
func (d *Datasource) errorResponse(err error) backend.DataResponse {
	status, source := backend.StatusBadRequest, backend.ErrorSourceDownstream
	var se *chclient.ServerError
	var ue *chclient.UnreachableError
	var ce *chclient.CancelledError
	switch {
	case errors.As(err, &ce):
		status = backend.StatusTimeout
	case errors.As(err, &ue):
		status = backend.StatusBadGateway
	case errors.As(err, &se):
		switch se.Code {
		case chclient.CodeTimeoutExceeded:
			status = backend.StatusTimeout
		case chclient.CodeAuthFailed, chclient.CodeUnknownUser, chclient.CodeWrongPassword:
			status = backend.StatusUnauthorized
		default:
			status = backend.StatusBadGateway
		}
	}
	msg := d.settings.Redact(err.Error())
	d.log.Warn("ClickHouse query failed", "error", msg)
	return backend.ErrDataResponseWithSource(status, source, msg)
}

func asQueryError(err error, target **queryError) bool { return errors.As(err, target) }

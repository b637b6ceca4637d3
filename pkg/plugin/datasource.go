// Package plugin is the Spacetime tickets datasource instance: one per datasource configured in Grafana.
package plugin

import (
	"context"
	"fmt"
	"net/http"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/backend/datasource"
	"github.com/grafana/grafana-plugin-sdk-go/backend/instancemgmt"
	"github.com/grafana/grafana-plugin-sdk-go/backend/log"

	"github.com/spacetime/tickets/pkg/connector/httpapi"
	logclickhouse "github.com/spacetime/tickets/pkg/logengine/clickhouse"
	"github.com/spacetime/tickets/pkg/mapping"
	"github.com/spacetime/tickets/pkg/query"
	"github.com/spacetime/tickets/pkg/settings"
	"github.com/spacetime/tickets/pkg/snapshot"
	"github.com/spacetime/tickets/pkg/store"
	"github.com/spacetime/tickets/pkg/syncer"
)

// PluginID is the datasource's id in src/datasource/plugin.json.
const PluginID = "spacetime-tickets-datasource"

var (
	_ backend.QueryDataHandler      = (*Datasource)(nil)
	_ backend.CheckHealthHandler    = (*Datasource)(nil)
	_ backend.CallResourceHandler   = (*Datasource)(nil)
	_ instancemgmt.InstanceDisposer = (*Datasource)(nil)
)

// Datasource is one configured Spacetime datasource. Grafana's instance manager creates it from the
// datasource's settings and disposes of it when they change.
type Datasource struct {
	settings    settings.Settings
	settingsErr error // a settings problem, reported by CheckHealth and by every query

	httpClient *http.Client
	system     ticketSystem // set when the settings are valid
	store      *store.Store
	sync       *syncer.Syncer
	snapshots  *snapshot.Keeper // nil: tickets in memory only
	owned      *ownedSnapshot   // the sync's writer of snapshots (nil with them)
	mux        *datasource.QueryTypeMux
	resources  backend.CallResourceHandler
	log        log.Logger

	// Redmine treats an unknown API key as the anonymous user and still lists public issues, so a wrong key
	// would silently show fewer tickets. Queries therefore check the key (GET /users/current.json) first, and
	// again after authCheckTTL.
	authMu        sync.Mutex
	authCheckedAt time.Time
}

const authCheckTTL = 5 * time.Minute

// retryPolicy bounds the connector's retries of each request (zero: the framework's defaults; tests shorten it).
var retryPolicy httpapi.Retry

// NewDatasource is the instance factory given to datasource.Manage.
//
// Invalid settings do not fail the factory: the instance then answers CheckHealth and queries with a
// sentence that names the setting to fix, which is what the user sees in Grafana.
func NewDatasource(ctx context.Context, s backend.DataSourceInstanceSettings) (instancemgmt.Instance, error) {
	if logclickhouse.IsSystem(s.JSONData) {
		return logclickhouse.NewDatasource(ctx, s) // the log engine: its own settings, handlers and health
	}
	httpClient, err := httpapi.NewHTTPClient(ctx, s)
	if err != nil {
		return nil, err
	}
	cfg, cfgErr := settings.Load(s)
	ds := newDatasource(cfg, cfgErr, httpClient, syncer.Config{}, log.DefaultLogger)
	ds.keepSnapshots()
	ds.startSync()
	return ds, nil
}

// keepSnapshots gives the sync a snapshot on local disk, unless the settings turn it off.
func (d *Datasource) keepSnapshots() {
	if d.sync == nil || d.settings.DataDir == settings.SnapshotsOff {
		return
	}
	dir := d.settings.DataDir
	if dir == "" {
		dir = snapshot.DefaultDir()
	}
	name := d.settings.UID
	if name == "" {
		name = d.settings.Fingerprint[:16]
	}
	d.snapshots = snapshot.New(dir, name, d.settings.Fingerprint, d.store, d.log)
	d.owned = &ownedSnapshot{Keeper: d.snapshots, path: filepath.Join(dir, name)}
	d.owned.own()
	d.sync.KeepSnapshots(d.owned)
}

// snapshotProblem is one sentence for Save & test when snapshots cannot be written, else "".
func (d *Datasource) snapshotProblem() string {
	if d.snapshots == nil {
		return ""
	}
	if err := d.snapshots.Probe(); err != nil {
		return fmt.Sprintf(". Snapshots cannot be written (%v): the data source works from memory, and a restart loads every ticket again; check the Data directory setting.", err)
	}
	return ""
}

// newDatasource builds an instance without starting its sync; sc tunes the sync beyond the settings (tests).
func newDatasource(cfg settings.Settings, cfgErr error, httpClient *http.Client, sc syncer.Config, logger log.Logger) *Datasource {
	ds := &Datasource{settings: cfg, settingsErr: cfgErr, httpClient: httpClient, log: logger, store: store.New()}
	if cfgErr == nil {
		tune := func(o *httpapi.Options) {
			o.Retry = retryPolicy
			o.OnAttempt = func(e *httpapi.Error, wait time.Duration) {
				ds.log.Debug("Retrying a ticket system request", "error", ds.settings.Redact(e.Error()), "wait", wait.String())
			}
		}
		system, err := newSystem(cfg, httpClient, tune)
		if err != nil {
			ds.settingsErr = err
			return ds.withHandlers()
		}
		ds.system = system
		conn := system.Connector()
		conn = mapping.Wrap(conn, cfg.Mappings)
		if len(cfg.Severities) > 0 {
			conn = withSeverities(conn, cfg.Severities)
		}
		if sc.Window == 0 {
			sc.Window = cfg.SyncWindow
		}
		if sc.PollInterval == 0 {
			sc.PollInterval = cfg.PollInterval
		}
		if sc.Slices == 0 {
			sc.Slices = cfg.BackfillSlices
		}
		ds.sync = syncer.New(conn, ds.store, sc, cfg.DisplayName(), func(err error) string { msg, _ := ds.explain(err); return msg }, ds.log)
	}
	return ds.withHandlers()
}

// withHandlers registers the query type handlers and the resources.
func (d *Datasource) withHandlers() *Datasource {
	d.mux = datasource.NewQueryTypeMux()
	d.mux.HandleFunc(query.TypeTickets, d.handleTickets)
	d.mux.HandleFunc(query.TypeTimeseries, d.handleTimeseries)
	d.mux.HandleFunc(query.TypeBreakdown, d.handleBreakdown)
	d.mux.HandleFunc(query.TypeStats, d.handleStats)
	d.mux.HandleFunc(query.TypeContrast, d.handleContrast)
	d.mux.HandleFunc("", d.handleOtherTypes)
	d.resources = d.resourceHandler()
	return d
}

func (d *Datasource) startSync() {
	if d.sync != nil {
		d.sync.Start()
	}
}

// QueryData answers each query through the handler for its queryType. Errors are per query: one bad query
// never fails the others of the same request.
func (d *Datasource) QueryData(ctx context.Context, req *backend.QueryDataRequest) (*backend.QueryDataResponse, error) {
	return d.mux.QueryData(ctx, req)
}

// checkAPIKey verifies that the system accepts the credential, at most once per authCheckTTL while it succeeds,
// for systems that would otherwise answer a wrong one as the anonymous user (keyChecker).
func (d *Datasource) checkAPIKey(ctx context.Context) error {
	kc, ok := d.system.(keyChecker)
	if !ok {
		return nil // other systems refuse a wrong credential outright: the sync reports it
	}
	d.authMu.Lock()
	defer d.authMu.Unlock()
	if !d.authCheckedAt.IsZero() && time.Since(d.authCheckedAt) < authCheckTTL {
		return nil
	}
	if err := kc.CheckKey(ctx); err != nil {
		return err
	}
	d.authCheckedAt = time.Now()
	return nil
}

// keyAccepted records that the system just accepted the credential (CheckHealth asked it), so queries skip the check.
func (d *Datasource) keyAccepted() {
	d.authMu.Lock()
	defer d.authMu.Unlock()
	d.authCheckedAt = time.Now()
}

// Dispose is called when the settings changed and a new instance replaces this one.
func (d *Datasource) Dispose() {
	if d.sync != nil {
		d.sync.Stop()
	}
	if d.owned != nil {
		d.owned.disown()
	}
	if d.httpClient != nil {
		d.httpClient.CloseIdleConnections()
	}
}

// handleOtherTypes answers queries without a handler: an empty queryType means the default query
// ("tickets"); any other type is an error on that query only.
func (d *Datasource) handleOtherTypes(ctx context.Context, req *backend.QueryDataRequest) (*backend.QueryDataResponse, error) {
	resp := backend.NewQueryDataResponse()
	var defaults []backend.DataQuery
	for _, q := range req.Queries {
		if q.QueryType == "" {
			defaults = append(defaults, q)
			continue
		}
		resp.Responses[q.RefID] = backend.ErrDataResponseWithSource(backend.StatusBadRequest, backend.ErrorSourceDownstream,
			fmt.Sprintf("Unknown query type %q: this datasource answers %s.", q.QueryType, quoteList(query.Types)))
	}
	if len(defaults) > 0 {
		sub := *req
		sub.Queries = defaults
		r, err := d.handleTickets(ctx, &sub)
		if err != nil {
			return nil, err
		}
		for k, v := range r.Responses {
			resp.Responses[k] = v
		}
	}
	return resp, nil
}

func (d *Datasource) logger(ctx context.Context) log.Logger {
	return d.log.FromContext(ctx)
}

func quoteList(items []string) string {
	quoted := make([]string, len(items))
	for i, s := range items {
		quoted[i] = strconv.Quote(s)
	}
	if len(quoted) < 2 {
		return strings.Join(quoted, "")
	}
	return strings.Join(quoted[:len(quoted)-1], ", ") + " and " + quoted[len(quoted)-1]
}

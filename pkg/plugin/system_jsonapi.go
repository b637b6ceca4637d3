package plugin

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/spacetime/tickets/pkg/connector"
	"github.com/spacetime/tickets/pkg/connector/httpapi"
	"github.com/spacetime/tickets/pkg/connector/jsonapi"
	"github.com/spacetime/tickets/pkg/settings"
)

func init() {
	registerSystem(settings.SystemJSONAPI, newJSONAPISystem)
	registerRoute("GET /system/presets", serveJSONAPIPresets)
	registerRoute("POST /system/test-mapping", serveTestMapping)
}

type jsonAPISystem struct{ conn *jsonapi.Connector }

func newJSONAPI(cfg settings.Settings, httpClient *http.Client, tune func(*httpapi.Options)) *jsonapi.Connector {
	return jsonapi.New(jsonapi.Config{URL: cfg.URL, Spec: cfg.JSONAPI.Spec, Secret: cfg.JSONAPI.Secret, Name: "JSON API",
		HTTPClient: httpClient, Tune: []func(*httpapi.Options){tune}})
}

func newJSONAPISystem(cfg settings.Settings, httpClient *http.Client, tune func(*httpapi.Options)) ticketSystem {
	return &jsonAPISystem{conn: newJSONAPI(cfg, httpClient, tune)}
}

func (j *jsonAPISystem) Connector() connector.Connector { return j.conn }

// Health fetches the first page for the sync window and maps it, as Test mapping does.
func (j *jsonAPISystem) Health(ctx context.Context, d *Datasource) *backend.CheckHealthResult {
	days := int(d.settings.SyncWindow / (24 * time.Hour))
	rep, err := j.conn.TestMapping(ctx, time.Now().Add(-d.settings.SyncWindow), 20)
	if err != nil {
		msg, _ := d.explain(err)
		d.logger(ctx).Warn("Health check failed", "error", msg)
		return healthError(msg)
	}
	if rep.Records == 0 {
		return healthError(d.settings.Redact(fmt.Sprintf("Connected to the JSON API at %s, but the first page for the last %d %s holds no records: check the URL template and the root selector (Test mapping shows the answer as mapped).",
			d.settings.URL, days, plural(days, "day", "days"))))
	}
	msg := fmt.Sprintf("Connected to the JSON API at %s; the first page for the last %d %s held %d %s, mapped as tickets",
		d.settings.URL, days, plural(days, "day", "days"), rep.Records, plural(rep.Records, "record", "records"))
	if n := len(rep.Problems); n > 0 {
		msg += fmt.Sprintf("; %d %s of the first %d tickets could not be mapped (first: %s): Test mapping lists them",
			n, plural(n, "value", "values"), len(rep.Tickets), rep.Problems[0])
	}
	if p := d.snapshotProblem(); p != "" {
		msg += p
	} else {
		msg += "."
	}
	return &backend.CheckHealthResult{Status: backend.HealthStatusOk, Message: d.settings.Redact(msg)}
}

func serveJSONAPIPresets(_ *Datasource, w http.ResponseWriter, _ *http.Request) {
	presets, err := jsonapi.Presets()
	if err != nil {
		writeError(w, http.StatusInternalServerError, "The presets cannot be read: "+err.Error())
		return
	}
	writeJSON(w, http.StatusOK, presets)
}

// mappedTicket is a ticket as Test mapping shows it.
type mappedTicket struct {
	ID          string              `json:"id"`
	Title       string              `json:"title"`
	Description string              `json:"description"`
	URL         string              `json:"url"`
	Severity    string              `json:"severity"`
	Status      string              `json:"status"`
	State       string              `json:"state"`
	Opened      string              `json:"opened"`
	Updated     string              `json:"updated"`
	Resolved    string              `json:"resolved"`
	Dimensions  map[string][]string `json:"dimensions"`
}

type mappingProblem struct {
	jsonapi.Problem
	Text string `json:"text"`
}

// serveTestMapping answers POST system/test-mapping {"jsonApi": spec}: the saved datasource's URL and
// secret with the editor's (maybe unsaved) spec; it fetches the first page and returns its first tickets
// exactly as mapped, each unmapped or unparsable value named. The URL is always the saved one, so the
// secret never goes to a site the datasource was not saved with.
func serveTestMapping(d *Datasource, w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	var in struct {
		Spec json.RawMessage `json:"jsonApi"`
	}
	if err != nil || json.Unmarshal(body, &in) != nil || len(in.Spec) == 0 {
		writeError(w, http.StatusBadRequest, `Test mapping needs the JSON API settings as {"jsonApi": {...}}.`)
		return
	}
	inst := backend.PluginConfigFromContext(r.Context()).DataSourceInstanceSettings
	if inst == nil {
		writeError(w, http.StatusBadRequest, "Test mapping needs a saved datasource: save the settings once first.")
		return
	}
	var jd map[string]json.RawMessage
	_ = json.Unmarshal(inst.JSONData, &jd)
	if jd == nil {
		jd = map[string]json.RawMessage{}
	}
	if sys := strings.Trim(string(jd["system"]), `"`); sys != settings.SystemJSONAPI {
		writeError(w, http.StatusBadRequest, "Test mapping is for the JSON API: save the datasource with the JSON API system first.")
		return
	}
	jd["jsonApi"] = in.Spec
	edited := *inst
	edited.JSONData, _ = json.Marshal(jd)
	cfg, err := settings.Load(edited)
	if err != nil {
		writeError(w, http.StatusBadRequest, cfg.Redact(err.Error()))
		return
	}
	conn := newJSONAPI(cfg, d.httpClient, func(o *httpapi.Options) { o.Retry = retryPolicy })
	rep, err := conn.TestMapping(httpapi.WithAttempts(r.Context(), 2), time.Now().Add(-cfg.SyncWindow), 5)
	if err != nil {
		probe := &Datasource{settings: cfg, log: d.log}
		msg, _ := probe.explain(err)
		writeError(w, http.StatusBadGateway, msg)
		return
	}
	out := struct {
		Records  int              `json:"records"`
		Deleted  int              `json:"deleted"`
		Tickets  []mappedTicket   `json:"tickets"`
		Problems []mappingProblem `json:"problems"`
	}{Records: rep.Records, Deleted: rep.Deleted, Tickets: []mappedTicket{}, Problems: []mappingProblem{}}
	stamp := func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.UTC().Format(time.RFC3339)
	}
	for _, t := range rep.Tickets {
		mt := mappedTicket{ID: t.ID, Title: t.Title, Description: t.Description, URL: t.URL, Severity: t.Severity, Status: t.Status,
			State: "open", Opened: stamp(t.Opened), Updated: stamp(t.Updated), Dimensions: t.Dimensions}
		if t.Closed {
			mt.State = "closed"
		}
		if t.Resolved != nil {
			mt.Resolved = stamp(*t.Resolved)
		}
		out.Tickets = append(out.Tickets, mt)
	}
	for _, p := range rep.Problems {
		out.Problems = append(out.Problems, mappingProblem{Problem: p, Text: p.String()})
	}
	writeJSON(w, http.StatusOK, out)
}

package plugin

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/backend/resource/httpadapter"

	"github.com/spacetime/tickets/pkg/engine"
	"github.com/spacetime/tickets/pkg/query"
)

// CallResource serves the datasource's resources: fields, values of a field, and the sync status.
func (d *Datasource) CallResource(ctx context.Context, req *backend.CallResourceRequest, sender backend.CallResourceResponseSender) error {
	return d.resources.CallResource(ctx, req, sender)
}

func (d *Datasource) resourceHandler() backend.CallResourceHandler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /fields", d.serveFields)
	mux.HandleFunc("GET /values", d.serveValues)
	mux.HandleFunc("GET /sync", d.serveSync)
	mux.HandleFunc("GET /system/fields", d.serveSystemFields)
	for _, sr := range systemRoutes {
		mux.HandleFunc(sr.pattern, func(w http.ResponseWriter, r *http.Request) { sr.serve(d, w, r) })
	}
	return httpadapter.New(mux)
}

// serveSync answers GET sync: the state of the ticket sync (see syncer.Status).
func (d *Datasource) serveSync(w http.ResponseWriter, _ *http.Request) {
	if d.settingsErr != nil {
		writeError(w, http.StatusBadRequest, d.settings.Redact(d.settingsErr.Error()))
		return
	}
	writeJSON(w, http.StatusOK, d.sync.Status())
}

// serveFields answers GET fields: every field a filter, group-by or variable can use.
func (d *Datasource) serveFields(w http.ResponseWriter, r *http.Request) {
	if !d.readyForResources(w, r) {
		return
	}
	writeJSON(w, http.StatusOK, d.store.Fields())
}

// readyForResources reports settings problems and waits briefly for the first backfill.
func (d *Datasource) readyForResources(w http.ResponseWriter, r *http.Request) bool {
	if d.settingsErr != nil {
		writeError(w, http.StatusBadRequest, d.settings.Redact(d.settingsErr.Error()))
		return false
	}
	d.waitForBackfill(r.Context())
	return true
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// writeError answers {"message": "..."}, the shape Grafana's frontend shows for failed resource calls.
func writeError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]string{"message": msg})
}

// serveValues answers GET values?field=&from=&to=&filters=&search=&limit=: the values of a field with
// their ticket counts, most frequent first, narrowed by the given ad hoc filters, search and time range.
func (d *Datasource) serveValues(w http.ResponseWriter, r *http.Request) {
	if !d.readyForResources(w, r) {
		return
	}
	vq, err := parseValuesRequest(r.URL.Query())
	if err != nil {
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	values, err := engine.Values(d.store, vq)
	if err != nil {
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	writeJSON(w, http.StatusOK, values)
}

func parseValuesRequest(p url.Values) (engine.ValuesQuery, error) {
	vq := engine.ValuesQuery{Field: strings.TrimSpace(p.Get("field"))}
	if vq.Field == "" {
		return vq, errors.New("the field parameter is missing: say which field's values to list, like field=service")
	}
	var err error
	if vq.From, err = msParam(p, "from"); err != nil {
		return vq, err
	}
	if vq.To, err = msParam(p, "to"); err != nil {
		return vq, err
	}
	if raw := p.Get("filters"); raw != "" {
		if err := json.Unmarshal([]byte(raw), &vq.Filters); err != nil {
			return vq, fmt.Errorf("the filters parameter must be a JSON list of filters like [{\"key\":\"service\",\"operator\":\"=\",\"value\":\"checkout\"}]: %v", err)
		}
	}
	vq.Search = p.Get("search")
	vq.TimeField = query.TimeOpened
	if tf := p.Get("timeField"); tf != "" {
		if !slices.Contains(query.TimeFields, tf) {
			return vq, fmt.Errorf("timeField must be one of %s, got %q", strings.Join(query.TimeFields, ", "), tf)
		}
		vq.TimeField = tf
	}
	if l := p.Get("limit"); l != "" {
		n, err := strconv.Atoi(l)
		if err != nil || n < 0 {
			return vq, fmt.Errorf("limit must be a whole number of values, got %q", l)
		}
		vq.Limit = n
	}
	return vq, nil
}

// msParam reads an optional epoch-milliseconds parameter.
func msParam(p url.Values, name string) (time.Time, error) {
	v := p.Get(name)
	if v == "" {
		return time.Time{}, nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return time.Time{}, fmt.Errorf("%s must be a time in epoch milliseconds, got %q", name, v)
	}
	return time.UnixMilli(n), nil
}

// serveSystemFields answers GET system/fields: the ticket system's own fields that can become dimensions
// (the config editor's "Fields from Jira").
func (d *Datasource) serveSystemFields(w http.ResponseWriter, r *http.Request) {
	if d.settingsErr != nil {
		writeError(w, http.StatusBadRequest, d.settings.Redact(d.settingsErr.Error()))
		return
	}
	lister, ok := d.system.(fieldLister)
	if !ok {
		writeError(w, http.StatusNotFound, fmt.Sprintf("%s has no field list to choose from: its custom fields appear as dimensions by themselves.", d.settings.DisplayName()))
		return
	}
	fields, err := lister.SystemFields(r.Context())
	if err != nil {
		msg, _ := d.explain(err)
		writeError(w, http.StatusBadGateway, msg)
		return
	}
	writeJSON(w, http.StatusOK, fields)
}

package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/genproto/pluginv2"

	"github.com/spacetime/tickets/tests/grafanahost"
)

type api struct {
	host        *grafanahost.Host
	datasources datasources
}

func newAPI(h *grafanahost.Host) *api { return &api{host: h} }

func (a *api) routes(mux *http.ServeMux) {
	mux.HandleFunc("POST /api/ds/query", a.query)
	mux.HandleFunc("GET /api/datasources/uid/{uid}", a.getDatasource)
	mux.HandleFunc("PUT /api/datasources/uid/{uid}", a.putDatasource)
	mux.HandleFunc("GET /api/datasources/uid/{uid}/health", a.health)
	mux.HandleFunc("/api/datasources/uid/{uid}/resources/{path...}", a.resource)
}

func (a *api) datasource(w http.ResponseWriter, r *http.Request) (datasource, bool) {
	d, ok := a.datasources.get(r.PathValue("uid"))
	if !ok {
		writeJSON(w, http.StatusNotFound, map[string]string{"message": "Data source not found"})
	}
	return d, ok
}

func (a *api) getDatasource(w http.ResponseWriter, r *http.Request) {
	if d, ok := a.datasource(w, r); ok {
		writeJSON(w, http.StatusOK, d.view())
	}
}

func (a *api) putDatasource(w http.ResponseWriter, r *http.Request) {
	var body struct {
		URL            string            `json:"url"`
		JSONData       json.RawMessage   `json:"jsonData"`
		SecureJSONData map[string]string `json:"secureJsonData"`
	}
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]string{"message": "bad request data: " + err.Error()})
		return
	}
	d, ok := a.datasources.update(r.PathValue("uid"), body.URL, body.JSONData, body.SecureJSONData)
	if !ok {
		writeJSON(w, http.StatusNotFound, map[string]string{"message": "Data source not found"})
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"message": "Datasource updated", "datasource": d.view()})
}

func (a *api) health(w http.ResponseWriter, r *http.Request) {
	d, ok := a.datasource(w, r)
	if !ok {
		return
	}
	res, err := a.host.Diagnostics.CheckHealth(r.Context(), &pluginv2.CheckHealthRequest{PluginContext: d.pluginContext()})
	if err != nil {
		writeJSON(w, http.StatusInternalServerError, map[string]string{"message": "Plugin health check failed: " + err.Error()})
		return
	}
	status, code := "OK", http.StatusOK
	if res.Status != pluginv2.CheckHealthResponse_OK {
		status, code = "ERROR", http.StatusBadRequest // as Grafana's /health answers a failed check
	}
	writeJSON(w, code, map[string]any{"status": status, "message": res.Message})
}

func (a *api) resource(w http.ResponseWriter, r *http.Request) {
	d, ok := a.datasource(w, r)
	if !ok {
		return
	}
	body, _ := io.ReadAll(r.Body)
	res, err := a.host.CallResource(r.Context(), d.pluginContext(), r.Method, r.PathValue("path"), r.URL.RawQuery, body)
	if err != nil {
		writeJSON(w, http.StatusInternalServerError, map[string]string{"message": "Plugin resource call failed: " + err.Error()})
		return
	}
	for k, vs := range res.Headers {
		for _, v := range vs {
			w.Header().Add(k, v)
		}
	}
	w.WriteHeader(res.Status)
	_, _ = w.Write(res.Body)
}

// query answers POST /api/ds/query like Grafana: {"queries":[...],"from":"...","to":"..."} → {"results":{...}}.
func (a *api) query(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Queries []json.RawMessage `json:"queries"`
		From    string            `json:"from"`
		To      string            `json:"to"`
	}
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]string{"message": "bad request data: " + err.Error()})
		return
	}
	now := time.Now()
	from, errFrom := parseTime(body.From, now, now.Add(-6*time.Hour))
	to, errTo := parseTime(body.To, now, now)
	if errFrom != nil || errTo != nil {
		writeJSON(w, http.StatusBadRequest, map[string]string{"message": fmt.Sprintf("invalid time range %q to %q", body.From, body.To)})
		return
	}
	byDS := map[string][]*pluginv2.DataQuery{}
	for _, raw := range body.Queries {
		var q struct {
			RefID      string `json:"refId"`
			QueryType  string `json:"queryType"`
			IntervalMS int64  `json:"intervalMs"`
			MaxPoints  int64  `json:"maxDataPoints"`
			Datasource struct {
				UID string `json:"uid"`
			} `json:"datasource"`
		}
		if err := json.Unmarshal(raw, &q); err != nil {
			writeJSON(w, http.StatusBadRequest, map[string]string{"message": "bad query: " + err.Error()})
			return
		}
		byDS[q.Datasource.UID] = append(byDS[q.Datasource.UID], &pluginv2.DataQuery{
			RefId: q.RefID, QueryType: q.QueryType, Json: raw, IntervalMS: q.IntervalMS, MaxDataPoints: q.MaxPoints,
			TimeRange: &pluginv2.TimeRange{FromEpochMS: from.UnixMilli(), ToEpochMS: to.UnixMilli()},
		})
	}
	out := backend.NewQueryDataResponse()
	for uid, queries := range byDS {
		d, ok := a.datasources.get(uid)
		if !ok {
			for _, q := range queries {
				out.Responses[q.RefId] = backend.ErrDataResponse(backend.StatusNotFound, "data source not found: "+uid)
			}
			continue
		}
		ctx, cancel := context.WithTimeout(r.Context(), 60*time.Second)
		res, err := a.host.Data.QueryData(ctx, &pluginv2.QueryDataRequest{PluginContext: d.pluginContext(), Queries: queries})
		cancel()
		if err != nil {
			writeJSON(w, http.StatusInternalServerError, map[string]string{"message": "Query data error: " + err.Error()})
			return
		}
		resp, err := backend.FromProto().QueryDataResponse(res)
		if err != nil {
			writeJSON(w, http.StatusInternalServerError, map[string]string{"message": err.Error()})
			return
		}
		for k, v := range resp.Responses {
			out.Responses[k] = v
		}
	}
	status := http.StatusOK
	for _, dr := range out.Responses {
		if dr.Error != nil {
			status = http.StatusMultiStatus // what Grafana answers when some queries failed
		}
	}
	writeJSON(w, status, out)
}

// parseTime reads Grafana's range bounds: epoch milliseconds, "now" or "now-<duration>" (e.g. now-7d).
func parseTime(v string, now, def time.Time) (time.Time, error) {
	v = strings.TrimSpace(v)
	switch {
	case v == "":
		return def, nil
	case v == "now":
		return now, nil
	case strings.HasPrefix(v, "now-"):
		spec := strings.TrimPrefix(v, "now-")
		if strings.HasSuffix(spec, "d") {
			n, err := strconv.Atoi(strings.TrimSuffix(spec, "d"))
			return now.Add(-time.Duration(n) * 24 * time.Hour), err
		}
		d, err := time.ParseDuration(spec)
		return now.Add(-d), err
	}
	ms, err := strconv.ParseInt(v, 10, 64)
	return time.UnixMilli(ms), err
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

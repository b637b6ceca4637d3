//go:build integration

package pluginprotocol

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/genproto/pluginv2"

	"github.com/spacetime/tickets/tests/grafanahost"
)

const defaultExe = "dist/datasource/gpx_spacetime_tickets_linux_amd64"

// grafana is what Grafana holds for one running backend plugin, plus everything the plugin logged.
type grafana struct {
	*grafanahost.Host
	logs *grafanahost.LogBuffer
}

func startPlugin(t *testing.T) *grafana {
	t.Helper()
	logs := &grafanahost.LogBuffer{}
	h, err := grafanahost.Start(executable(t), logs)
	if err != nil {
		t.Fatalf("%v\nplugin output:\n%s", err, logs.String())
	}
	t.Cleanup(h.Kill)
	if h.Protocol() != "grpc" {
		t.Fatalf("protocol %q, want grpc", h.Protocol())
	}
	return &grafana{Host: h, logs: logs}
}

func executable(t *testing.T) string {
	t.Helper()
	if exe := os.Getenv("SPACETIME_PLUGIN_EXE"); exe != "" {
		return exe
	}
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..", defaultExe)
}

// pluginContext is what Grafana sends with every request for one datasource, scoped to the project in
// REDMINE_PROJECT when it is set.
func pluginContext(dsID int64, redmineURL, apiKey string) *pluginv2.PluginContext {
	return pluginContextIn(dsID, redmineURL, apiKey, os.Getenv("REDMINE_PROJECT"))
}

// pluginContextIn is pluginContext with the Project setting ("" for all projects).
func pluginContextIn(dsID int64, redmineURL, apiKey, project string) *pluginv2.PluginContext {
	settings := map[string]any{"url": redmineURL, "system": "redmine"}
	if project != "" {
		settings["project"] = project
	}
	jsonData, _ := json.Marshal(settings)
	return grafanahost.PluginContext(dsID, fmt.Sprintf("spacetime-%d", dsID), fmt.Sprintf("Spacetime Redmine %d", dsID),
		jsonData, map[string]string{"apiKey": apiKey}, time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC))
}

func (g *grafana) checkHealth(t *testing.T, pc *pluginv2.PluginContext) *pluginv2.CheckHealthResponse {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	res, err := g.Diagnostics.CheckHealth(ctx, &pluginv2.CheckHealthRequest{PluginContext: pc})
	if err != nil {
		t.Fatalf("CheckHealth: %v\nplugin output:\n%s", err, g.logs.String())
	}
	return res
}

func (g *grafana) queryData(t *testing.T, pc *pluginv2.PluginContext, queries ...*pluginv2.DataQuery) *pluginv2.QueryDataResponse {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 120*time.Second)
	defer cancel()
	res, err := g.Data.QueryData(ctx, &pluginv2.QueryDataRequest{
		PluginContext: pc,
		Headers:       map[string]string{"http_X-Grafana-Org-Id": "1"},
		Queries:       queries,
	})
	if err != nil {
		t.Fatalf("QueryData: %v\nplugin output:\n%s", err, g.logs.String())
	}
	return res
}

func (g *grafana) callResource(t *testing.T, pc *pluginv2.PluginContext, path, rawQuery string) grafanahost.Resource {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	res, err := g.CallResource(ctx, pc, "GET", path, rawQuery, nil)
	if err != nil {
		t.Fatalf("CallResource %s: %v\nplugin output:\n%s", path, err, g.logs.String())
	}
	return res
}

func query(refID, queryType, jsonText string) *pluginv2.DataQuery {
	now := time.Now()
	return &pluginv2.DataQuery{
		RefId:         refID,
		QueryType:     queryType,
		Json:          []byte(jsonText),
		MaxDataPoints: 1000,
		IntervalMS:    60_000,
		TimeRange:     &pluginv2.TimeRange{FromEpochMS: now.Add(-7 * 24 * time.Hour).UnixMilli(), ToEpochMS: now.UnixMilli()},
	}
}

//go:build integration

package clickhouse

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"
	"github.com/grafana/grafana-plugin-sdk-go/genproto/pluginv2"

	"github.com/spacetime/tickets/pkg/logengine/chaingen"
	"github.com/spacetime/tickets/tests/grafanahost"
)

// repoRoot is the repository's root (go test runs in the package's folder).
func repoRoot() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..")
}

// repoFile reads a file of the repository, like a generated dashboard or provisioning file.
func repoFile(t *testing.T, rel string) []byte {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(repoRoot(), rel))
	if err != nil {
		t.Fatal(err)
	}
	return raw
}

type plugin struct {
	*grafanahost.Host
	logs *grafanahost.LogBuffer
}

func startPlugin(t *testing.T) *plugin {
	t.Helper()
	exe := os.Getenv("SPACETIME_PLUGIN_EXE")
	if exe == "" {
		exe = filepath.Join(repoRoot(), "dist/datasource/gpx_spacetime_tickets_linux_amd64")
	}
	logs := &grafanahost.LogBuffer{}
	h, err := grafanahost.Start(exe, logs)
	if err != nil {
		t.Fatalf("%v\n%s", err, logs.String())
	}
	t.Cleanup(h.Kill)
	return &plugin{Host: h, logs: logs}
}

// generated is the data set chaingen wrote, from the Config it saved.
func generated(t *testing.T) chaingen.Config {
	t.Helper()
	path := os.Getenv("CHAINGEN_CONFIG")
	if path == "" {
		path = filepath.Join(repoRoot(), ".cache/clickhouse/chains.json")
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v: run go run ./pkg/logengine/cmd/chaingen -config %s first", err, path)
	}
	var cfg chaingen.Config
	if err := json.Unmarshal(raw, &cfg); err != nil {
		t.Fatal(err)
	}
	return cfg
}

// settings is a datasource on the test cluster's Distributed table; change adjusts the clickhouse part.
func (s server) settings(dsID int64, change func(ch map[string]any)) *pluginv2.PluginContext {
	ch := map[string]any{
		"url": s.url, "user": s.user, "database": s.db, "table": "chain_events", "rollupTable": "chain_rollup",
		"columns": map[string]any{"time": "ts_ms", "chain": "chain_id", "step": "step", "service": "service",
			"client": "client", "outcome": "outcome", "duration": "duration_ms", "durationUnit": "ms"},
		"dimensions": []map[string]string{{"key": "region", "column": "region"}},
	}
	if change != nil {
		change(ch)
	}
	jd, _ := json.Marshal(map[string]any{"system": "clickhouse", "clickhouse": ch})
	return grafanahost.PluginContext(dsID, fmt.Sprintf("ch-%d", dsID), fmt.Sprintf("ClickHouse %d", dsID), jd,
		map[string]string{"clickhousePassword": s.password}, time.Date(2026, 12, 1, 0, 0, 0, int(dsID), time.UTC))
}

func (p *plugin) health(t *testing.T, pc *pluginv2.PluginContext) *pluginv2.CheckHealthResponse {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	res, err := p.Diagnostics.CheckHealth(ctx, &pluginv2.CheckHealthRequest{PluginContext: pc})
	if err != nil {
		t.Fatalf("CheckHealth: %v\n%s", err, p.logs.String())
	}
	return res
}

type q struct {
	ref, typ string
	from, to time.Time
	json     string
}

func (p *plugin) query(t *testing.T, ctx context.Context, pc *pluginv2.PluginContext, qs ...q) (*pluginv2.QueryDataResponse, error) {
	t.Helper()
	req := &pluginv2.QueryDataRequest{PluginContext: pc}
	for _, x := range qs {
		req.Queries = append(req.Queries, &pluginv2.DataQuery{RefId: x.ref, QueryType: x.typ, Json: []byte(x.json),
			IntervalMS: 60_000, MaxDataPoints: 1000,
			TimeRange: &pluginv2.TimeRange{FromEpochMS: x.from.UnixMilli(), ToEpochMS: x.to.UnixMilli()}})
	}
	return p.Data.QueryData(ctx, req)
}

// frames runs one query and returns its frames, failing on an error response.
func (p *plugin) frames(t *testing.T, pc *pluginv2.PluginContext, x q) data.Frames {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	started := time.Now()
	res, err := p.query(t, ctx, pc, x)
	if err != nil {
		t.Fatalf("QueryData: %v\n%s", err, p.logs.String())
	}
	dr := res.Responses[x.ref]
	if dr.Error != "" {
		t.Fatalf("%s: %s", x.typ, dr.Error)
	}
	t.Logf("%s %s through the plugin: %v", x.typ, x.json, time.Since(started).Round(time.Millisecond))
	frames, err := data.UnmarshalArrowFrames(dr.Frames)
	if err != nil {
		t.Fatal(err)
	}
	return frames
}

// queryError runs one query that must fail and returns its error text.
func (p *plugin) queryError(t *testing.T, pc *pluginv2.PluginContext, x q) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	res, err := p.query(t, ctx, pc, x)
	if err != nil {
		t.Fatalf("QueryData: %v", err)
	}
	dr := res.Responses[x.ref]
	if dr.Error == "" {
		t.Fatalf("%s %s: no error", x.typ, x.json)
	}
	return dr.Error
}

func column[T any](t *testing.T, f *data.Frame, name string) []T {
	t.Helper()
	field, i := f.FieldByName(name)
	if i < 0 {
		t.Fatalf("frame %q has no field %q", f.Name, name)
	}
	out := make([]T, field.Len())
	for k := range out {
		v, ok := field.At(k).(T)
		if !ok {
			t.Fatalf("field %q holds %T, not %T", name, field.At(k), *new(T))
		}
		out[k] = v
	}
	return out
}

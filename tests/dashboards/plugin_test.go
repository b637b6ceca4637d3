//go:build integration

package dashboards

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"
	"github.com/grafana/grafana-plugin-sdk-go/genproto/pluginv2"

	"github.com/spacetime/tickets/tests/grafanahost"
)

// repoRoot is the repository's root directory.
func repoRoot() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..")
}

// plugin is the built backend, started as Grafana starts it, with one datasource on the scenario's project.
type plugin struct {
	host *grafanahost.Host
	pc   *pluginv2.PluginContext
	logs *grafanahost.LogBuffer
}

// shared is the one plugin process the tests share, so the scenario is synced from Redmine once.
var shared struct {
	once sync.Once
	p    *plugin
	err  error
	took time.Duration
}

func TestMain(m *testing.M) {
	code := m.Run()
	if shared.p != nil {
		shared.p.host.Kill()
	}
	os.Exit(code)
}

// syncedPlugin starts the plugin (once) with a datasource on the scenario's project and waits for the backfill.
func syncedPlugin(t *testing.T, sc scenario) *plugin {
	t.Helper()
	shared.once.Do(func() {
		url, key := os.Getenv("REDMINE_URL"), os.Getenv("REDMINE_API_KEY")
		if url == "" || key == "" {
			shared.err = fmt.Errorf("REDMINE_URL and REDMINE_API_KEY must be set (set -a; . .cache/redmine/env; set +a)")
			return
		}
		exe := os.Getenv("SPACETIME_PLUGIN_EXE")
		if exe == "" {
			exe = filepath.Join(repoRoot(), "dist/datasource/gpx_spacetime_tickets_linux_amd64")
		}
		logs := &grafanahost.LogBuffer{}
		h, err := grafanahost.Start(exe, logs)
		if err != nil {
			shared.err = fmt.Errorf("%v\nplugin output:\n%s", err, logs.String())
			return
		}
		jsonData, _ := json.Marshal(map[string]any{"url": url, "system": "redmine", "project": scenarioProject, "syncWindowDays": 5})
		pc := grafanahost.PluginContext(1, "spacetime-redmine", "Redmine tickets", jsonData, map[string]string{"apiKey": key},
			time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC))
		shared.p = &plugin{host: h, pc: pc, logs: logs}
		shared.took, shared.err = shared.p.waitUntilSynced(t, sc.Tickets)
		t.Logf("backfill of %d scenario tickets from Redmine took %s", sc.Tickets, shared.took.Round(100*time.Millisecond))
	})
	if shared.err != nil {
		t.Fatal(shared.err)
	}
	return shared.p
}

// waitUntilSynced polls the sync resource until the backfill is done and returns how long it took.
func (p *plugin) waitUntilSynced(t *testing.T, atLeast int) (time.Duration, error) {
	t.Helper()
	start := time.Now()
	deadline := start.Add(20 * time.Minute)
	for {
		var status struct {
			State     string `json:"state"`
			Tickets   int    `json:"tickets"`
			LastError string `json:"lastError"`
		}
		res := p.resource(t, "sync", "")
		if err := json.Unmarshal(res.Body, &status); err != nil {
			t.Fatalf("sync resource: %v (%s)", err, res.Body)
		}
		if status.State == "ready" && status.Tickets >= atLeast {
			return time.Since(start), nil
		}
		if time.Now().After(deadline) {
			return 0, fmt.Errorf("not synced after 20 minutes: %+v\nplugin output:\n%s", status, p.logs.String())
		}
		time.Sleep(time.Second)
	}
}

func (p *plugin) resource(t *testing.T, path, rawQuery string) grafanahost.Resource {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	res, err := p.host.CallResource(ctx, p.pc, "GET", path, rawQuery, nil)
	if err != nil {
		t.Fatalf("CallResource %s: %v\nplugin output:\n%s", path, err, p.logs.String())
	}
	return res
}

// query is one data query as Grafana sends it: the stored JSON, its query type, and a time range.
type query struct {
	RefID    string
	JSON     json.RawMessage
	From, To time.Time
}

// answer is one query's result: its frames, or the error the plugin gave.
type answer struct {
	Frames data.Frames
	Err    string
}

// run sends the queries in one QueryData request, as Grafana does for a panel or a rule.
func (p *plugin) run(t *testing.T, queries ...query) map[string]answer {
	t.Helper()
	req := &pluginv2.QueryDataRequest{PluginContext: p.pc, Headers: map[string]string{"http_X-Grafana-Org-Id": "1"}}
	for _, q := range queries {
		var head struct {
			QueryType string `json:"queryType"`
		}
		if err := json.Unmarshal(q.JSON, &head); err != nil {
			t.Fatalf("query %s: %v", q.RefID, err)
		}
		req.Queries = append(req.Queries, &pluginv2.DataQuery{
			RefId: q.RefID, QueryType: head.QueryType, Json: q.JSON, MaxDataPoints: 1000, IntervalMS: 60_000,
			TimeRange: &pluginv2.TimeRange{FromEpochMS: q.From.UnixMilli(), ToEpochMS: q.To.UnixMilli()},
		})
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	res, err := p.host.Data.QueryData(ctx, req)
	if err != nil {
		t.Fatalf("QueryData: %v\nplugin output:\n%s", err, p.logs.String())
	}
	out := map[string]answer{}
	for ref, dr := range res.Responses {
		a := answer{Err: dr.Error}
		if len(dr.Frames) > 0 {
			frames, err := data.UnmarshalArrowFrames(dr.Frames)
			if err != nil {
				t.Fatalf("%s: frames: %v", ref, err)
			}
			a.Frames = frames
		}
		out[ref] = a
	}
	for _, q := range queries {
		if _, ok := out[q.RefID]; !ok {
			t.Fatalf("no response for query %s", q.RefID)
		}
	}
	return out
}

func mustJSON(v any) json.RawMessage {
	b, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Sprint(err))
	}
	return b
}

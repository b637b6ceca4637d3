//go:build integration

package pluginprotocol

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend/grpcplugin"
	"github.com/grafana/grafana-plugin-sdk-go/genproto/pluginv2"
	"github.com/hashicorp/go-hclog"
	goplugin "github.com/hashicorp/go-plugin"
)

const (
	pluginID       = "spacetime-tickets-datasource"
	grafanaVersion = "12.4.2"
	defaultExe     = "dist/datasource/gpx_spacetime_tickets_linux_amd64"
)

// grafana is what Grafana holds for one running backend plugin.
type grafana struct {
	client      *goplugin.Client
	diagnostics pluginv2.DiagnosticsClient
	data        pluginv2.DataClient
	resource    pluginv2.ResourceClient
	logs        *syncBuffer // everything the plugin wrote to stderr, as go-plugin relays it
}

// startPlugin starts the executable as Grafana's plugin manager does (pkg/plugins/backendplugin/grpcplugin):
// exec.Command(executable) with Grafana's environment, go-plugin's handshake, gRPC, and the v2 plugin set.
func startPlugin(t *testing.T) *grafana {
	t.Helper()
	exe := executable(t)

	cmd := exec.Command(exe)
	// Grafana's environment for a plugin (pkg/services/pluginsintegration/pluginconfig/envvars.go), in the
	// stricter mode where the host's own environment is not forwarded (SkipHostEnv), so the plugin sees only
	// what Grafana chose to pass: nothing of this test's REDMINE_* variables.
	cmd.Env = []string{
		"GF_VERSION=" + grafanaVersion,
		"GF_EDITION=oss",
		"GF_PLUGIN_VERSION=test",
	}
	for _, k := range []string{"PLUGIN_UNIX_SOCKET_DIR", "HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "NO_PROXY", "no_proxy", "TMPDIR"} {
		if v, ok := os.LookupEnv(k); ok {
			cmd.Env = append(cmd.Env, k+"="+v)
		}
	}

	logs := &syncBuffer{}
	client := goplugin.NewClient(&goplugin.ClientConfig{
		Cmd: cmd,
		HandshakeConfig: goplugin.HandshakeConfig{
			ProtocolVersion:  grpcplugin.ProtocolVersion,
			MagicCookieKey:   grpcplugin.MagicCookieKey,
			MagicCookieValue: grpcplugin.MagicCookieValue,
		},
		VersionedPlugins: map[int]goplugin.PluginSet{
			grpcplugin.ProtocolVersion: {
				"diagnostics": &grpcplugin.DiagnosticsGRPCPlugin{},
				"resource":    &grpcplugin.ResourceGRPCPlugin{},
				"data":        &grpcplugin.DataGRPCPlugin{},
				"stream":      &grpcplugin.StreamGRPCPlugin{},
			},
		},
		AllowedProtocols: []goplugin.Protocol{goplugin.ProtocolGRPC},
		SkipHostEnv:      true,
		StartTimeout:     30 * time.Second,
		Logger: hclog.New(&hclog.LoggerOptions{
			Name:   "plugin." + pluginID,
			Output: logs,
			Level:  hclog.Trace,
		}),
	})
	t.Cleanup(client.Kill)

	rpc, err := client.Client()
	if err != nil {
		t.Fatalf("go-plugin could not start %s: %v\nplugin output:\n%s", exe, err, logs.String())
	}
	if v := client.NegotiatedVersion(); v != grpcplugin.ProtocolVersion {
		t.Fatalf("negotiated protocol version %d, want %d", v, grpcplugin.ProtocolVersion)
	}
	if client.Protocol() != goplugin.ProtocolGRPC {
		t.Fatalf("protocol %q, want grpc", client.Protocol())
	}

	g := &grafana{client: client, logs: logs}
	g.diagnostics = dispense[pluginv2.DiagnosticsClient](t, rpc, "diagnostics")
	g.data = dispense[pluginv2.DataClient](t, rpc, "data")
	g.resource = dispense[pluginv2.ResourceClient](t, rpc, "resource")
	return g
}

func dispense[T any](t *testing.T, rpc goplugin.ClientProtocol, name string) T {
	t.Helper()
	raw, err := rpc.Dispense(name)
	if err != nil {
		t.Fatalf("dispense %q: %v", name, err)
	}
	c, ok := raw.(T)
	if !ok {
		var zero T
		t.Fatalf("dispense %q: got %T, want %T", name, raw, zero)
	}
	return c
}

func executable(t *testing.T) string {
	t.Helper()
	exe := os.Getenv("SPACETIME_PLUGIN_EXE")
	if exe == "" {
		_, file, _, _ := runtime.Caller(0)
		exe = filepath.Join(filepath.Dir(file), "..", "..", defaultExe)
	}
	st, err := os.Stat(exe)
	if err != nil {
		t.Fatalf("the built plugin executable is missing (%v): build it with go run github.com/magefile/mage@v1.15.0 -v buildLinux", err)
	}
	if st.Mode()&0o111 == 0 {
		t.Fatalf("%s is not executable (mode %v)", exe, st.Mode())
	}
	return exe
}

// pluginContext is what Grafana sends with every request for one datasource.
func pluginContext(dsID int64, redmineURL, apiKey string) *pluginv2.PluginContext {
	return &pluginv2.PluginContext{
		OrgId:    1,
		PluginId: pluginID,
		User:     &pluginv2.User{Login: "admin", Name: "Admin", Email: "admin@localhost", Role: "Admin"},
		DataSourceInstanceSettings: &pluginv2.DataSourceInstanceSettings{
			Id:                      dsID,
			Uid:                     fmt.Sprintf("spacetime-%d", dsID),
			Name:                    fmt.Sprintf("Spacetime Redmine %d", dsID),
			JsonData:                []byte(fmt.Sprintf(`{"url":%q,"system":"redmine"}`, redmineURL)),
			DecryptedSecureJsonData: map[string]string{"apiKey": apiKey},
			LastUpdatedMS:           time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC).UnixMilli(),
		},
		GrafanaConfig: map[string]string{
			"GF_APP_URL":                               "http://localhost:3000/",
			"GF_SQL_MAX_OPEN_CONNS_DEFAULT":            "100",
			"GF_SQL_MAX_IDLE_CONNS_DEFAULT":            "100",
			"GF_SQL_MAX_CONN_LIFETIME_SECONDS_DEFAULT": "14400",
		},
		PluginVersion: "test",
		UserAgent:     "Grafana/" + grafanaVersion + " (linux; amd64)",
	}
}

func (g *grafana) checkHealth(t *testing.T, pc *pluginv2.PluginContext) *pluginv2.CheckHealthResponse {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	res, err := g.diagnostics.CheckHealth(ctx, &pluginv2.CheckHealthRequest{PluginContext: pc})
	if err != nil {
		t.Fatalf("CheckHealth: %v\nplugin output:\n%s", err, g.logs.String())
	}
	return res
}

func (g *grafana) queryData(t *testing.T, pc *pluginv2.PluginContext, queries ...*pluginv2.DataQuery) *pluginv2.QueryDataResponse {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 120*time.Second)
	defer cancel()
	res, err := g.data.QueryData(ctx, &pluginv2.QueryDataRequest{
		PluginContext: pc,
		Headers:       map[string]string{"http_X-Grafana-Org-Id": "1"},
		Queries:       queries,
	})
	if err != nil {
		t.Fatalf("QueryData: %v\nplugin output:\n%s", err, g.logs.String())
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

// syncBuffer is a bytes.Buffer safe for go-plugin's log goroutines.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

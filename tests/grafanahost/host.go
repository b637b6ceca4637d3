// Package grafanahost starts a backend plugin executable the way Grafana's plugin manager does
// (pkg/plugins/backendplugin/grpcplugin): exec.Command with Grafana's environment, hashicorp/go-plugin's
// handshake, gRPC only, and the SDK's pluginv2 clients. Tests and the grafana-standin HTTP server use it.
package grafanahost

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend/grpcplugin"
	"github.com/grafana/grafana-plugin-sdk-go/genproto/pluginv2"
	"github.com/hashicorp/go-hclog"
	goplugin "github.com/hashicorp/go-plugin"
)

// Identity of the plugin and of the Grafana the host pretends to be.
const (
	PluginID       = "spacetime-tickets-datasource"
	GrafanaVersion = "12.4.2"
)

// Host is what Grafana holds for one running backend plugin.
type Host struct {
	client      *goplugin.Client
	ownTemp     string // the TMPDIR Start made for this process, removed by Kill
	Diagnostics pluginv2.DiagnosticsClient
	Data        pluginv2.DataClient
	Resource    pluginv2.ResourceClient
}

// Start runs the executable with a temporary directory of its own (TMPDIR), where the plugin keeps its
// ticket snapshots when no Data directory is set: no run sees another's snapshots. Everything it logs goes
// to logs.
func Start(exe string, logs io.Writer) (*Host, error) {
	tmp, err := os.MkdirTemp("", "spacetime-plugin-")
	if err != nil {
		return nil, err
	}
	h, err := StartIn(exe, logs, tmp)
	if err != nil {
		_ = os.RemoveAll(tmp)
		return nil, err
	}
	h.ownTemp = tmp
	return h, nil
}

// StartIn runs the executable with tmpDir as its TMPDIR: a plugin restarted in the same directory finds the
// snapshots its predecessor wrote, as a plugin restarted by Grafana does.
func StartIn(exe string, logs io.Writer, tmpDir string) (*Host, error) {
	st, err := os.Stat(exe)
	if err != nil {
		return nil, fmt.Errorf("the built plugin executable is missing (%v): build it with go run github.com/magefile/mage@v1.15.0 -v buildLinux", err)
	}
	if st.Mode()&0o111 == 0 {
		return nil, fmt.Errorf("%s is not executable (mode %v)", exe, st.Mode())
	}
	cmd := exec.Command(exe)
	// Grafana's environment for a plugin (pkg/services/pluginsintegration/pluginconfig/envvars.go), in the
	// stricter mode where the host's own environment is not forwarded (SkipHostEnv).
	cmd.Env = []string{"GF_VERSION=" + GrafanaVersion, "GF_EDITION=oss", "GF_PLUGIN_VERSION=test", "TMPDIR=" + tmpDir}
	for _, k := range []string{"PLUGIN_UNIX_SOCKET_DIR", "HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "NO_PROXY", "no_proxy"} {
		if v, ok := os.LookupEnv(k); ok {
			cmd.Env = append(cmd.Env, k+"="+v)
		}
	}
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
		Logger:           hclog.New(&hclog.LoggerOptions{Name: "plugin." + PluginID, Output: logs, Level: hclog.Trace}),
	})
	rpc, err := client.Client()
	if err != nil {
		client.Kill()
		return nil, fmt.Errorf("go-plugin could not start %s: %w", exe, err)
	}
	if v := client.NegotiatedVersion(); v != grpcplugin.ProtocolVersion {
		client.Kill()
		return nil, fmt.Errorf("negotiated protocol version %d, want %d", v, grpcplugin.ProtocolVersion)
	}
	h := &Host{client: client}
	if err := dispense(rpc, "diagnostics", &h.Diagnostics); err != nil {
		return nil, err
	}
	if err := dispense(rpc, "data", &h.Data); err != nil {
		return nil, err
	}
	if err := dispense(rpc, "resource", &h.Resource); err != nil {
		return nil, err
	}
	return h, nil
}

// Protocol reports the negotiated protocol ("grpc").
func (h *Host) Protocol() string { return string(h.client.Protocol()) }

// Kill stops the plugin process (and removes the temporary directory Start made for it).
func (h *Host) Kill() {
	h.client.Kill()
	if h.ownTemp != "" {
		_ = os.RemoveAll(h.ownTemp)
	}
}

// KillHard ends the plugin process with SIGKILL, as a crash or an OOM kill does: nothing is flushed.
func (h *Host) KillHard() error {
	rc := h.client.ReattachConfig()
	if rc == nil || rc.Pid == 0 {
		return fmt.Errorf("no plugin process to kill")
	}
	p, err := os.FindProcess(rc.Pid)
	if err != nil {
		return err
	}
	return p.Kill()
}

func dispense[T any](rpc goplugin.ClientProtocol, name string, into *T) error {
	raw, err := rpc.Dispense(name)
	if err != nil {
		return fmt.Errorf("dispense %q: %w", name, err)
	}
	c, ok := raw.(T)
	if !ok {
		return fmt.Errorf("dispense %q: got %T, want %T", name, raw, *into)
	}
	*into = c
	return nil
}

// Resource is the answer to a CallResource, reassembled from its stream.
type Resource struct {
	Status  int
	Headers map[string][]string
	Body    []byte
}

// CallResource sends one resource request and collects the streamed answer.
func (h *Host) CallResource(ctx context.Context, pc *pluginv2.PluginContext, method, path, rawQuery string, body []byte) (Resource, error) {
	url := "/api/datasources/uid/" + pc.GetDataSourceInstanceSettings().GetUid() + "/resources/" + path
	if rawQuery != "" {
		url += "?" + rawQuery
	}
	stream, err := h.Resource.CallResource(ctx, &pluginv2.CallResourceRequest{
		PluginContext: pc, Path: path, Method: method, Url: url, Body: body,
	})
	if err != nil {
		return Resource{}, err
	}
	var out Resource
	for {
		part, err := stream.Recv()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return out, err
		}
		if part.Code != 0 {
			out.Status = int(part.Code)
		}
		if len(part.Headers) > 0 {
			out.Headers = map[string][]string{}
			for k, v := range part.Headers {
				out.Headers[k] = v.Values
			}
		}
		out.Body = append(out.Body, part.Body...)
	}
}

// PluginContext is what Grafana sends with every request for one datasource.
func PluginContext(dsID int64, uid, name string, jsonData []byte, secure map[string]string, updated time.Time) *pluginv2.PluginContext {
	return &pluginv2.PluginContext{
		OrgId:    1,
		PluginId: PluginID,
		User:     &pluginv2.User{Login: "admin", Name: "Admin", Email: "admin@localhost", Role: "Admin"},
		DataSourceInstanceSettings: &pluginv2.DataSourceInstanceSettings{
			Id: dsID, Uid: uid, Name: name, JsonData: jsonData, DecryptedSecureJsonData: secure,
			LastUpdatedMS: updated.UnixMilli(),
		},
		GrafanaConfig: map[string]string{
			"GF_APP_URL":                               "http://localhost:3000/",
			"GF_SQL_MAX_OPEN_CONNS_DEFAULT":            "100",
			"GF_SQL_MAX_IDLE_CONNS_DEFAULT":            "100",
			"GF_SQL_MAX_CONN_LIFETIME_SECONDS_DEFAULT": "14400",
		},
		PluginVersion: "test",
		UserAgent:     "Grafana/" + GrafanaVersion + " (linux; amd64)",
	}
}

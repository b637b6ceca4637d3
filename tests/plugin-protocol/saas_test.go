//go:build integration

package pluginprotocol

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"
	"github.com/grafana/grafana-plugin-sdk-go/genproto/pluginv2"

	"github.com/spacetime/tickets/tests/grafanahost"
)

// saasContext is the plugin context of a datasource for a replayed SaaS system: no snapshots (each run is
// a new site), a 10 s poll.
func saasContext(dsID int64, name string, jsonData map[string]any, secure map[string]string) *pluginv2.PluginContext {
	jd := map[string]any{"pollIntervalSeconds": 10, "dataDir": "off"}
	for k, v := range jsonData {
		jd[k] = v
	}
	raw, _ := json.Marshal(jd)
	return grafanahost.PluginContext(dsID, fmt.Sprintf("%s-%d", strings.ToLower(strings.ReplaceAll(name, " ", "-")), dsID),
		fmt.Sprintf("Spacetime %s %d", name, dsID), raw, secure, time.Now())
}

// secretsNeverReturned fails the test if any secret appears in what the plugin returned or logged.
func secretsNeverReturned(t *testing.T, g *grafana, returned *[]string, secrets ...string) {
	t.Cleanup(func() {
		for _, text := range append(*returned, g.logs.String()) {
			for _, s := range secrets {
				if strings.Contains(text, s) {
					t.Errorf("a secret appears in what the plugin returned or logged: %.300s", text)
				}
			}
		}
	})
}

// frameOf decodes the first frame of a query's response, failing on an error.
func frameOf(t *testing.T, res *pluginv2.QueryDataResponse, ref string) *data.Frame {
	t.Helper()
	dr := res.Responses[ref]
	if dr == nil || dr.Error != "" {
		t.Fatalf("%s: %s", ref, describe(dr))
	}
	return decodeFrames(t, dr)[0]
}

func (g *grafana) postResource(t *testing.T, pc *pluginv2.PluginContext, path string, body any) grafanahost.Resource {
	t.Helper()
	raw, _ := json.Marshal(body)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	res, err := g.CallResource(ctx, pc, "POST", path, "", raw)
	if err != nil {
		t.Fatalf("CallResource POST %s: %v", path, err)
	}
	return res
}

// eventually retries check until it returns "" or the deadline passes.
func eventually(t *testing.T, within time.Duration, check func() string) {
	t.Helper()
	deadline := time.Now().Add(within)
	for {
		msg := check()
		if msg == "" {
			return
		}
		if time.Now().After(deadline) {
			t.Fatal(msg)
		}
		time.Sleep(time.Second)
	}
}

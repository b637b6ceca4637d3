//go:build integration

package clickhouse

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"
	"github.com/grafana/grafana-plugin-sdk-go/genproto/pluginv2"
)

// TestOperationChainsDashboard runs every query of the provisioned "Operation chains" dashboard through the
// plugin against the cluster, as Grafana would for a viewer, around the slow minute; with
// SPACETIME_DUMP_FRAMES it writes each panel's frames for the sandbox's screenshots.
func TestOperationChainsDashboard(t *testing.T) {
	s := serverFromEnv(t)
	cfg := generated(t)
	p := startPlugin(t)
	pc := s.settings(20, nil)
	root := repoRoot()
	raw := repoFile(t, "src/dashboards/operation-chains.json")
	var dash struct {
		Panels []struct {
			ID      int               `json:"id"`
			Type    string            `json:"type"`
			Title   string            `json:"title"`
			Targets []json.RawMessage `json:"targets"`
		} `json:"panels"`
	}
	if err := json.Unmarshal(raw, &dash); err != nil {
		t.Fatal(err)
	}
	from, to := cfg.SlowFrom.Add(-30*time.Minute), cfg.SlowFrom.Add(30*time.Minute)
	vars := map[string]string{"${logs}": "ch-20", "${chainSearch}": ""}
	// The chain panel shows the chain a viewer clicks in the table: the longest one.
	for _, panel := range dash.Panels {
		if panel.Type == "traces" {
			continue
		}
		frames := runPanel(t, p, pc, panel.Targets[0], vars, from, to)
		if panel.Type == "spacetime-tickettable-panel" {
			ids := column[string](t, frames[0], "chain")
			if len(ids) == 0 {
				t.Fatal("the chains table is empty")
			}
			vars["${chain}"] = ids[0]
		}
		dump(t, root, panel.ID, frames, from, to)
	}
	if vars["${chain}"] == "" {
		t.Fatal("no chains panel")
	}
	for _, panel := range dash.Panels {
		if panel.Type == "traces" {
			frames := runPanel(t, p, pc, panel.Targets[0], vars, from, to)
			if frames[0].Rows() < 4 {
				t.Fatalf("the trace of %s has %d spans", vars["${chain}"], frames[0].Rows())
			}
			dump(t, root, panel.ID, frames, from, to)
		}
	}
}

func runPanel(t *testing.T, p *plugin, pc *pluginv2.PluginContext, target json.RawMessage, vars map[string]string, from, to time.Time) data.Frames {
	t.Helper()
	text := string(target)
	for k, v := range vars {
		text = strings.ReplaceAll(text, k, v)
	}
	var head struct {
		RefID     string `json:"refId"`
		QueryType string `json:"queryType"`
	}
	_ = json.Unmarshal([]byte(text), &head)
	return p.frames(t, pc, q{ref: head.RefID, typ: head.QueryType, from: from, to: to, json: text})
}

func dump(t *testing.T, root string, panelID int, frames data.Frames, from, to time.Time) {
	dir := os.Getenv("SPACETIME_DUMP_FRAMES")
	if dir == "" {
		return
	}
	if !filepath.IsAbs(dir) {
		dir = filepath.Join(root, dir)
	}
	b, err := json.MarshalIndent(map[string]any{"from": from.UnixMilli(), "to": to.UnixMilli(), "frames": frames}, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "operation-chains", fmt.Sprintf("panel-%d.json", panelID))
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

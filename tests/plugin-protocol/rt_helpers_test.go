//go:build integration

package pluginprotocol

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/genproto/pluginv2"

	"github.com/spacetime/tickets/tests/grafanahost"
)

// liveRT is the Request Tracker the tests talk to (scripts/rt/rt.sh up writes its env file).
type liveRT struct {
	url, token, db, stateDir string
}

// rtScope is the datasource's TicketSQL scope: the queues scripts/rt seeds.
const rtScope = "Queue = 'Ops' OR Queue = 'Support'"

// rtFromEnv reads RT_URL and RT_TOKEN. Without them the tests skip, unless RT_REQUIRED=1 (test-all's rt step)
// makes that a failure: the plugin-protocol step runs this package with Redmine's environment only.
func rtFromEnv(t *testing.T) liveRT {
	t.Helper()
	r := liveRT{url: strings.TrimRight(os.Getenv("RT_URL"), "/"), token: os.Getenv("RT_TOKEN"), db: os.Getenv("RT_DB"), stateDir: os.Getenv("RT_STATE_DIR")}
	if r.url == "" || r.token == "" {
		msg := "RT_URL and RT_TOKEN must be set to a live Request Tracker: run scripts/rt/rt.sh up, then set -a; . .cache/rt/env; set +a"
		if os.Getenv("RT_REQUIRED") == "1" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	return r
}

// rtContext is what Grafana sends for one Request Tracker datasource; extra jsonData keys override.
func rtContext(dsID int64, r liveRT, token string, extra map[string]any) *pluginv2.PluginContext {
	settings := map[string]any{"url": r.url, "system": "rt", "ticketSQL": rtScope, "severityField": "Severity", "pollIntervalSeconds": 10}
	for k, v := range extra {
		settings[k] = v
	}
	jsonData, _ := json.Marshal(settings)
	return grafanahost.PluginContext(dsID, fmt.Sprintf("spacetime-rt-%d", dsID), fmt.Sprintf("Spacetime RT %d", dsID),
		jsonData, map[string]string{"authToken": token}, time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC))
}

// call sends one REST2 request to RT directly (not through the plugin) and decodes the answer.
func (r liveRT) call(t *testing.T, method, path string, body any, into any) {
	t.Helper()
	var rd *bytes.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	} else {
		rd = bytes.NewReader(nil)
	}
	req, _ := http.NewRequest(method, r.url+"/REST/2.0"+path, rd)
	req.Header.Set("Authorization", "token "+r.token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("RT %s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	var buf bytes.Buffer
	_, _ = buf.ReadFrom(resp.Body)
	if resp.StatusCode >= 300 {
		t.Fatalf("RT %s %s: %s: %s", method, path, resp.Status, buf.String())
	}
	if into != nil {
		if err := json.Unmarshal(buf.Bytes(), into); err != nil {
			t.Fatalf("RT %s %s: %v: %s", method, path, err, buf.String())
		}
	}
}

// create makes a ticket in queue Ops with the given custom field values; it returns its id.
func (r liveRT) create(t *testing.T, subject string, priority int, cfs map[string]string) string {
	t.Helper()
	var out struct {
		ID json.Number `json:"id"`
	}
	r.call(t, "POST", "/ticket", map[string]any{"Queue": "Ops", "Subject": subject, "Priority": priority, "CustomFields": cfs, "Content": "Made by the plugin-protocol test."}, &out)
	if out.ID == "" {
		t.Fatalf("RT gave no id for the new ticket %q", subject)
	}
	return out.ID.String()
}

func (r liveRT) update(t *testing.T, id string, fields map[string]any) {
	t.Helper()
	r.call(t, "PUT", "/ticket/"+id, fields, nil)
}

func (r liveRT) remove(t *testing.T, id string) {
	t.Helper()
	r.call(t, "DELETE", "/ticket/"+id, nil, nil)
}

// rtCounts is scripts/rt/counts.pl's answer: counts read straight from RT's database.
type rtCounts struct {
	Total    int            `json:"total"`
	Status   map[string]int `json:"status"`
	State    map[string]int `json:"state"`
	Service  map[string]int `json:"service"`
	Region   map[string]int `json:"region"`
	Severity map[string]int `json:"severity"`
}

// counts reads RT's database for tickets of the test queues opened in [from, to).
func (r liveRT) counts(t *testing.T, from, to time.Time) rtCounts {
	t.Helper()
	cmd := exec.Command("perl", filepath.Join(repoRoot(), "scripts", "rt", "counts.pl"))
	cmd.Env = append(os.Environ(), "COUNT_FROM="+from.UTC().Format(time.DateTime), "COUNT_TO="+to.UTC().Format(time.DateTime))
	if r.db != "" {
		cmd.Env = append(cmd.Env, "RT_DB="+r.db)
	}
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("counts.pl: %v", err)
	}
	var c rtCounts
	if err := json.Unmarshal(out, &c); err != nil {
		t.Fatalf("counts.pl: %v: %s", err, out)
	}
	return c
}

// script runs scripts/rt/rt.sh with the same state directory as the running RT.
func (r liveRT) script(t *testing.T, cmd string) {
	t.Helper()
	c := exec.Command(filepath.Join(repoRoot(), "scripts", "rt", "rt.sh"), cmd)
	if r.stateDir != "" {
		c.Env = append(os.Environ(), "RT_STATE_DIR="+r.stateDir)
	}
	if out, err := c.CombinedOutput(); err != nil {
		t.Fatalf("rt.sh %s: %v\n%s", cmd, err, out)
	}
}

func repoRoot() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..")
}

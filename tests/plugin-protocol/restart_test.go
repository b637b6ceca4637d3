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

// syncStatus is the plugin's sync resource.
type syncStatus struct {
	State      string `json:"state"`
	Tickets    int    `json:"tickets"`
	SnapshotAt int64  `json:"snapshotAt"`
	Polls      int    `json:"polls"`
}

func (g *grafana) syncStatus(t *testing.T, pc *pluginv2.PluginContext) syncStatus {
	t.Helper()
	res := g.callResource(t, pc, "sync", "")
	var st syncStatus
	if err := json.Unmarshal(res.Body, &st); err != nil {
		t.Fatalf("sync resource: %v: %s", err, res.Body)
	}
	return st
}

func (g *grafana) waitFor(t *testing.T, pc *pluginv2.PluginContext, what string, within time.Duration, ok func(syncStatus) bool) syncStatus {
	t.Helper()
	deadline := time.Now().Add(within)
	for {
		st := g.syncStatus(t, pc)
		if ok(st) {
			return st
		}
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %v waiting until %s: %+v\nplugin output:\n%s", within, what, st, g.logs.String())
		}
		time.Sleep(200 * time.Millisecond)
	}
}

func startPluginIn(t *testing.T, dir string) *grafana {
	t.Helper()
	logs := &grafanahost.LogBuffer{}
	h, err := grafanahost.StartIn(executable(t), logs, dir)
	if err != nil {
		t.Fatalf("%v\nplugin output:\n%s", err, logs.String())
	}
	t.Cleanup(h.Kill)
	return &grafana{Host: h, logs: logs}
}

func redmineScript(t *testing.T, cmd string) {
	t.Helper()
	_, file, _, _ := runtime.Caller(0)
	out, err := exec.Command(filepath.Join(filepath.Dir(file), "..", "..", "scripts", "redmine", "redmine.sh"), cmd).CombinedOutput()
	if err != nil {
		t.Fatalf("redmine.sh %s: %v\n%s", cmd, err, out)
	}
}

// answers runs every query type and returns, per query, its frames as JSON without notices: what a
// dashboard shows.
func answers(t *testing.T, g *grafana, pc *pluginv2.PluginContext, now time.Time) (map[string]string, []string) {
	t.Helper()
	from := now.Add(-7 * 24 * time.Hour)
	inRange := func(q *pluginv2.DataQuery) *pluginv2.DataQuery {
		q.TimeRange = &pluginv2.TimeRange{FromEpochMS: from.UnixMilli(), ToEpochMS: now.UnixMilli()}
		return q
	}
	res := g.queryData(t, pc,
		inRange(query("T", "tickets", `{"limit":100000,"sort":[{"field":"id"}]}`)),
		inRange(query("S", "timeseries", `{"groupBy":["severity"],"bucket":"1h"}`)),
		inRange(query("B", "breakdown", `{"groupBy":["service"],"topN":5}`)),
		inRange(query("N", "stats", `{"stats":["opened","open","closed","mttr"]}`)),
	)
	out := map[string]string{}
	var notices []string
	for _, ref := range []string{"T", "S", "B", "N"} {
		dr := res.Responses[ref]
		if dr == nil || dr.Error != "" {
			t.Fatalf("%s: %s\nplugin output:\n%s", ref, describe(dr), g.logs.String())
		}
		frames := decodeFrames(t, dr)
		for _, f := range frames {
			if f.Meta != nil {
				for _, n := range f.Meta.Notices {
					notices = append(notices, n.Text)
				}
				f.Meta.Notices = nil
				f.Meta.ExecutedQueryString = ""
			}
		}
		js, err := json.Marshal(frames)
		if err != nil {
			t.Fatal(err)
		}
		out[ref] = string(js)
	}
	return out, notices
}

// TestRestartAnswersFromTheSnapshotWhileRedmineIsDown restarts the plugin with Redmine stopped: every query
// type answers at once from the snapshot, with a notice; with Redmine back the sync catches up, and the
// store then equals a fresh backfill's.
func TestRestartAnswersFromTheSnapshotWhileRedmineIsDown(t *testing.T) {
	rm := redmineFromEnv(t)
	dir := t.TempDir()
	// A poll interval of 10 s (the shortest the settings allow), so the catch-up is seen within the test.
	settings := map[string]any{"url": rm.url, "system": "redmine", "project": rm.project, "pollIntervalSeconds": 10}
	jsonData, _ := json.Marshal(settings)
	pc := grafanahost.PluginContext(21, "spacetime-restart", "Spacetime restart", jsonData, map[string]string{"apiKey": rm.key},
		time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC))

	first := startPluginIn(t, dir)
	began := time.Now()
	ready := first.waitFor(t, pc, "the backfill is done", 3*time.Minute, func(s syncStatus) bool { return s.State == "ready" })
	t.Logf("cold start: %d tickets backfilled in %v", ready.Tickets, time.Since(began).Round(time.Millisecond))
	snapFile := filepath.Join(dir, "spacetime", "spacetime-restart.snap")
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		if _, err := os.Stat(snapFile); err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no snapshot at %s", snapFile)
		}
	}
	now := time.Now().Truncate(time.Second)
	before, _ := answers(t, first, pc, now)
	if err := first.KillHard(); err != nil {
		t.Fatal(err)
	}

	redmineScript(t, "stop")
	restarted := false
	t.Cleanup(func() {
		if !restarted {
			redmineScript(t, "start")
		}
	})
	second := startPluginIn(t, dir)
	began = time.Now()
	during, notices := answers(t, second, pc, now)
	t.Logf("warm start with Redmine down: every query type answered in %v", time.Since(began).Round(time.Millisecond))
	for ref, js := range before {
		if during[ref] != js {
			t.Errorf("%s from the snapshot differs from before the restart", ref)
		}
	}
	if len(notices) == 0 || !strings.Contains(strings.Join(notices, " "), "snapshot of") {
		t.Errorf("no snapshot notice on the frames: %q", notices)
	}
	t.Logf("notice while Redmine is down: %s", notices[0])

	redmineScript(t, "start")
	restarted = true
	created := createIssue(t, rm, "After the restart "+now.Format("150405"))
	t.Cleanup(func() { deleteIssue(t, rm, created) })
	second.waitFor(t, pc, "the sync catches up with Redmine", 60*time.Second, func(s syncStatus) bool {
		return s.State == "ready" && s.SnapshotAt == 0 && s.Tickets == ready.Tickets+1
	})
	if _, notices := answers(t, second, pc, time.Now()); len(notices) != 0 {
		t.Errorf("notices after the catch-up: %q", notices)
	}

	// A fresh backfill in another directory: the same answers as the caught-up store.
	fresh := startPluginIn(t, t.TempDir())
	fresh.waitFor(t, pc, "the fresh backfill is done", 3*time.Minute, func(s syncStatus) bool { return s.State == "ready" })
	now = time.Now().Truncate(time.Second)
	caughtUp, _ := answers(t, second, pc, now)
	backfilled, _ := answers(t, fresh, pc, now)
	for ref, js := range backfilled {
		if caughtUp[ref] != js {
			t.Errorf("%s after a restart and a catch-up differs from a fresh backfill", ref)
		}
	}
}

func createIssue(t *testing.T, rm liveRedmine, subject string) int64 {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"issue": map[string]any{"project_id": rm.project, "subject": subject}})
	req, _ := http.NewRequest("POST", rm.url+"/issues.json", bytes.NewReader(body))
	req.Header.Set("X-Redmine-API-Key", rm.key)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out struct {
		Issue struct {
			ID int64 `json:"id"`
		} `json:"issue"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil || out.Issue.ID == 0 {
		t.Fatalf("creating an issue: %s, %v", resp.Status, err)
	}
	return out.Issue.ID
}

func deleteIssue(t *testing.T, rm liveRedmine, id int64) {
	t.Helper()
	req, _ := http.NewRequest("DELETE", fmt.Sprintf("%s/issues/%d.json", rm.url, id), nil)
	req.Header.Set("X-Redmine-API-Key", rm.key)
	if resp, err := http.DefaultClient.Do(req); err == nil {
		resp.Body.Close()
	}
}

//go:build integration

// Package redminesync runs the ticket sync (Redmine connector, syncer, columnar store) against a live Redmine:
// backfill, an edit, a new ticket, a closed ticket, a deleted ticket, and Redmine stopped mid-sync and
// restarted. It stops and starts Redmine with scripts/redmine/redmine.sh.
//
//	scripts/redmine/redmine.sh up && set -a && . .cache/redmine/env && set +a
//	go test -tags integration -count=1 -v ./tests/redmine-sync/
package redminesync

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/spacetime/tickets/pkg/connector/redmine"
	"github.com/spacetime/tickets/pkg/engine"
	"github.com/spacetime/tickets/pkg/frames"
	"github.com/spacetime/tickets/pkg/query"
	"github.com/spacetime/tickets/pkg/store"
	"github.com/spacetime/tickets/pkg/syncer"
)

type live struct{ url, key string }

func (l live) do(t *testing.T, method, path string, body any) map[string]any {
	t.Helper()
	var rd *bytes.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	} else {
		rd = bytes.NewReader(nil)
	}
	req, _ := http.NewRequest(method, l.url+path, rd)
	req.Header.Set("X-Redmine-API-Key", l.key)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode >= 300 {
		t.Fatalf("%s %s: %s", method, path, resp.Status)
	}
	out := map[string]any{}
	_ = json.NewDecoder(resp.Body).Decode(&out)
	return out
}

func (l live) count(t *testing.T, q url.Values) int {
	q.Set("status_id", "*")
	q.Set("limit", "1")
	if p := os.Getenv("REDMINE_PROJECT"); p != "" {
		q.Set("project_id", p)
	}
	return int(l.do(t, "GET", "/issues.json?"+q.Encode(), nil)["total_count"].(float64))
}

func redmineScript(t *testing.T, cmd string) {
	t.Helper()
	_, file, _, _ := runtime.Caller(0)
	script := filepath.Join(filepath.Dir(file), "..", "..", "scripts", "redmine", "redmine.sh")
	out, err := exec.Command(script, cmd).CombinedOutput()
	if err != nil {
		t.Fatalf("redmine.sh %s: %v\n%s", cmd, err, out)
	}
}

// row returns what the store holds for ticket id.
func row(st *store.Store, id int64) (title, state string, resolved int64, ok bool) {
	st.Read(func(v *store.View) {
		for i := range v.Len() {
			if v.ID(i) == strconv.FormatInt(id, 10) {
				titles, _ := v.Text(store.KeyTitle)
				title, state, resolved, ok = strings.Clone(titles.At(i)), v.Category(store.KeyState).Value(i), v.Times(store.KeyResolved)[i], true
				return
			}
		}
	})
	return
}

func eventually(t *testing.T, what string, within time.Duration, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(within)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %v waiting until %s", within, what)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func TestSyncAgainstLiveRedmine(t *testing.T) {
	rm := live{url: strings.TrimRight(os.Getenv("REDMINE_URL"), "/"), key: os.Getenv("REDMINE_API_KEY")}
	if rm.url == "" || rm.key == "" {
		t.Fatal("set REDMINE_URL and REDMINE_API_KEY (scripts/redmine/redmine.sh up; set -a; . .cache/redmine/env)")
	}
	// The test project only: the same Redmine may hold the scenario's and the benchmark's projects.
	client := redmine.New(rm.url, rm.key, &http.Client{Timeout: 10 * time.Second}).InProject(os.Getenv("REDMINE_PROJECT"))
	conn := redmine.NewConnector(client, rm.url, frames.FixedFieldNames)
	st := store.New()
	window := 7 * 24 * time.Hour
	began := time.Now()
	s := syncer.New(conn, st, syncer.Config{Window: window, PollInterval: time.Second, Overlap: 2 * time.Minute}, "Redmine",
		func(err error) string { return err.Error() }, nil)
	s.Start()
	t.Cleanup(s.Stop)

	if !s.WaitReady(context.Background(), 2*time.Minute) {
		t.Fatalf("backfill did not finish: %+v", s.Status())
	}
	want := rm.count(t, url.Values{"created_on": {">=" + began.Add(-window).UTC().Format(time.RFC3339)}})
	if st.Len() != want || want == 0 {
		t.Fatalf("backfill loaded %d tickets; Redmine has %d opened in the window", st.Len(), want)
	}
	t.Logf("backfill: %d tickets in %v", st.Len(), time.Since(began).Round(time.Millisecond))

	nonce := time.Now().Format("150405.000")
	created := rm.do(t, "POST", "/issues.json", map[string]any{"issue": map[string]any{
		"project_id": os.Getenv("REDMINE_PROJECT"), "subject": "Sync test " + nonce, "priority_id": 4,
	}})
	id := int64(created["issue"].(map[string]any)["id"].(float64))
	t.Cleanup(func() { _ = deleteQuietly(rm, id) })

	t.Run("a new ticket arrives with the next poll", func(t *testing.T) {
		eventually(t, "the new ticket is in the store", 10*time.Second, func() bool { _, _, _, ok := row(st, id); return ok })
	})
	t.Run("an edit arrives with the next poll", func(t *testing.T) {
		rm.do(t, "PUT", fmt.Sprintf("/issues/%d.json", id), map[string]any{"issue": map[string]any{"subject": "Sync test edited " + nonce}})
		eventually(t, "the edited title is in the store", 10*time.Second, func() bool {
			title, _, _, _ := row(st, id)
			return title == "Sync test edited "+nonce
		})
	})
	t.Run("a closed ticket is closed with its resolved time", func(t *testing.T) {
		rm.do(t, "PUT", fmt.Sprintf("/issues/%d.json", id), map[string]any{"issue": map[string]any{"status_id": 5}})
		eventually(t, "the ticket is closed in the store", 10*time.Second, func() bool {
			_, state, resolved, _ := row(st, id)
			return state == "closed" && resolved > 0
		})
	})
	t.Run("a reopened ticket is open again: no resolved time, counted in open now, not in mttr", func(t *testing.T) {
		stat := func(name string) *float64 {
			q, _, err := query.ParseStats([]byte(fmt.Sprintf(`{"stats":[%q],"filters":[{"key":"id","operator":"=","value":"%d"}]}`, name, id)))
			if err != nil {
				t.Fatal(err)
			}
			frame, err := engine.Stats(st, q, engine.Request{From: time.Now().Add(-time.Hour), To: time.Now().Add(time.Minute)})
			if err != nil {
				t.Fatal(err)
			}
			v, ok := frame.Fields[0].ConcreteAt(0)
			if !ok {
				return nil
			}
			x := v.(float64)
			return &x
		}
		if open, mttr := stat(query.StatOpen), stat(query.StatMTTR); open == nil || *open != 0 || mttr == nil {
			t.Fatalf("closed: open %v, mttr %v; want 0 and a time", open, mttr)
		}
		rm.do(t, "PUT", fmt.Sprintf("/issues/%d.json", id), map[string]any{"issue": map[string]any{"status_id": 2}})
		issue := rm.do(t, "GET", fmt.Sprintf("/issues/%d.json", id), nil)["issue"].(map[string]any)
		t.Logf("Redmine after the reopen: status %v, closed_on %v", issue["status"], issue["closed_on"])
		eventually(t, "the ticket is open in the store", 10*time.Second, func() bool {
			_, state, resolved, _ := row(st, id)
			return state == "open" && resolved == 0
		})
		if open, mttr := stat(query.StatOpen), stat(query.StatMTTR); open == nil || *open != 1 || mttr != nil {
			t.Fatalf("reopened: open %v, mttr %v; want 1 and none", open, mttr)
		}
		rm.do(t, "PUT", fmt.Sprintf("/issues/%d.json", id), map[string]any{"issue": map[string]any{"status_id": 5}})
		eventually(t, "the ticket is closed again", 10*time.Second, func() bool {
			_, state, resolved, _ := row(st, id)
			return state == "closed" && resolved > 0
		})
	})
	t.Run("a deleted ticket is dropped by reconciliation", func(t *testing.T) {
		before := st.Len()
		rm.do(t, "DELETE", fmt.Sprintf("/issues/%d.json", id), nil)
		if err := s.Reconcile(context.Background()); err != nil {
			t.Fatal(err)
		}
		if _, _, _, ok := row(st, id); ok || st.Len() != before-1 {
			t.Fatalf("after reconcile: ticket present=%v, %d tickets (was %d)", ok, st.Len(), before)
		}
	})
	t.Run("Redmine stopped mid-sync: nothing lost, notice shown, sync resumes", func(t *testing.T) {
		before := st.Len()
		redmineScript(t, "stop")
		restarted := false
		t.Cleanup(func() {
			if !restarted {
				redmineScript(t, "start")
			}
		})
		eventually(t, "the sync reports Redmine down", 15*time.Second, func() bool { return s.Status().State == syncer.StateDegraded })
		if n := s.Notice(); !strings.Contains(n, "last good data") || !strings.Contains(n, "connect") {
			t.Errorf("notice while Redmine is down: %q", n)
		}
		if st.Len() != before {
			t.Errorf("the store changed from %d to %d tickets while Redmine was down", before, st.Len())
		}
		t.Logf("while down: %s", s.Notice())
		redmineScript(t, "start")
		restarted = true
		created := rm.do(t, "POST", "/issues.json", map[string]any{"issue": map[string]any{
			"project_id": os.Getenv("REDMINE_PROJECT"), "subject": "After restart " + nonce,
		}})
		id2 := int64(created["issue"].(map[string]any)["id"].(float64))
		t.Cleanup(func() { _ = deleteQuietly(rm, id2) })
		eventually(t, "the sync resumes and picks up a new ticket", 30*time.Second, func() bool {
			_, _, _, ok := row(st, id2)
			return ok && s.Status().State == syncer.StateReady
		})
		if n := s.Notice(); n != "" {
			t.Errorf("notice after recovery: %q", n)
		}
	})
}

func deleteQuietly(rm live, id int64) error {
	req, _ := http.NewRequest("DELETE", fmt.Sprintf("%s/issues/%d.json", rm.url, id), nil)
	req.Header.Set("X-Redmine-API-Key", rm.key)
	resp, err := http.DefaultClient.Do(req)
	if err == nil {
		resp.Body.Close()
	}
	return err
}

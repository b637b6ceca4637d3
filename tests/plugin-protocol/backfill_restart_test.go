//go:build integration

package pluginprotocol

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/spacetime/tickets/pkg/connector/jira/jiratest"
	"github.com/spacetime/tickets/tests/grafanahost"
)

// TestAKilledBackfillGoesOnFromItsSnapshot kills the built plugin (SIGKILL) in the middle of its first
// backfill from a replayed Jira Cloud that answers each search page in 300 ms, and starts it again in the
// same directory: it answers at once from the part its snapshot recorded, with a notice that the backfill
// is still running, fetches only the pages it is missing (counted at the replay server), and ends with the
// same answers as a fresh backfill.
func TestAKilledBackfillGoesOnFromItsSnapshot(t *testing.T) {
	const issues, perPage = 2000, 50
	now := time.Now().UTC()
	site := jiratest.New(t, jiratest.Cloud, jiratest.GenerateIssues(issues, now.Add(-6*24*time.Hour), 6*24*time.Hour/issues),
		jiratest.Options{PageCap: perPage, Latency: 300 * time.Millisecond})
	jsonData, _ := json.Marshal(map[string]any{"url": site.URL, "system": "jira-cloud", "email": jiratest.Email, "pollIntervalSeconds": 10,
		"backfillSlices": 4, "customFields": []map[string]any{{"id": jiratest.FieldService, "key": "service", "name": "Service"}}})
	pc := grafanahost.PluginContext(31, "spacetime-killed-backfill", "Spacetime killed backfill", jsonData,
		map[string]string{"apiToken": jiratest.APIToken}, time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC))
	searches := func() int { return len(jqlSearches(site)) }

	dir := t.TempDir()
	first := startPluginIn(t, dir)
	first.syncStatus(t, pc) // creates the instance: the backfill starts
	snapFile := filepath.Join(dir, "spacetime", "spacetime-killed-backfill.snap")
	for deadline := time.Now().Add(time.Minute); ; time.Sleep(50 * time.Millisecond) {
		_, err := os.Stat(snapFile)
		if err == nil && searches() >= 16 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no snapshot of the backfill at %s after %d searches: %+v\nplugin output:\n%s", snapFile, searches(), first.syncStatus(t, pc), first.logs.String())
		}
	}
	if st := first.syncStatus(t, pc); st.State != "backfilling" {
		t.Fatalf("the backfill is over before the kill (%+v): the test needs one in the middle", st)
	}
	if err := first.KillHard(); err != nil {
		t.Fatal(err)
	}
	time.Sleep(time.Second) // the searches the killed process had out are answered (and counted) by now
	beforeKill := searches()

	second := startPluginIn(t, dir)
	began := time.Now()
	_, notices := answers(t, second, pc, time.Now().Truncate(time.Second)) // the first request: the snapshot loads
	st := second.syncStatus(t, pc)
	t.Logf("restarted: %d tickets from the snapshot (state %s) answered in %v, after %d searches before the kill", st.Tickets, st.State,
		time.Since(began).Round(time.Millisecond), beforeKill)
	if st.State != "backfilling" || st.Tickets == 0 || st.Tickets >= issues || st.SnapshotAt == 0 {
		t.Fatalf("after the restart: %+v; want the snapshot's part of the backfill served while the rest loads\nplugin output:\n%s", st, second.logs.String())
	}
	if joined := strings.Join(notices, " "); !strings.Contains(joined, "From the snapshot of") || !strings.Contains(joined, "backfill from Jira Cloud is still running") {
		t.Errorf("notices while the backfill goes on: %q", notices)
	}
	fromSnapshot := st.Tickets
	second.waitFor(t, pc, "the resumed backfill is done", 2*time.Minute, func(s syncStatus) bool { return s.State == "ready" })
	resumed := searches() - beforeKill

	fresh := startPluginIn(t, t.TempDir())
	fresh.syncStatus(t, pc)
	atFresh := searches()
	fresh.waitFor(t, pc, "the fresh backfill is done", 2*time.Minute, func(s syncStatus) bool { return s.State == "ready" })
	full := searches() - atFresh
	// The missing tickets in pages, plus per listing (a slice, or half of one taken over by an idle slice) one
	// page cut short and one page read again (where the snapshot's record stopped, or where it was split).
	listings := map[string]bool{}
	for _, r := range jqlSearches(site)[beforeKill : beforeKill+resumed] {
		listings[r.JQL] = true
	}
	most := (issues-fromSnapshot+perPage-1)/perPage + 2*len(listings)
	t.Logf("searches: %d before the kill, %d in %d listings after the restart for the %d tickets missing (at most %d), %d for a fresh backfill",
		beforeKill, resumed, len(listings), issues-fromSnapshot, most, full)
	if resumed > most || resumed >= full {
		t.Errorf("the restart made %d searches for %d missing tickets (at most %d; a fresh backfill makes %d): it did not go on from the snapshot",
			resumed, issues-fromSnapshot, most, full)
	}

	at := time.Now().Truncate(time.Second)
	got, notices := answers(t, second, pc, at)
	want, _ := answers(t, fresh, pc, at)
	for ref, js := range want {
		if got[ref] != js {
			t.Errorf("%s after the resumed backfill differs from a fresh backfill", ref)
		}
	}
	if len(notices) != 0 {
		t.Errorf("notices after the resumed backfill: %q", notices)
	}
}

// jqlSearches are the site's issue searches, in the order they were answered.
func jqlSearches(site *jiratest.Server) []jiratest.Request {
	var out []jiratest.Request
	for _, r := range site.Requests() {
		if r.Path == "/rest/api/3/search/jql" {
			out = append(out, r)
		}
	}
	return out
}

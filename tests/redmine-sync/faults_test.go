//go:build integration

package redminesync

import (
	"context"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/spacetime/tickets/pkg/connector/httpapi/faultproxy"
	"github.com/spacetime/tickets/pkg/connector/redmine"
	"github.com/spacetime/tickets/pkg/frames"
	"github.com/spacetime/tickets/pkg/store"
	"github.com/spacetime/tickets/pkg/syncer"
)

// faultWindow covers every ticket of the test project, so the backfill pages through all of them.
const faultWindow = 60 * 24 * time.Hour

// record is what a user checks of a ticket: the fields the sync must carry over exactly.
type record struct {
	title, status, severity, state, tracker, category, service, region string
	opened, updated, resolved                                          int64
}

// truth lists the test project's issues opened since from, straight from Redmine (no proxy).
func (l live) truth(t *testing.T, from time.Time) map[string]record {
	t.Helper()
	out := map[string]record{}
	for offset := 0; ; offset += 100 {
		q := url.Values{"status_id": {"*"}, "limit": {"100"}, "offset": {strconv.Itoa(offset)}, "sort": {"id"},
			"created_on": {">=" + from.UTC().Format(time.RFC3339)}}
		if p := os.Getenv("REDMINE_PROJECT"); p != "" {
			q.Set("project_id", p)
		}
		body := l.do(t, "GET", "/issues.json?"+q.Encode(), nil)
		issues, _ := body["issues"].([]any)
		for _, x := range issues {
			is := x.(map[string]any)
			r := record{title: str(is["subject"]), status: named(is["status"]), severity: named(is["priority"]),
				tracker: named(is["tracker"]), category: named(is["category"]), state: "open",
				opened: ms(t, is["created_on"]), updated: ms(t, is["updated_on"])}
			if st, _ := is["status"].(map[string]any); st["is_closed"] == true {
				r.state, r.resolved = "closed", ms(t, is["closed_on"]) // resolved only while closed
			}
			cfs, _ := is["custom_fields"].([]any)
			for _, c := range cfs {
				cf := c.(map[string]any)
				switch cf["name"] {
				case "Service":
					r.service = str(cf["value"])
				case "Region":
					r.region = str(cf["value"])
				}
			}
			out[strconv.Itoa(int(is["id"].(float64)))] = r
		}
		if len(issues) == 0 || offset+len(issues) >= int(body["total_count"].(float64)) {
			return out
		}
	}
}

func str(v any) string { s, _ := v.(string); return s }

func named(v any) string {
	m, _ := v.(map[string]any)
	return str(m["name"])
}

func ms(t *testing.T, v any) int64 {
	s := str(v)
	if s == "" {
		return 0
	}
	at, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t.Fatalf("Redmine time %q: %v", s, err)
	}
	return at.UnixMilli()
}

// stored is what the store holds, as records by id.
func stored(st *store.Store) map[string]record {
	out := map[string]record{}
	st.Read(func(v *store.View) {
		titles, _ := v.Text(store.KeyTitle)
		dim := func(key string, i int) string {
			if c := v.Category(key); c != nil {
				return strings.Join(c.RowValues(i), ",")
			}
			return ""
		}
		for i := range v.Len() {
			out[v.ID(i)] = record{title: strings.Clone(titles.At(i)), status: dim(store.KeyStatus, i), severity: dim(store.KeySeverity, i),
				state: dim(store.KeyState, i), tracker: dim(redmine.DimTracker, i), category: dim(redmine.DimCategory, i),
				service: dim("service", i), region: dim("region", i), opened: v.Times(store.KeyOpened)[i],
				updated: v.Times(store.KeyUpdated)[i], resolved: v.Times(store.KeyResolved)[i]}
		}
	})
	return out
}

// sameAsRedmine checks that the store equals Redmine's truth. Other engineers' tests may add and delete
// tickets in the same project meanwhile, so the truth is read before and after: every ticket in both
// readings, unchanged between them, must be stored exactly; every stored ticket must be in one of them.
func sameAsRedmine(t *testing.T, st *store.Store, before, after map[string]record) (compared int) {
	t.Helper()
	got := stored(st)
	for id, want := range after {
		if b, ok := before[id]; !ok || b != want {
			continue
		}
		compared++
		if g, ok := got[id]; !ok {
			t.Errorf("ticket %s is in Redmine, not in the store", id)
		} else if g != want {
			t.Errorf("ticket %s:\n store   %v\n Redmine %v", id, g, want)
		}
	}
	for id := range got {
		if _, inBefore := before[id]; !inBefore {
			if _, inAfter := after[id]; !inAfter {
				t.Errorf("the store has ticket %s that Redmine does not", id)
			}
		}
	}
	if compared == 0 {
		t.Fatal("no ticket to compare: is the test project seeded?")
	}
	return compared
}

// faultySync starts a sync of the test project through proxy.
func faultySync(rm live, proxy *faultproxy.Proxy) (*store.Store, *syncer.Syncer) {
	client := redmine.New(proxy.URL(), rm.key, &http.Client{}).InProject(os.Getenv("REDMINE_PROJECT"))
	conn := redmine.NewConnector(client, rm.url, frames.FixedFieldNames)
	st := store.New()
	s := syncer.New(conn, st, syncer.Config{Window: faultWindow, PollInterval: time.Second, Overlap: 2 * time.Minute}, "Redmine",
		func(err error) string { return err.Error() }, nil)
	s.Start()
	return st, s
}

// TestSyncThroughFaults puts a fault-injecting proxy between the sync and the live Redmine: with 30 % of the
// answers failing (500, 503, 429 with Retry-After: 1, truncated JSON, an HTML page, a dropped connection, a
// 3 s stall) the backfill and the polls complete and the store equals Redmine; with every answer failing,
// the stale-data notice appears and nothing loaded is lost.
func TestSyncThroughFaults(t *testing.T) {
	rm := live{url: strings.TrimRight(os.Getenv("REDMINE_URL"), "/"), key: os.Getenv("REDMINE_API_KEY")}
	if rm.url == "" || rm.key == "" {
		t.Fatal("set REDMINE_URL and REDMINE_API_KEY (scripts/redmine/redmine.sh up; set -a; . .cache/redmine/env)")
	}
	from := time.Now().Add(-faultWindow)
	before := rm.truth(t, from)

	// Backfills through one proxy each: without faults, then three at 30 % (the share is exact over 20
	// requests; a backfill of the test project is ~8), each into a fresh store; every sync but the last is
	// stopped once backfilled, and each store is compared with Redmine at the end.
	var stores []*store.Store
	backfills := func(rate float64, rounds int) (*faultproxy.Proxy, *syncer.Syncer, []time.Duration) {
		proxy, err := faultproxy.New(rm.url, rate, 12)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(proxy.Close)
		var took []time.Duration
		var s *syncer.Syncer
		for r := 0; r < rounds; r++ {
			if s != nil {
				s.Stop()
			}
			began := time.Now()
			var st *store.Store
			st, s = faultySync(rm, proxy)
			t.Cleanup(s.Stop)
			if !s.WaitReady(context.Background(), 3*time.Minute) {
				t.Fatalf("backfill at %.0f %% faults did not finish: %+v (%v)", rate*100, s.Status(), proxy.Stats())
			}
			took = append(took, time.Since(began).Round(10*time.Millisecond))
			stores = append(stores, st)
		}
		return proxy, s, took
	}

	clean, cleanSync, d0 := backfills(0, 1)
	cleanSync.Stop()
	proxy, s, d30 := backfills(0.3, 3)
	st := stores[len(stores)-1]
	after := rm.truth(t, from)
	for _, each := range stores {
		sameAsRedmine(t, each, before, after)
	}
	faultStats := proxy.Stats()
	t.Logf("backfill of %d tickets through the fault proxy: 0 %% faults %v (%d requests); 30 %% faults %v (%s); each store equal to Redmine's",
		st.Len(), d0, clean.Stats().Requests, d30, faultStats)
	if faultStats.Faults() == 0 {
		t.Fatal("the proxy injected no fault")
	}

	t.Run("at 30 % faults the polls bring new tickets and edits, and the store equals Redmine", func(t *testing.T) {
		nonce := time.Now().Format("150405.000")
		created := rm.do(t, "POST", "/issues.json", map[string]any{"issue": map[string]any{
			"project_id": os.Getenv("REDMINE_PROJECT"), "subject": "Fault test " + nonce, "priority_id": 4,
		}})
		id := int64(created["issue"].(map[string]any)["id"].(float64))
		t.Cleanup(func() { _ = deleteQuietly(rm, id) })
		rm.do(t, "PUT", fmt.Sprintf("/issues/%d.json", id), map[string]any{"issue": map[string]any{"subject": "Fault test edited " + nonce, "status_id": 5}})
		polls := s.Status().Polls
		eventually(t, "the edited, closed ticket is in the store", 2*time.Minute, func() bool {
			title, state, resolved, _ := row(st, id)
			return title == "Fault test edited "+nonce && state == "closed" && resolved > 0
		})
		// One more complete poll after the change, then compare everything again.
		eventually(t, "two more polls complete", 2*time.Minute, func() bool { return s.Status().Polls >= polls+2 })
		before := rm.truth(t, from)
		sameAsRedmine(t, st, before, rm.truth(t, from))
		t.Logf("polls at 30 %% faults: %d so far; proxy %v", s.Status().Polls, proxy.Stats())
	})

	t.Run("at 100 % faults the stale-data notice appears and nothing loaded is lost", func(t *testing.T) {
		loaded := stored(st)
		proxy.SetRate(1)
		eventually(t, "the sync reports the failure", 3*time.Minute, func() bool { return s.Status().State == syncer.StateDegraded })
		notice := s.Notice()
		if !strings.Contains(notice, "Showing the last good data") || strings.Contains(notice, rm.key) {
			t.Errorf("notice at 100 %% faults: %q", notice)
		}
		if now := stored(st); !mapsEqual(now, loaded) {
			t.Errorf("the store changed at 100 %% faults: %d tickets, was %d", len(now), len(loaded))
		}
		t.Logf("at 100 %% faults: %s", notice)
		proxy.SetRate(0)
		eventually(t, "the sync recovers", 2*time.Minute, func() bool { return s.Status().State == syncer.StateReady })
		if n := s.Notice(); n != "" {
			t.Errorf("notice after recovery: %q", n)
		}
	})
}

func mapsEqual(a, b map[string]record) bool { return maps.Equal(a, b) }

package plugin

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/spacetime/tickets/pkg/connector/redmine/redminetest"
	"github.com/spacetime/tickets/pkg/settings"
	"github.com/spacetime/tickets/pkg/snapshot"
	"github.com/spacetime/tickets/pkg/store"
	"github.com/spacetime/tickets/pkg/syncer"
)

// snapshotInstance starts a datasource as NewDatasource does (snapshots in dir under uid), on a fake Redmine
// reached at publicURL, polling every poll.
func snapshotInstance(t *testing.T, srv *redminetest.Server, key, uid, dir string, poll time.Duration) *Datasource {
	t.Helper()
	target, _ := url.Parse(srv.URL)
	client := &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
		r = r.Clone(r.Context())
		r.URL.Scheme, r.URL.Host = target.Scheme, target.Host
		return http.DefaultTransport.RoundTrip(r)
	})}
	cfg, err := settings.Load(backend.DataSourceInstanceSettings{UID: uid,
		JSONData:                []byte(`{"url":"` + publicURL + `","system":"redmine","dataDir":"` + dir + `"}`),
		DecryptedSecureJSONData: map[string]string{"apiKey": key}})
	if err != nil {
		t.Fatal(err)
	}
	ds := newDatasource(cfg, nil, client, syncer.Config{Window: 2 * 24 * time.Hour, PollInterval: poll}, &captureLogger{})
	ds.keepSnapshots()
	ds.startSync()
	return ds
}

func titlesOf(st *store.Store) []string {
	var out []string
	st.Read(func(v *store.View) {
		titles, _ := v.Text(store.KeyTitle)
		for i := range v.Len() {
			out = append(out, strings.Clone(titles.At(i)))
		}
	})
	slices.Sort(out)
	return out
}

// TestAReplacedInstanceWritesNothingToItsSuccessorsSnapshot: Grafana's instance manager disposes an instance
// 5 s after the one that replaces it (new settings: here another Redmine key and so other tickets) has
// started on the same snapshot files. The old one's polls in those seconds must not land in the new one's
// change log: a restart would serve the old settings' tickets.
func TestAReplacedInstanceWritesNothingToItsSuccessorsSnapshot(t *testing.T) {
	dir := t.TempDir()
	start := time.Now().Add(-2 * time.Hour)
	oldIssues := redminetest.GenerateIssues(3, start)
	newIssues := redminetest.GenerateIssues(3, start)
	for i, is := range newIssues {
		is["id"], is["subject"] = 101+i, "new settings' issue"
	}
	const oldKey, newKey = "0ld0ld0ld0ld0ld0ld0ld0ld0ld0ld0ld0ld0ld0", "5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a"
	old := snapshotInstance(t, redminetest.NewServer(t, oldKey, oldIssues), oldKey, "ds-1", dir, 10*time.Millisecond)
	if !old.sync.WaitReady(t.Context(), 10*time.Second) {
		t.Fatal("the first instance did not load")
	}
	replacement := snapshotInstance(t, redminetest.NewServer(t, newKey, newIssues), newKey, "ds-1", dir, time.Hour)
	if !replacement.sync.WaitReady(t.Context(), 10*time.Second) {
		t.Fatal("the replacing instance did not load")
	}
	time.Sleep(300 * time.Millisecond) // the old instance polls on until Grafana disposes it
	old.Dispose()
	replacement.Dispose()

	// What a restart would load: the files as the replacing instance's settings read them.
	st := store.New()
	if _, _, ok := snapshot.New(dir, "ds-1", replacement.settings.Fingerprint, st, &captureLogger{}).Load(); !ok {
		t.Fatal("the replacing instance left no snapshot")
	}
	want := []string{"new settings' issue", "new settings' issue", "new settings' issue"}
	if got := titlesOf(st); !slices.Equal(got, want) {
		t.Fatalf("after a restart the snapshot of the new settings holds %q; want only their 3 issues", got)
	}
}

// Package connectortest is the sync harness the connector packages' tests share: a replay behind the
// fault-injecting proxy, a connector synced through it into a real store as the plugin syncs it, the store
// read back, and the outage every sync must ride out.
package connectortest

import (
	"context"
	"maps"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/spacetime/tickets/pkg/connector"
	"github.com/spacetime/tickets/pkg/connector/httpapi"
	"github.com/spacetime/tickets/pkg/connector/httpapi/faultproxy"
	"github.com/spacetime/tickets/pkg/store"
	"github.com/spacetime/tickets/pkg/syncer"
)

// Faulty puts the fault-injecting proxy in front of replay, failing 30 % of the requests (stalls of 300 ms),
// drawn from seed; it returns the proxy and the address to configure the connector with.
func Faulty(t testing.TB, replay http.Handler, seed uint64) (*faultproxy.Injector, string) {
	proxy := faultproxy.Wrap(replay, 0.3, seed)
	proxy.StallFor = 300 * time.Millisecond
	front := httptest.NewServer(proxy)
	t.Cleanup(front.Close)
	return proxy, front.URL
}

// QuickRetry is the connector tuning of the sync tests: attempts tries, 20 to 100 ms apart.
func QuickRetry(attempts int) []func(*httpapi.Options) {
	return []func(*httpapi.Options){func(o *httpapi.Options) {
		o.Retry = httpapi.Retry{Attempts: attempts, Base: 20 * time.Millisecond, Max: 100 * time.Millisecond}
	}}
}

// Sync backfills a 4-day window of conn (named system) into a new store, polling every 200 ms after, and
// fails the test when the backfill does not finish within 2 minutes. The sync stops when the test ends.
func Sync(t testing.TB, conn connector.Connector, system string, proxy *faultproxy.Injector) (*syncer.Syncer, *store.Store) {
	t.Helper()
	st := store.New()
	s := syncer.New(conn, st, syncer.Config{Window: 4 * 24 * time.Hour, PollInterval: 200 * time.Millisecond}, system,
		func(err error) string { return err.Error() }, nil)
	s.Start()
	t.Cleanup(s.Stop)
	began := time.Now()
	if !s.WaitReady(context.Background(), 2*time.Minute) {
		t.Fatalf("backfill at 30 %% faults did not finish: %+v (%v)", s.Status(), proxy.Stats())
	}
	t.Logf("backfill: %v", time.Since(began).Round(time.Millisecond))
	return s, st
}

// TitlesAndStates is what a user sees of the store's tickets: id → "title · state".
func TitlesAndStates(st *store.Store) map[string]string {
	out := map[string]string{}
	st.Read(func(v *store.View) {
		titles, _ := v.Text(store.KeyTitle)
		state := v.Category(store.KeyState)
		for i := range v.Len() {
			out[v.ID(i)] = titles.At(i) + " · " + strings.Join(state.RowValues(i), "")
		}
	})
	return out
}

// Eventually waits (up to within) until ok, and logs how long it took.
func Eventually(t testing.TB, what string, within time.Duration, ok func() bool) {
	t.Helper()
	began := time.Now()
	defer func() { t.Logf("%s: %v", what, time.Since(began).Round(time.Millisecond)) }()
	deadline := time.Now().Add(within)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not within %v", what, within)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// RidesOutAnOutage fails every request: the sync must report it with the stale-data notice and keep every
// ticket it loaded (read, the store as the test reads it); once the system answers again, it recovers.
func RidesOutAnOutage[V comparable](t testing.TB, s *syncer.Syncer, proxy *faultproxy.Injector, read func() map[string]V) {
	t.Helper()
	loaded := read()
	proxy.SetRate(1)
	Eventually(t, "the sync reports the failure", time.Minute, func() bool { return s.Status().State == syncer.StateDegraded })
	if n := s.Notice(); !strings.Contains(n, "Showing the last good data") {
		t.Errorf("notice at 100 %% faults: %q", n)
	}
	if !maps.Equal(read(), loaded) {
		t.Errorf("the store changed at 100 %% faults")
	}
	proxy.SetRate(0)
	Eventually(t, "the sync recovers", time.Minute, func() bool { return s.Status().State == syncer.StateReady })
}

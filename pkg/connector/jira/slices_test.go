package jira_test

import (
	"context"
	"maps"
	"sync"
	"testing"
	"time"

	"github.com/spacetime/tickets/pkg/connector"
	"github.com/spacetime/tickets/pkg/connector/httpapi"
	"github.com/spacetime/tickets/pkg/connector/jira"
	"github.com/spacetime/tickets/pkg/connector/jira/jiratest"
	"github.com/spacetime/tickets/pkg/store"
	"github.com/spacetime/tickets/pkg/syncer"
)

// deliveries wraps a connector and counts how often each ticket reaches the syncer through Opened.
type deliveries struct {
	*jira.Connector
	mu       sync.Mutex
	seen     map[string]int
	listings int
}

func (d *deliveries) Opened(ctx context.Context, from, to time.Time, page connector.PageFunc) error {
	d.mu.Lock()
	d.listings++
	d.mu.Unlock()
	return d.Connector.Opened(ctx, from, to, func(p connector.Page) error {
		d.mu.Lock()
		for _, t := range p.Tickets {
			d.seen[t.ID]++
		}
		d.mu.Unlock()
		return page(p)
	})
}

// TestConcurrentBackfillKeepsTheRateLimit backfills 4 slices at once from a replayed Jira Cloud that answers
// each search page in 300 ms and allows 6 requests a second: the server sees several requests at once (faster
// than one at a time), never more than the 4 slices, never more than 6 in a second, and refuses none; the
// store then holds every issue, none delivered twice but where a slice took over half of another's.
func TestConcurrentBackfillKeepsTheRateLimit(t *testing.T) {
	now := time.Now().UTC()
	site := jiratest.New(t, jiratest.Cloud, jiratest.GenerateIssues(600, now.Add(-4*24*time.Hour), 9*time.Minute),
		jiratest.Options{PageCap: 20, Latency: 300 * time.Millisecond, RateLimit: jiratest.RateLimit{Requests: 6, Window: time.Second}})
	conn := &deliveries{seen: map[string]int{}, Connector: jira.New(jira.Config{Flavor: jira.Cloud, Site: site.URL,
		Auth: jira.Auth{User: jiratest.Email, Secret: jiratest.APIToken}, CustomFields: []jira.CustomField{{ID: jiratest.FieldService, Key: "service", Name: "Service"}},
		Tune: []func(*httpapi.Options){func(o *httpapi.Options) { o.Retry = httpapi.Retry{Attempts: 3, Base: 10 * time.Millisecond} }}})}
	st := store.New()
	s := syncer.New(conn, st, syncer.Config{Window: 5 * 24 * time.Hour, Slices: 4, PollInterval: time.Hour}, "Jira Cloud",
		func(err error) string { return err.Error() }, nil)
	began := time.Now()
	s.Start()
	t.Cleanup(s.Stop)
	if !s.WaitReady(context.Background(), 2*time.Minute) {
		t.Fatalf("backfill did not finish: %+v", s.Status())
	}
	load := site.Load()
	t.Logf("backfill of %d issues in %d searches: %v; the server saw %+v", st.Len(), len(site.Searches()), time.Since(began).Round(time.Millisecond), load)
	if load.Peak < 2 || load.Peak > 4 {
		t.Errorf("at most %d requests at once; want between 2 (faster than one at a time) and the 4 slices", load.Peak)
	}
	if load.Refused != 0 || load.MaxPerWindow > 6 {
		t.Errorf("the rate limit of 6 a second was exceeded: %d in one second, %d refused", load.MaxPerWindow, load.Refused)
	}
	if got, want := stored(st), truth(site); !maps.Equal(got, want) {
		t.Fatalf("the store has %d tickets, the site %d, or they differ", len(got), len(want))
	}
	// A slice that takes over half of a busy one costs a listing and at most one page (20) read twice.
	twice := 0
	for _, n := range conn.seen {
		twice += n - 1
	}
	if twice > 20*(conn.listings-4) {
		t.Errorf("%d tickets delivered twice in %d listings: the slices overlap", twice, conn.listings)
	}
}

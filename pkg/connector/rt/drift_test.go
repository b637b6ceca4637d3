package rt

import (
	"context"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/spacetime/tickets/pkg/connector"
	"github.com/spacetime/tickets/pkg/connector/httpapi"
)

// TestEveryPageOfALongListingAsksForTheSameTimes: RT reads "now - N seconds" when each page's search runs, so
// a listing that takes minutes must not send one relative string for all its pages: its bounds would move
// later with every page, and the oldest tickets of the range would fall out of the search before their page.
func TestEveryPageOfALongListingAsksForTheSameTimes(t *testing.T) {
	var mu sync.Mutex
	now := testNow
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	var items []map[string]any
	for i := 250; i >= 1; i-- {
		items = append(items, item(i, "t", "open", "50", testNow.Add(-3*time.Hour+time.Duration(i)*time.Minute/2), "", nil))
	}
	rp := &replay{now: testNow, inactive: map[string]bool{"resolved": true}, items: items}
	type asked struct {
		at    time.Time
		query string
	}
	var searches []asked
	rp.fail = func(r *http.Request) (int, string) {
		if r.URL.Path == "/REST/2.0/tickets" {
			if q := r.URL.Query().Get("query"); regexp.MustCompile(`^\(?Created >=`).MatchString(q) {
				searches = append(searches, asked{rp.now, q})
			}
		}
		return 0, ""
	}
	srv := httptest.NewServer(rp)
	t.Cleanup(srv.Close)
	c := New(Config{URL: srv.URL, Now: clock, Auth: Auth{Token: "1-35-secrettoken0123456789"},
		Reserved: []string{"id", "title", "severity", "status", "state", "url"},
		Tune:     []func(*httpapi.Options){func(o *httpapi.Options) { o.Retry = httpapi.Retry{Attempts: 1} }}})
	from, to := testNow.Add(-3*time.Hour), testNow.Add(-time.Hour)
	pass := func() error { // two minutes between pages (a throttled backfill waits its turn)
		rp.mu.Lock()
		rp.now = rp.now.Add(2 * time.Minute)
		rp.mu.Unlock()
		mu.Lock()
		now = now.Add(2 * time.Minute)
		mu.Unlock()
		return nil
	}
	if err := c.Opened(context.Background(), from, to, func(connector.Page) error { return pass() }); err != nil {
		t.Fatal(err)
	}
	if len(searches) != 3 {
		t.Fatalf("%d searches, want 3 pages", len(searches))
	}
	bound := regexp.MustCompile(`Created >= 'now - (\d+) seconds'`)
	var lows []string
	for _, s := range searches {
		m := bound.FindStringSubmatch(s.query)
		if m == nil {
			t.Fatalf("search %q has no lower bound", s.query)
		}
		secs, _ := strconv.Atoi(m[1])
		lows = append(lows, s.at.Add(-time.Duration(secs)*time.Second).Format(time.TimeOnly))
	}
	want := from.Add(-margin).Format(time.TimeOnly)
	for i, low := range lows {
		if low != want {
			t.Errorf("page %d asked RT for tickets created from %s, want %s (every page: %v)", i+1, low, want, lows)
			break
		}
	}
}

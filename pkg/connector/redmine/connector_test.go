package redmine_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/spacetime/tickets/pkg/connector"
	"github.com/spacetime/tickets/pkg/connector/redmine"
	"github.com/spacetime/tickets/pkg/connector/redmine/redminetest"
)

var start = time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)

func collect(t *testing.T, run func(connector.PageFunc) error) (ids []int64, pages int) {
	t.Helper()
	err := run(func(p connector.Page) error {
		pages++
		for _, tk := range p.Tickets {
			if tk.ID != strconv.FormatInt(tk.Number, 10) || tk.SourceID != "" {
				t.Errorf("ticket %q has number %d, source id %q", tk.ID, tk.Number, tk.SourceID)
			}
			ids = append(ids, tk.Number)
		}
		if p.Fetched > p.Total {
			t.Errorf("fetched %d of %d", p.Fetched, p.Total)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return ids, pages
}

func TestOpenedPagesTheRangeNewestFirst(t *testing.T) {
	srv := redminetest.NewServer(t, key, redminetest.GenerateIssues(250, start)) // issue i opened i minutes after start
	c := redmine.NewConnector(newClient(srv.URL, srv.Client()), srv.URL, nil)
	ids, pages := collect(t, func(p connector.PageFunc) error {
		return c.Opened(context.Background(), start.Add(11*time.Minute), start.Add(231*time.Minute), p)
	})
	if len(ids) != 220 || ids[0] != 230 || ids[len(ids)-1] != 11 || pages != 3 {
		t.Fatalf("got %d ids in %d pages (first %d, last %d); want 11..230 newest first in 3 pages", len(ids), pages, ids[0], ids[len(ids)-1])
	}
}

func TestChangedListsUpdatesSince(t *testing.T) {
	srv := redminetest.NewServer(t, key, redminetest.GenerateIssues(30, start))
	c := redmine.NewConnector(newClient(srv.URL, srv.Client()), srv.URL, nil)
	ids, _ := collect(t, func(p connector.PageFunc) error { return c.Changed(context.Background(), start.Add(25*time.Minute), p) })
	slices.Sort(ids)
	if !slices.Equal(ids, []int64{25, 26, 27, 28, 29, 30}) {
		t.Fatalf("changed since minute 25: %v", ids)
	}
}

func TestExistingAsksByIDs(t *testing.T) {
	srv := redminetest.NewServer(t, key, redminetest.GenerateIssues(5, start))
	srv.Remove(3)
	c := redmine.NewConnector(newClient(srv.URL, srv.Client()), srv.URL, nil)
	got, err := c.Existing(context.Background(), []string{"2", "3", "4", "PROJ-1"})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || !got["2"] || got["3"] || !got["4"] {
		t.Fatalf("existing = %v, want 2 and 4", got)
	}
}

func TestSeveritiesInRedmineOrderWithColours(t *testing.T) {
	srv := redminetest.NewServer(t, key, nil)
	c := redmine.NewConnector(newClient(srv.URL, srv.Client()), srv.URL, nil)
	sev, err := c.Severities(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(sev) != 5 || sev[0].Name != "Low" || sev[4].Name != "Immediate" || sev[4].Rank != 4 || sev[4].Color != "dark-red" {
		t.Fatalf("severities = %+v", sev)
	}
}

func TestALongRetryAfterIsTheCallersWait(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "120")
		w.WriteHeader(http.StatusTooManyRequests)
	}))
	defer srv.Close()
	c := redmine.NewConnector(newClient(srv.URL, srv.Client()), srv.URL, nil)
	err := c.Changed(context.Background(), start, func(connector.Page) error { return nil })
	if wait, ok := connector.RetryAfter(err); !ok || wait != 120*time.Second {
		t.Fatalf("err %v: wait %v %v, want 120s", err, wait, ok)
	}
}

func TestAShortRetryAfterIsWaitedOut(t *testing.T) {
	issues := redminetest.NewServer(t, key, redminetest.GenerateIssues(250, start))
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) == 2 { // the second page
			w.Header().Set("Retry-After", "1")
			w.WriteHeader(http.StatusTooManyRequests)
			return
		}
		issues.Config.Handler.ServeHTTP(w, r)
	}))
	defer srv.Close()
	c := redmine.NewConnector(newClient(srv.URL, srv.Client()), srv.URL, nil)
	began := time.Now()
	ids, pages := collect(t, func(p connector.PageFunc) error { return c.Changed(context.Background(), start, p) })
	if len(ids) != 250 || pages != 3 || n.Load() != 4 {
		t.Fatalf("%d ids in %d pages after %d requests; want 250 in 3 pages, 4 requests", len(ids), pages, n.Load())
	}
	if waited := time.Since(began); waited < time.Second {
		t.Fatalf("Retry-After: 1 not honoured: done after %v", waited)
	}
}

// Issues backdated in Redmine's database are not in id order: Opened lists by creation time, newest first.
func TestOpenedIsNewestFirstByCreationNotID(t *testing.T) {
	issues := redminetest.GenerateIssues(150, start)
	issues[0]["created_on"] = start.Add(200 * time.Minute).Format(time.RFC3339) // issue 1, created last
	srv := redminetest.NewServer(t, key, issues)
	c := redmine.NewConnector(newClient(srv.URL, srv.Client()), srv.URL, nil)
	var first []int64
	err := c.Opened(context.Background(), start, start.Add(time.Hour*4), func(p connector.Page) error {
		if first == nil {
			for _, tk := range p.Tickets {
				first = append(first, tk.Number)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(first, 1) || slices.Contains(first, 50) {
		t.Fatalf("first page %v: want issue 1 (created last) in it and issue 50 not", first)
	}
}

package gitlab_test

import (
	"context"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/spacetime/tickets/pkg/connector"
	"github.com/spacetime/tickets/pkg/connector/gitlab"
	"github.com/spacetime/tickets/pkg/connector/gitlab/gitlabtest"
	"github.com/spacetime/tickets/pkg/connector/httpapi"
	"github.com/spacetime/tickets/pkg/connector/replay"
	"github.com/spacetime/tickets/pkg/tickets"
)

var base = time.Date(2026, 11, 20, 8, 0, 0, 0, time.UTC)

func fast(o *httpapi.Options) {
	o.Retry = httpapi.Retry{Base: time.Millisecond, Max: 5 * time.Millisecond, MaxWait: 2 * time.Second}
}

func newConnector(srv *gitlabtest.Server, tune func(*gitlab.Config)) *gitlab.Connector {
	cfg := gitlab.Config{URL: srv.URL, Groups: []string{gitlabtest.Group}, Token: gitlabtest.Token, HTTPClient: srv.Client(), Tune: []func(*httpapi.Options){fast}}
	if tune != nil {
		tune(&cfg)
	}
	return gitlab.New(cfg)
}

type collected struct {
	byID   map[string]tickets.Ticket
	dims   []tickets.Dimension
	totals []int
}

func collect(t *testing.T, run func(connector.PageFunc) error) collected {
	t.Helper()
	c := collected{byID: map[string]tickets.Ticket{}}
	err := run(func(p connector.Page) error {
		for _, d := range p.Dimensions {
			if !slices.ContainsFunc(c.dims, func(e tickets.Dimension) bool { return e.Key == d.Key }) {
				c.dims = append(c.dims, d)
			}
		}
		c.totals = append(c.totals, p.Total)
		for _, tk := range p.Tickets {
			if _, dup := c.byID[tk.ID]; dup {
				t.Errorf("ticket %s delivered twice", tk.ID)
			}
			c.byID[tk.ID] = tk
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func (c collected) ids() []string {
	var out []string
	for id := range c.byID {
		out = append(out, id)
	}
	sort.Strings(out)
	return out
}

func opened(t *testing.T, conn *gitlab.Connector, from, to time.Time) collected {
	return collect(t, func(pf connector.PageFunc) error { return conn.Opened(context.Background(), from, to, pf) })
}

func TestAGroupsIssuesAndIncidentsAreMappedWithScopedLabels(t *testing.T) {
	srv := gitlabtest.New(t, gitlabtest.SampleProjects(), gitlabtest.SampleIssues(base), gitlabtest.Options{})
	got := opened(t, newConnector(srv, nil), base.Add(-time.Hour), base.Add(24*time.Hour))
	want := []string{"acme/platform/payments#1", "acme/platform/payments#2", "acme/shop#1", "acme/shop#2", "acme/shop#3"}
	if !reflect.DeepEqual(got.ids(), want) {
		t.Fatalf("ids %v, want %v (subgroup included, other group and deleted issue left out)", got.ids(), want)
	}
	one := got.byID["acme/shop#1"]
	if one.Severity != "critical" || one.Status != "open" || one.Closed || one.Number != 1 || one.Title != "Checkout 502s" ||
		one.URL != srv.URL+"/acme/shop/-/issues/incident/1" || one.Description != "Payments fail." {
		t.Errorf("acme/shop#1 = %+v", one)
	}
	for k, v := range map[string][]string{"project": {"acme/shop"}, "type": {"incident"}, "milestone": {"18.6"}, "assignees": {"alice"},
		"labels": {"service::checkout", "region::eu-west", "bug"}, "service": {"checkout"}, "region": {"eu-west"}} {
		if !reflect.DeepEqual(one.Dimensions[k], v) {
			t.Errorf("acme/shop#1 %s = %v, want %v", k, one.Dimensions[k], v)
		}
	}
	if two := got.byID["acme/shop#2"]; two.Severity != "medium" || !two.Closed || two.Resolved == nil || two.Dimensions["status_label"][0] != "doing" {
		t.Errorf("severity::3 closed issue: %+v", two)
	}
	if three := got.byID["acme/shop#3"]; three.Severity != "critical" {
		t.Errorf("severity::1 beats the incident's LOW: %q", three.Severity)
	}
	if p := got.byID["acme/platform/payments#1"]; p.Severity != "high" || !reflect.DeepEqual(p.Dimensions["assignees"], []string{"bob", "carol"}) {
		t.Errorf("incident HIGH: %+v", p)
	}
	if task := got.byID["acme/platform/payments#2"]; task.Severity != "" || task.Dimensions["type"][0] != "task" {
		t.Errorf("task: %+v", task)
	}
	keys := []string{}
	for _, d := range got.dims {
		keys = append(keys, d.Key)
	}
	for _, k := range []string{"project", "type", "milestone", "assignees", "labels", "region", "service", "status_label", "team"} {
		if !slices.Contains(keys, k) {
			t.Errorf("dimension %s missing from %v", k, keys)
		}
	}
	if q := srv.LastQuery("groups/:id/issues"); q.Get("order_by") != "created_at" || q.Get("sort") != "desc" || q.Get("per_page") != "100" || q.Get("state") != "all" {
		t.Errorf("the group listing asked %v", q)
	}
}

func TestKeysetWhereOfferedOffsetElseAndTotalsAbsentAboveTheCap(t *testing.T) {
	issues := gitlabtest.GenerateIssues(230, "acme/shop", base, 10*time.Minute, 1)
	for _, c := range []struct {
		name string
		opts gitlabtest.Options
	}{
		{"keyset (GitLab 18.3+)", gitlabtest.Options{Keyset: true}},
		{"offset with Link (older GitLab)", gitlabtest.Options{}},
		{"offset with X-Next-Page only", gitlabtest.Options{NoLink: true}},
		{"offset above the totals cap", gitlabtest.Options{TotalsCap: 100}},
	} {
		t.Run(c.name, func(t *testing.T) {
			srv := gitlabtest.New(t, gitlabtest.SampleProjects(), slices.Clone(issues), c.opts)
			conn := newConnector(srv, func(cfg *gitlab.Config) { cfg.Groups, cfg.Projects, cfg.PageSize = nil, []string{"acme/shop"}, 50 })
			got := opened(t, conn, base, base.Add(100*time.Hour))
			if len(got.byID) != 230 {
				t.Fatalf("%d tickets, want 230", len(got.byID))
			}
			if n := srv.Requests("projects/:id/issues"); n != 5 {
				t.Errorf("%d requests for 230 issues at 50 a page", n)
			}
			q := srv.LastQuery("projects/:id/issues")
			keyset := q.Get("cursor") != ""
			if keyset != c.opts.Keyset {
				t.Errorf("keyset paging used: %v (query %v)", keyset, q)
			}
			wantTotal := 230
			if c.opts.Keyset || c.opts.TotalsCap == 100 {
				wantTotal = -1
			}
			if got.totals[0] != wantTotal {
				t.Errorf("total %d, want %d", got.totals[0], wantTotal)
			}
			// A sub-range is exact.
			part := opened(t, conn, base.Add(5*time.Hour), base.Add(10*time.Hour))
			if len(part.byID) != 30 {
				t.Errorf("5 hours hold %d tickets, want 30", len(part.byID))
			}
		})
	}
}

func TestChangedAskUpdatedAfterInOrderAndAFailedSourceCatchesUp(t *testing.T) {
	srv := gitlabtest.New(t, gitlabtest.SampleProjects(), gitlabtest.SampleIssues(base), gitlabtest.Options{Keyset: true})
	conn := newConnector(srv, func(cfg *gitlab.Config) {
		cfg.Groups, cfg.Projects = nil, []string{"acme/shop", "acme/platform/payments"}
		cfg.Concurrency = 1
		cfg.Tune = append(cfg.Tune, func(o *httpapi.Options) { o.Retry.Attempts = 1 })
	})
	ctx := context.Background()
	got := collect(t, func(pf connector.PageFunc) error { return conn.Changed(ctx, base.Add(3*time.Hour+30*time.Minute), pf) })
	if want := []string{"acme/platform/payments#1", "acme/platform/payments#2", "acme/shop#2"}; !reflect.DeepEqual(got.ids(), want) {
		t.Fatalf("changed %v, want %v", got.ids(), want)
	}
	q := srv.LastQuery("projects/:id/issues")
	if q.Get("updated_after") == "" || q.Get("order_by") != "updated_at" || q.Get("sort") != "asc" || q.Get("pagination") != "keyset" {
		t.Errorf("poll query %v", q)
	}
	srv.Edit("acme/shop#1", func(is *gitlabtest.Issue) { is.Updated = base.Add(10 * time.Hour) })
	srv.Fail("", replay.ServerError) // shop (listed first) fails
	srv.Edit("acme/platform/payments#1", func(is *gitlabtest.Issue) { is.Updated = base.Add(11 * time.Hour) })
	if err := conn.Changed(ctx, base.Add(9*time.Hour), func(connector.Page) error { return nil }); err == nil {
		t.Fatal("the poll did not fail")
	}
	got = collect(t, func(pf connector.PageFunc) error { return conn.Changed(ctx, base.Add(11*time.Hour-2*time.Minute), pf) })
	if _, ok := got.byID["acme/shop#1"]; !ok {
		t.Fatalf("shop#1's edit was lost: %v", got.ids())
	}
}

func TestDeletedIssuesAreGone(t *testing.T) {
	srv := gitlabtest.New(t, gitlabtest.SampleProjects(), gitlabtest.SampleIssues(base), gitlabtest.Options{})
	exist, err := newConnector(srv, nil).Existing(context.Background(), []string{"acme/shop#1", "acme/shop#4", "acme/platform/payments#1", "acme/shop#99"})
	if err != nil {
		t.Fatal(err)
	}
	if want := map[string]bool{"acme/shop#1": true, "acme/shop#4": false, "acme/platform/payments#1": true, "acme/shop#99": false}; !reflect.DeepEqual(exist, want) {
		t.Fatalf("existing %v, want %v", exist, want)
	}
}

func TestRateLimitsAndFaults(t *testing.T) {
	srv := gitlabtest.New(t, gitlabtest.SampleProjects(), gitlabtest.SampleIssues(base), gitlabtest.Options{})
	var waits []time.Duration
	conn := newConnector(srv, func(cfg *gitlab.Config) {
		cfg.Tune = append(cfg.Tune, func(o *httpapi.Options) {
			o.Retry.Attempts = 6
			o.OnAttempt = func(_ *httpapi.Error, wait time.Duration) { waits = append(waits, wait) }
		})
	})
	srv.Fail("", replay.RateLimited, replay.ServerError, replay.BadGateway, replay.Malformed, replay.HTMLPage)
	got := opened(t, conn, base.Add(-time.Hour), base.Add(24*time.Hour))
	if len(got.byID) != 5 || len(waits) != 5 || waits[0] != time.Second {
		t.Fatalf("through five faults: %d tickets, waits %v", len(got.byID), waits)
	}
	if b := conn.Budget(); b.Limit != 2000 || b.Remaining <= 0 || b.Reset.IsZero() {
		t.Errorf("budget %+v", b)
	}
	// A 429 with nothing to say waits a minute: the request hands that to the sync.
	srv.Fail("", replay.BareTooMany)
	err := newConnector(srv, nil).Opened(context.Background(), base, base.Add(time.Hour), func(connector.Page) error { return nil })
	if w, ok := connector.RetryAfter(err); !ok || w != time.Minute {
		t.Fatalf("a bare 429: wait %v %v, err %v", w, ok, err)
	}
	// A spent window: 429 with Retry-After and RateLimit-Remaining 0.
	tight := gitlabtest.New(t, gitlabtest.SampleProjects(), gitlabtest.SampleIssues(base), gitlabtest.Options{RateLimit: 1})
	c2 := newConnector(tight, func(cfg *gitlab.Config) {
		cfg.Tune = append(cfg.Tune, func(o *httpapi.Options) { o.Retry.MaxWait = time.Millisecond })
	})
	err = c2.Opened(context.Background(), base, base.Add(time.Hour), func(connector.Page) error { return nil })
	_ = c2.Opened(context.Background(), base, base.Add(time.Hour), func(connector.Page) error { return nil })
	_, err = c2.Check(context.Background(), base)
	if httpapi.KindOf(err) != httpapi.KindRateLimited {
		t.Fatalf("a spent window: %v", err)
	}
	bad := newConnector(srv, func(cfg *gitlab.Config) { cfg.Token = "glpat-wrongwrongwrong" })
	_, err = bad.Check(context.Background(), base)
	if httpapi.KindOf(err) != httpapi.KindAuth || strings.Contains(err.Error(), "wrongwrong") {
		t.Fatalf("bad token: %v", err)
	}
}

func TestSaveAndTestCounts(t *testing.T) {
	issues := append(gitlabtest.SampleIssues(base), gitlabtest.GenerateIssues(150, "acme/shop", base, time.Minute, 100)...)
	srv := gitlabtest.New(t, gitlabtest.SampleProjects(), issues, gitlabtest.Options{})
	h, err := newConnector(srv, func(cfg *gitlab.Config) { cfg.Projects = []string{"other/tools"} }).Check(context.Background(), base.Add(-time.Hour))
	if err != nil || h.Username != gitlabtest.Username || h.Count != 156 || !reflect.DeepEqual(h.Sources, []string{"other/tools", "acme"}) {
		t.Fatalf("health %+v, %v", h, err)
	}
	capped := gitlabtest.New(t, gitlabtest.SampleProjects(), issues, gitlabtest.Options{TotalsCap: 100})
	if h, err := newConnector(capped, nil).Check(context.Background(), base.Add(-time.Hour)); err != nil || h.Count != -1 {
		t.Fatalf("above the cap: %+v, %v", h, err)
	}
	_, err = newConnector(srv, func(cfg *gitlab.Config) { cfg.Groups = []string{"nope"} }).Check(context.Background(), base)
	var se *gitlab.SourceError
	if !asSourceError(err, &se) || se.Kind != "group" || se.Ref != "nope" {
		t.Fatalf("unknown group: %v", err)
	}
}

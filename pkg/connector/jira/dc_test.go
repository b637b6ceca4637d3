package jira

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/spacetime/tickets/pkg/connector/httpapi"
	"github.com/spacetime/tickets/pkg/connector/jira/jiratest"
	"github.com/spacetime/tickets/pkg/connector/replay"
)

func TestDataCenterFollowsACappedPageSize(t *testing.T) {
	s := jiratest.New(t, jiratest.DataCenter, jiratest.GenerateIssues(230, start, time.Minute), jiratest.Options{PageCap: 50})
	got := backfill(t, dcConnector(s), start, start.Add(24*time.Hour))
	if len(got) != 230 {
		t.Fatalf("got %d tickets, want 230", len(got))
	}
	var starts []int
	for _, r := range s.Searches() {
		if r.MaxResults != 1000 {
			t.Errorf("asked maxResults %d, want 1000", r.MaxResults)
		}
		starts = append(starts, r.StartAt)
	}
	// Jira answered 50 per page: startAt advances by what came, not by what was asked.
	if want := []int{0, 50, 100, 150, 200}; !equalInts(starts, want) {
		t.Fatalf("startAt sequence %v, want %v", starts, want)
	}
}

func TestDataCenterSlicesByTimePastThePagingWindow(t *testing.T) {
	// A paging window of 100 (10,000 on a real site) over 450 issues created a minute apart.
	s := jiratest.New(t, jiratest.DataCenter, jiratest.GenerateIssues(450, start, time.Minute), jiratest.Options{PageCap: 50, ResultWindow: 100})
	c := dcConnector(s, func(cfg *Config) { cfg.PagingWindow = 100 })
	got := backfill(t, c, start, start.Add(24*time.Hour))
	if len(got) != 450 {
		t.Fatalf("got %d tickets, want 450", len(got))
	}
	for _, r := range s.Searches() {
		if r.Status != 200 {
			t.Fatalf("a search failed (%d): %s at startAt %d", r.Status, r.JQL, r.StartAt)
		}
	}
	got = changed(t, c, start)
	if len(got) != 450 {
		t.Fatalf("changed since start: %d tickets, want 450", len(got))
	}
}

func TestDataCenterMapsWikiMarkupAndAuthKinds(t *testing.T) {
	s := jiratest.New(t, jiratest.DataCenter, jiratest.SampleIssues(start), jiratest.Options{TimeZone: "Asia/Kolkata"})
	basic := dcConnector(s, func(cfg *Config) { cfg.Auth = Auth{User: jiratest.Username, Secret: jiratest.Password} })
	for name, c := range map[string]*Connector{"PAT": dcConnector(s), "Basic": basic} {
		got := backfill(t, c, start, start.Add(24*time.Hour))
		want := "Impact\nSearch is slow for some users, see dashboard (https://grafana.example.com/d/search).\n- eu-west\n- us-east\np99=2.1s"
		if d := got["OPS-2"].Description; d != want {
			t.Errorf("%s: OPS-2 description\n got %q\nwant %q", name, d, want)
		}
		if d := got["SHOP-1"].Description; d != "Steps:\n1. open cart\n2. add item" {
			t.Errorf("%s: SHOP-1 description %q", name, d)
		}
	}
	h, err := dcConnector(s).Check(context.Background(), start)
	if err != nil || h.Count != 6 || h.User.DisplayName != "Alice Example" {
		t.Fatalf("check: %+v %v", h, err)
	}
	bad := dcConnector(s, func(cfg *Config) { cfg.Auth.Secret = "expired" })
	if _, err := bad.Check(context.Background(), start); httpapi.StatusOf(err) != 401 || !strings.Contains(err.Error(), "rejected the personal access token (401)") {
		t.Fatalf("expired PAT: %v", err)
	}
}

func TestThirtyPercentFaultsStillLoadEverything(t *testing.T) {
	for _, flavor := range []jiratest.Flavor{jiratest.Cloud, jiratest.DataCenter} {
		s := jiratest.New(t, flavor, jiratest.GenerateIssues(600, start, time.Minute), jiratest.Options{PageCap: 50})
		c := cloudConnector(s)
		if flavor == jiratest.DataCenter {
			c = dcConnector(s)
		}
		s.FailRandomly(0.3, 7, replay.Transient...)
		got := backfill(t, c, start, start.Add(24*time.Hour))
		if len(got) != 600 {
			t.Fatalf("%v: %d of 600 tickets loaded with 30%% faults", flavor, len(got))
		}
		t.Logf("%v: faults served %v", flavor, s.Counts())
	}
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

package jira

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/spacetime/tickets/pkg/connector"
	"github.com/spacetime/tickets/pkg/connector/httpapi"
	"github.com/spacetime/tickets/pkg/connector/jira/jiratest"
	"github.com/spacetime/tickets/pkg/connector/replay"
)

func TestCloudPagesByTokenUntilItIsMissing(t *testing.T) {
	s := jiratest.New(t, jiratest.Cloud, jiratest.GenerateIssues(250, start, time.Minute), jiratest.Options{PageCap: 40})
	c := cloudConnector(s)

	got := backfill(t, c, start, start.Add(24*time.Hour))
	if len(got) != 250 {
		t.Fatalf("got %d tickets, want all 250", len(got))
	}
	searches := s.Searches()
	// 40 per page although 100 were asked: 7 pages, the last one without a token.
	if len(searches) != 7 {
		t.Fatalf("%d search requests, want 7 pages of at most 40", len(searches))
	}
	for i, r := range searches {
		if r.Path != "/rest/api/3/search/jql" {
			t.Errorf("request %d went to %s, want /rest/api/3/search/jql (the old /search is removed)", i, r.Path)
		}
		if r.MaxResults != 100 || (i == 0) != (r.Token == "") {
			t.Errorf("request %d: maxResults %d token %q", i, r.MaxResults, r.Token)
		}
	}
	if !strings.Contains(searches[0].JQL, "ORDER BY created DESC") {
		t.Errorf("backfill JQL %q should list newest first", searches[0].JQL)
	}
}

func TestCloudMapsIssuesOntoTickets(t *testing.T) {
	s := jiratest.New(t, jiratest.Cloud, jiratest.SampleIssues(start), jiratest.Options{})
	got := backfill(t, cloudConnector(s), start, start.Add(24*time.Hour))
	if len(got) != 6 {
		t.Fatalf("got %d tickets, want 6", len(got))
	}
	ops1 := got["OPS-1"]
	checks := []struct{ what, got, want string }{
		{"source id", ops1.SourceID, "10001"},
		{"url", ops1.URL, s.URL + "/browse/OPS-1"},
		{"severity", ops1.Severity, "Highest"},
		{"status", ops1.Status, "In Progress"},
		{"title", ops1.Title, "Checkout times out in eu-west"},
		{"project", strings.Join(ops1.Dimensions[DimProject], ","), "OPS"},
		{"type", strings.Join(ops1.Dimensions[DimType], ","), "Incident"},
		{"components", strings.Join(ops1.Dimensions[DimComponents], ","), "checkout,payments"},
		{"labels", strings.Join(ops1.Dimensions[DimLabels], ","), "outage,customer-facing"},
		{"assignee", strings.Join(ops1.Dimensions[DimAssignee], ","), "Alice Example"},
		{"select", strings.Join(ops1.Dimensions["service"], ","), "checkout"},
		{"multi-select", strings.Join(ops1.Dimensions["regions"], ","), "eu-west,eu-central"},
		{"cascading select", strings.Join(ops1.Dimensions["location"], ","), "EU / Frankfurt"},
		{"user picker", strings.Join(ops1.Dimensions["owner"], ","), "Bob Builder"},
		{"text", strings.Join(ops1.Dimensions["root_cause"], ","), "connection pool exhausted"},
		{"number", strings.Join(ops1.Dimensions["customers"], ","), "1250"},
		{"description", ops1.Description, "Checkout p99 above 5 s since 10:02, paged @Alice Example\nRunbook: https://wiki.example.com/checkout\n- eu-west\n- eu-central\npool: 100/100 busy"},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s: got %q, want %q", c.what, c.got, c.want)
		}
	}
	if ops1.Number != 10001 || ops1.Closed || ops1.Resolved != nil || !ops1.Opened.Equal(start) {
		t.Errorf("OPS-1: number %d closed %v resolved %v opened %v", ops1.Number, ops1.Closed, ops1.Resolved, ops1.Opened)
	}
	if d := got["OPS-2"]; !d.Closed || d.Resolved == nil || !d.Resolved.Equal(start.Add(5*time.Hour)) {
		t.Errorf("OPS-2 is done: closed %v resolved %v", d.Closed, d.Resolved)
	}
	// Reopened: Jira still sends the old resolutiondate, but the ticket is open, so it has no resolved time.
	if r := got["OPS-3"]; r.Closed || r.Resolved != nil {
		t.Errorf("OPS-3 is reopened: closed %v resolved %v", r.Closed, r.Resolved)
	}
	// Missing and empty values stay empty.
	if shop1 := got["SHOP-1"]; len(shop1.Dimensions[DimAssignee]) != 0 || len(shop1.Dimensions["regions"]) != 0 || shop1.Dimensions["location"][0] != "US" {
		t.Errorf("SHOP-1 dimensions: %v", shop1.Dimensions)
	}
	if req := s.Searches()[0]; !strings.Contains(strings.Join(req.Fields, ","), jiratest.FieldLocation) {
		t.Errorf("the search asked for fields %v, want the chosen custom fields too", req.Fields)
	}
}

func TestCloudReadsJQLDatesInTheUsersZone(t *testing.T) {
	// Los Angeles is 8 h behind UTC in November: a date written in UTC would be read 8 h late there.
	s := jiratest.New(t, jiratest.Cloud, jiratest.SampleIssues(start), jiratest.Options{TimeZone: "America/Los_Angeles"})
	c := cloudConnector(s)
	since := start.Add(6*time.Hour + 30*time.Second) // OPS-3 was updated 30 s before, SHOP-2 an hour after
	s.Update("OPS-4", since.Add(20*time.Second), func(*jiratest.Issue) {})

	got := changed(t, c, since)
	if _, ok := got["OPS-4"]; !ok {
		t.Fatalf("the issue updated 20 s after since was missed; got %v", keys(got))
	}
	if _, ok := got["SHOP-2"]; !ok {
		t.Fatalf("SHOP-2 (updated an hour after since) was missed")
	}
	if _, ok := got["OPS-1"]; ok {
		t.Fatalf("OPS-1 (updated 5 h before since) should not be listed")
	}
	want := `updated >= "` + since.In(s.Location()).Format("2006/01/02 15:04") + `"`
	if jql := s.Searches()[0].JQL; !strings.Contains(jql, want) {
		t.Fatalf("JQL %q should contain %s (the user's zone, to the minute)", jql, want)
	}
}

func TestCloudScopeIsANDedAndBadJQLIsQuoted(t *testing.T) {
	s := jiratest.New(t, jiratest.Cloud, jiratest.SampleIssues(start), jiratest.Options{})
	c := cloudConnector(s, func(cfg *Config) { cfg.Scope = "project in (OPS) AND priority >= High" })
	got := backfill(t, c, start, start.Add(24*time.Hour))
	if len(got) != 3 || got["OPS-1"].ID == "" || got["OPS-2"].ID == "" || got["OPS-4"].ID == "" {
		t.Fatalf("scope should keep OPS-1, OPS-2, OPS-4; got %v", keys(got))
	}

	bad := cloudConnector(s, func(cfg *Config) { cfg.Scope = "projct = OPS" })
	_, err := bad.Check(context.Background(), start)
	var je *JQLError
	if !errors.As(err, &je) || !strings.Contains(je.Error(), "Field 'projct' does not exist or you do not have permission to view it.") {
		t.Fatalf("Check with a misspelt field: %v, want Jira's own message", err)
	}
}

func TestCloudCheckSaysWhoAndHowMany(t *testing.T) {
	s := jiratest.New(t, jiratest.Cloud, jiratest.SampleIssues(start), jiratest.Options{})
	h, err := cloudConnector(s).Check(context.Background(), start.Add(5*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	// Updated at or after 13:00: OPS-2 (13:00), OPS-3, SHOP-2, OPS-4.
	if h.User.DisplayName != "Alice Example" || h.Count != 4 {
		t.Fatalf("health: %+v, want Alice Example and 4 issues", h)
	}

	wrong := cloudConnector(s, func(cfg *Config) { cfg.Auth.Secret = "wrong" })
	_, err = wrong.Check(context.Background(), start)
	if httpapi.StatusOf(err) != 401 || !strings.Contains(err.Error(), "Jira Cloud rejected the email and API token (401)") {
		t.Fatalf("wrong token: %v", err)
	}
	if strings.Contains(err.Error(), "wrong") {
		t.Fatalf("the error repeats the secret: %v", err)
	}
}

func TestALoginPageInsteadOfJSONIsNamed(t *testing.T) {
	s := jiratest.New(t, jiratest.Cloud, jiratest.SampleIssues(start), jiratest.Options{})
	s.Fail("/rest/api/3/myself", replay.HTMLPage, replay.HTMLPage, replay.HTMLPage, replay.HTMLPage,
		replay.HTMLPage, replay.HTMLPage, replay.HTMLPage, replay.HTMLPage)
	_, err := cloudConnector(s).Check(context.Background(), start)
	if err == nil || !strings.Contains(err.Error(), "/rest/api/3/myself from "+s.URL+" is not JSON (text/html;charset=UTF-8): maybe a login page or a proxy; check the URL") {
		t.Fatalf("an SSO login page in place of /myself: %v", err)
	}
}

func TestCloudRetriesEachPageOnItsOwn(t *testing.T) {
	s := jiratest.New(t, jiratest.Cloud, jiratest.GenerateIssues(120, start, time.Minute), jiratest.Options{PageCap: 50})
	c := cloudConnector(s)
	c.Myself(context.Background())
	// The first page succeeds; every fault kind then hits the second page in turn.
	pages := 0
	err := c.Opened(context.Background(), start, start.Add(24*time.Hour), func(p connector.Page) error {
		pages++
		if pages == 1 {
			s.Fail("/rest/api/3/search", replay.RateLimited, replay.Unavailable, replay.ServerError, replay.BadGateway,
				replay.Truncated, replay.HTMLPage, replay.Dropped)
		}
		return nil
	})
	if err != nil {
		t.Fatalf("listing with 7 transient failures on page 2: %v", err)
	}
	first := 0
	for _, r := range s.Searches() {
		if r.Token == "" && r.JQL != "" { // faults answer before the body is read
			first++
		}
	}
	if pages != 3 || first != 1 {
		t.Fatalf("%d pages delivered, first page fetched %d times: a failure must resume at its page", pages, first)
	}
}

func TestCloudAuthFailuresAreNotRetried(t *testing.T) {
	want := map[replay.Fault]string{
		replay.Unauthorized: "Jira Cloud rejected the email and API token (401)",
		replay.Forbidden:    "(403): You do not have the permission to see the specified issue.",
	}
	for f, msg := range want {
		s := jiratest.New(t, jiratest.Cloud, jiratest.SampleIssues(start), jiratest.Options{})
		c := cloudConnector(s)
		c.Myself(context.Background())
		s.Fail("/rest/api/3/search", f)
		err := c.Opened(context.Background(), start, start.Add(time.Hour), func(connector.Page) error { return nil })
		if httpapi.StatusOf(err) == 0 || len(s.Searches()) != 1 || !strings.Contains(err.Error(), msg) {
			t.Fatalf("%v: error %v after %d requests, want Jira's message after one", f, err, len(s.Searches()))
		}
	}
}

func TestDeletedAndMovedIssues(t *testing.T) {
	for _, flavor := range []jiratest.Flavor{jiratest.Cloud, jiratest.DataCenter} {
		s := jiratest.New(t, flavor, jiratest.SampleIssues(start), jiratest.Options{})
		c := cloudConnector(s)
		if flavor == jiratest.DataCenter {
			c = dcConnector(s)
		}
		s.Delete("OPS-2")
		moved := s.Move("OPS-3", "SHOP", "Shop", start.Add(9*time.Hour))
		exist, err := c.Existing(context.Background(), []string{"10001", "10002", "10003", "10004"})
		if err != nil {
			t.Fatal(err)
		}
		if !exist["10001"] || exist["10002"] || !exist["10003"] || !exist["10004"] || len(exist) != 3 {
			t.Fatalf("%v: Existing = %v, want 10001, 10003 (moved), 10004; 10002 was deleted", flavor, exist)
		}
		got := changed(t, c, start.Add(9*time.Hour))
		tk, ok := got[moved]
		if !ok || tk.SourceID != "10003" || tk.Identity() != "10003" || tk.Dimensions[DimProject][0] != "SHOP" {
			t.Fatalf("%v: moved issue %s: %+v", flavor, moved, tk)
		}
	}
}

func TestCloudSeveritiesFollowJirasOrderAndColours(t *testing.T) {
	s := jiratest.New(t, jiratest.Cloud, nil, jiratest.Options{})
	sev, err := cloudConnector(s).Severities(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for i, sv := range sev {
		names = append(names, sv.Name+" "+sv.Color)
		if sv.Rank != i {
			t.Errorf("%s has rank %d, want %d", sv.Name, sv.Rank, i)
		}
	}
	if got := strings.Join(names, ", "); got != "Lowest #999999, Low #707070, Medium #f79232, High #f15C75, Highest #d04437" {
		t.Fatalf("severities (3 pages of priority/search): %s", got)
	}
}

func TestSiteFieldsGiveEachCustomFieldsKind(t *testing.T) {
	s := jiratest.New(t, jiratest.Cloud, nil, jiratest.Options{})
	fs, err := cloudConnector(s).SiteFields(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range fs {
		got = append(got, f.ID+"="+f.Kind)
	}
	want := strings.Join([]string{jiratest.FieldService + "=select", jiratest.FieldRegions + "=multi-select",
		jiratest.FieldLocation + "=cascading-select", jiratest.FieldOwner + "=user", jiratest.FieldRootCause + "=text",
		jiratest.FieldCustomers + "=number", jiratest.FieldRank + "="}, " ")
	if strings.Join(got, " ") != want {
		t.Fatalf("fields:\n got %s\nwant %s", strings.Join(got, " "), want)
	}
}

func keys[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

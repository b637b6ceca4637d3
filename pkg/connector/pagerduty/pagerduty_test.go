package pagerduty

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/spacetime/tickets/pkg/connector"
	"github.com/spacetime/tickets/pkg/connector/httpapi"
	"github.com/spacetime/tickets/pkg/connector/pagerduty/pdtest"
	"github.com/spacetime/tickets/pkg/connector/replay"
	"github.com/spacetime/tickets/pkg/tickets"
)

var base = time.Now().UTC().Add(-24 * time.Hour).Truncate(time.Hour)

func fast(o *httpapi.Options) {
	o.Retry = httpapi.Retry{Base: time.Millisecond, Max: 2 * time.Millisecond}
}

func newConnector(srv *pdtest.Server, edit func(*Config)) *Connector {
	cfg := Config{BaseURL: srv.URL, Token: pdtest.APIKey, HTTPClient: srv.Client(), Tune: []func(*httpapi.Options){fast}}
	if edit != nil {
		edit(&cfg)
	}
	return New(cfg)
}

func incidents(n int) []*pdtest.Incident {
	return append(pdtest.Sample(base), pdtest.Generate(n, base.Add(-72*time.Hour), 11*time.Minute)...)
}

func collect(t *testing.T, list func(connector.PageFunc) error) (map[string]tickets.Ticket, int) {
	t.Helper()
	out := map[string]tickets.Ticket{}
	n := 0
	err := list(func(p connector.Page) error {
		for _, tk := range p.Tickets {
			out[tk.ID] = tk
			n++
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out, n
}

func opened(c *Connector) func(connector.PageFunc) error {
	return func(p connector.PageFunc) error {
		return c.Opened(context.Background(), base.Add(-96*time.Hour), base.Add(24*time.Hour), p)
	}
}

func TestBackfillMapsEveryField(t *testing.T) {
	srv := pdtest.New(t, incidents(300), pdtest.Options{})
	c := newConnector(srv, nil)
	got, delivered := collect(t, opened(c))
	if len(got) != 304 || delivered != 304 {
		t.Fatalf("%d tickets (%d delivered), want 304", len(got), delivered)
	}
	one := got["101"]
	if one.SourceID != "Q1AB2CD" || one.Number != 101 || one.Title != "Checkout latency above 2 s" || one.Severity != "P1" ||
		one.Status != "triggered" || one.Closed || one.URL != "https://acme.pagerduty.com/incidents/Q1AB2CD" || one.Description != "p95 latency alert" {
		t.Errorf("#101: %+v", one)
	}
	for k, v := range map[string][]string{DimService: {"Checkout API"}, DimEscalationPolicy: {"Payments on call"},
		DimTeams: {"Payments", "SRE"}, DimAssignees: {"Alice Example"}, DimUrgency: {"high"}} {
		if !slices.Equal(one.Dimensions[k], v) {
			t.Errorf("#101 %s = %v, want %v", k, one.Dimensions[k], v)
		}
	}
	if r := got["102"]; r.Severity != "low" || !slices.Equal(r.Dimensions[DimAssignees], []string{"Bob Example", "Carol Example"}) || r.Closed {
		t.Errorf("#102 (no priority, two assignees): %+v", r)
	}
	if r := got["103"]; !r.Closed || r.Resolved == nil || !r.Resolved.Equal(base.Add(4*time.Hour)) || r.Severity != "P2" {
		t.Errorf("#103 (resolved): %+v", r)
	}
	if r := got["104"]; r.Dimensions[DimTeams] != nil || r.Dimensions[DimAssignees] != nil {
		t.Errorf("#104 has no team or assignee: %v", r.Dimensions)
	}
	for _, rq := range srv.Requests() {
		if rq.Accept != pdtest.Accept {
			t.Fatalf("Accept %q, want the v2 media type", rq.Accept)
		}
		if rq.Path == "/incidents" && (rq.Query["limit"][0] != "100" || len(rq.Query["statuses[]"]) != 3) {
			t.Fatalf("listing %v", rq.Query)
		}
	}
}

// PagerDuty's classic paging stops at offset + limit = 10,000 (the connector's default cap): a range holding
// more is split in halves. The server here caps at 1,000, and so is the connector told, to keep the test small.
func TestOffsetCapSplitsTheRange(t *testing.T) {
	if c := New(Config{BaseURL: USURL}); c.cfg.OffsetCap != 10000 {
		t.Fatalf("default offset cap %d, want PagerDuty's 10,000", c.cfg.OffsetCap)
	}
	srv := pdtest.New(t, pdtest.Generate(2600, base.Add(-90*time.Hour), 2*time.Minute), pdtest.Options{OffsetCap: 1000})
	c := newConnector(srv, func(cfg *Config) { cfg.OffsetCap = 1000 })
	got, delivered := collect(t, opened(c))
	if len(got) != 2600 || delivered != 2600 {
		t.Fatalf("%d tickets (%d delivered), want 2,600 each once", len(got), delivered)
	}
	for _, rq := range srv.Requests() {
		if rq.Status == 400 {
			t.Fatalf("a request past the offset cap: %v", rq.Query)
		}
	}
}

// Changes come from the log entries: an incident opened long ago and resolved now is found, an unchanged
// one is not, and the service filter applies.
func TestChangedReadsLogEntries(t *testing.T) {
	old := &pdtest.Incident{ID: "QOLD001", Number: 7, Title: "Old incident", Status: "triggered", Urgency: "high", Service: "Checkout API",
		Created: time.Now().Add(-40 * 24 * time.Hour).UTC(), Updated: time.Now().Add(-40 * 24 * time.Hour).UTC()}
	srv := pdtest.New(t, append(incidents(50), old), pdtest.Options{})
	c := newConnector(srv, nil)
	since := time.Now().Add(-time.Minute)
	srv.Update(7, time.Now(), "resolve", func(i *pdtest.Incident) {
		now := time.Now().UTC()
		i.Status, i.Resolved = "resolved", &now
	})
	srv.Update(102, time.Now(), "assign", func(i *pdtest.Incident) { i.Assignees = []string{"Dan Example"} })
	got, _ := collect(t, func(p connector.PageFunc) error { return c.Changed(context.Background(), since, p) })
	if len(got) != 2 || !got["7"].Closed || !slices.Equal(got["102"].Dimensions[DimAssignees], []string{"Dan Example"}) {
		t.Fatalf("changed: %v", got)
	}
	scoped := newConnector(srv, func(cfg *Config) { cfg.ServiceIDs = []string{pdtest.ServiceID("Search")} })
	got, _ = collect(t, func(p connector.PageFunc) error { return scoped.Changed(context.Background(), since, p) })
	if _, ok := got["102"]; len(got) != 1 || !ok {
		t.Errorf("changed in service Search: %v, want #102 only", got)
	}
	for _, rq := range srv.Requests() {
		if strings.HasPrefix(rq.Path, "/incidents/") {
			t.Errorf("an incident fetched one by one although the log entry embedded it: %s", rq.Path)
		}
	}
}

// A new incident while paging newest first shifts the offsets by one: a ticket is read twice, none is lost.
func TestPagingWhileIncidentsOpen(t *testing.T) {
	srv := pdtest.New(t, incidents(400), pdtest.Options{})
	c := newConnector(srv, nil)
	srv.BetweenPages = func(n int) {
		now := time.Now().UTC()
		srv.Add(&pdtest.Incident{ID: pdtest.ID("N", n), Number: 9000 + n, Title: "new", Status: "triggered", Urgency: "high",
			Service: "Search", Created: base.Add(time.Hour), Updated: now})
	}
	got, _ := collect(t, opened(c))
	for _, inc := range incidents(400) {
		if _, ok := got[itoa(inc.Number)]; !ok {
			t.Fatalf("#%d was skipped while incidents opened", inc.Number)
		}
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

// The account's budget (ratelimit-* headers) paces the requests; a spent window is waited out.
func TestRateLimitIsHonoured(t *testing.T) {
	srv := pdtest.New(t, incidents(300), pdtest.Options{Limit: 8, Window: 700 * time.Millisecond})
	c := newConnector(srv, func(cfg *Config) { cfg.PageSize = 20 })
	got, _ := collect(t, opened(c))
	if len(got) != 304 {
		t.Fatalf("%d tickets, want 304", len(got))
	}
	if b := c.Budget(); b.Limit != 8 || b.Observed.IsZero() {
		t.Errorf("budget %+v, want the ratelimit-limit of 8", b)
	}
}

func TestFaultsAreRetried(t *testing.T) {
	srv := pdtest.New(t, incidents(250), pdtest.Options{})
	c := newConnector(srv, nil)
	srv.Fail("/incidents", replay.RateLimited, replay.Truncated, replay.HTMLPage, replay.BadGateway)
	srv.BetweenPages = func(n int) {
		if n == 1 {
			srv.Fail("/incidents", replay.Dropped, replay.Unavailable, replay.Malformed)
		}
	}
	got, _ := collect(t, opened(c))
	if len(got) != 254 {
		t.Errorf("%d tickets after seven faults, want 254", len(got))
	}
}

func TestErrorsNameTheCause(t *testing.T) {
	srv := pdtest.New(t, pdtest.Sample(base), pdtest.Options{})
	_, err := newConnector(srv, func(cfg *Config) { cfg.Token = "wrong-key-123456" }).Check(context.Background(), base)
	want := "PagerDuty rejected the API key (401): check the API key (Integrations → API Access Keys) and that the URL is your account's service region (US or EU)."
	if err == nil || err.Error() != want {
		t.Errorf("wrong key: %v", err)
	}
	srv.Fail("", replay.Malformed, replay.Malformed, replay.Malformed, replay.Malformed, replay.Malformed)
	_, err = newConnector(srv, nil).Check(context.Background(), base)
	if err == nil || !strings.Contains(err.Error(), "is not complete JSON") {
		t.Errorf("malformed JSON at every attempt: %v", err)
	}
}

func TestHealthAndSeverities(t *testing.T) {
	srv := pdtest.New(t, incidents(20), pdtest.Options{})
	h, err := newConnector(srv, nil).Check(context.Background(), base.Add(-time.Hour))
	if err != nil || h.User != "Alice Example" || h.Count != 4 {
		t.Errorf("health %+v %v, want Alice Example and the 4 samples", h, err)
	}
	acct := pdtest.New(t, incidents(20), pdtest.Options{AccountKey: true, NoPriorities: true})
	c := newConnector(acct, nil)
	if h, err := c.Check(context.Background(), base.Add(-time.Hour)); err != nil || h.User != "" || h.Count != 4 {
		t.Errorf("account-level key: %+v %v", h, err)
	}
	names := func(c *Connector) []string {
		sv, err := c.Severities(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, s := range sv {
			out = append(out, s.Name)
		}
		return out
	}
	if got := names(newConnector(srv, nil)); !slices.Equal(got, []string{"low", "high", "P5", "P4", "P3", "P2", "P1"}) {
		t.Errorf("severities %v", got)
	}
	if got := names(c); !slices.Equal(got, []string{"low", "high"}) {
		t.Errorf("severities without priorities %v", got)
	}
}

// PagerDuty may write times with an offset (ISO 8601); they are read as the instants they are.
func TestTimesWithAnOffset(t *testing.T) {
	srv := pdtest.New(t, pdtest.Sample(base), pdtest.Options{TimeZone: "Asia/Kolkata"})
	got, _ := collect(t, opened(newConnector(srv, nil)))
	for _, inc := range srv.Incidents() {
		tk := got[strconv.Itoa(inc.Number)]
		if !tk.Opened.Equal(inc.Created) || !tk.Updated.Equal(inc.Updated) || tk.Opened.Location() != time.UTC {
			t.Errorf("#%d opened %v updated %v, want %v and %v in UTC", inc.Number, tk.Opened, tk.Updated, inc.Created, inc.Updated)
		}
	}
	if r := got["103"].Resolved; r == nil || !r.Equal(base.Add(4*time.Hour)) {
		t.Errorf("#103 resolved %v", r)
	}
}

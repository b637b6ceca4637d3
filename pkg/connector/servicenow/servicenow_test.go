package servicenow

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/spacetime/tickets/pkg/connector"
	"github.com/spacetime/tickets/pkg/connector/httpapi"
	"github.com/spacetime/tickets/pkg/connector/replay"
	"github.com/spacetime/tickets/pkg/connector/servicenow/snowtest"
	"github.com/spacetime/tickets/pkg/tickets"
)

var base = time.Date(2026, 11, 30, 8, 0, 0, 0, time.UTC)

func fast(o *httpapi.Options) {
	o.Retry = httpapi.Retry{Base: time.Millisecond, Max: 2 * time.Millisecond}
}

func newConnector(srv *snowtest.Server, edit func(*Config)) *Connector {
	cfg := Config{Instance: srv.URL, Auth: Auth{User: snowtest.User, Password: snowtest.Password}, HTTPClient: srv.Client(),
		PageSize: 100, Tune: []func(*httpapi.Options){fast}}
	if edit != nil {
		edit(&cfg)
	}
	return New(cfg)
}

func records(n int) []*snowtest.Record {
	return append(snowtest.Sample(base), snowtest.Generate(n, base.Add(-48*time.Hour), 7*time.Minute)...)
}

// collect runs a listing and returns its tickets by id, failing on a ticket delivered twice.
func collect(t *testing.T, list func(connector.PageFunc) error) map[string]tickets.Ticket {
	t.Helper()
	out := map[string]tickets.Ticket{}
	err := list(func(p connector.Page) error {
		for _, tk := range p.Tickets {
			out[tk.ID] = tk
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestBackfillMapsEveryField(t *testing.T) {
	srv := snowtest.New(t, records(300), snowtest.Options{PageCap: 40}) // the instance caps pages below the 100 asked
	c := newConnector(srv, nil)
	got := collect(t, func(p connector.PageFunc) error {
		return c.Opened(context.Background(), base.Add(-72*time.Hour), base.Add(24*time.Hour), p)
	})
	if len(got) != 305 {
		t.Fatalf("%d tickets, want 305", len(got))
	}
	one := got["INC0010001"]
	wantURL := srv.URL + "/nav_to.do?uri=" + url.QueryEscape("/incident.do?sys_id="+snowtest.SysID("INC0010001"))
	if one.SourceID != snowtest.SysID("INC0010001") || one.Number != 10001 || one.Title != "Email is down for London" ||
		one.Severity != "Critical" || one.Status != "New" || one.Closed || one.URL != wantURL || one.Description != "Users cannot send mail." {
		t.Errorf("INC0010001: %+v", one)
	}
	wantDims := map[string][]string{DimAssignmentGroup: {"Service Desk"}, DimService: {"Email"}, DimCI: {"mail01"},
		DimCategory: {"network"}, DimSubcategory: {"dns"}, DimLocation: {"London"}, DimAssignee: {"Beth Anglin"}}
	for k, v := range wantDims {
		if !slices.Equal(one.Dimensions[k], v) {
			t.Errorf("INC0010001 %s = %v, want %v", k, one.Dimensions[k], v)
		}
	}
	if r := got["INC0010003"]; !r.Closed || r.Status != "Resolved" || r.Resolved == nil || !r.Resolved.Equal(base.Add(4*time.Hour)) || r.Severity != "Moderate" {
		t.Errorf("INC0010003 (resolved): %+v", r)
	}
	if r := got["INC0010004"]; !r.Closed || r.Status != "Closed" || r.Resolved == nil || !r.Resolved.Equal(base.Add(5*time.Hour)) {
		t.Errorf("INC0010004 (closed): resolved %v, want resolved_at", r.Resolved)
	}
	if r := got["INC0010005"]; !r.Closed || r.Status != "Canceled" || r.Severity != "Planning" || r.Dimensions[DimService][0] != "Payments" {
		t.Errorf("INC0010005 (canceled): %+v", r)
	}
	if r := got["INC0010004"]; r.Dimensions[DimAssignmentGroup] != nil || r.Dimensions[DimService] != nil {
		t.Errorf("INC0010004 has no group or service, got %v", r.Dimensions)
	}
	for _, rq := range srv.Requests() {
		if rq.Params["sysparm_offset"] != "" {
			t.Fatalf("a listing paged by offset: %s", rq.Query)
		}
	}
}

// With sysparm_display_value=false ServiceNow answers times in UTC; the instance's zone (Los Angeles here)
// only shows in display values. Reading them as local time would shift every chart by 8 hours.
func TestTimesAreUTC(t *testing.T) {
	srv := snowtest.New(t, snowtest.Sample(base), snowtest.Options{TimeZone: "America/Los_Angeles"})
	c := newConnector(srv, nil)
	got := collect(t, func(p connector.PageFunc) error { return c.Changed(context.Background(), base.Add(-time.Hour), p) })
	for _, r := range srv.Records() {
		tk := got[r.Number]
		if !tk.Opened.Equal(r.Opened) || !tk.Updated.Equal(r.Updated) {
			t.Errorf("%s opened %v updated %v, want %v and %v", r.Number, tk.Opened, tk.Updated, r.Opened, r.Updated)
		}
	}
	for _, rq := range srv.Requests() {
		if rq.Params["sysparm_display_value"] != "false" || rq.Params["sysparm_exclude_reference_link"] != "true" {
			t.Errorf("request without display_value=false and exclude_reference_link=true: %s", rq.Query)
		}
	}
	// The window edge is written in UTC: a record updated at 09:00 UTC is in Changed(09:00) and not in Changed(09:00:01).
	at := base.Add(time.Hour) // INC0010001's sys_updated_on
	if _, ok := collect(t, func(p connector.PageFunc) error { return c.Changed(context.Background(), at, p) })["INC0010001"]; !ok {
		t.Error("Changed(sys_updated_on) misses the record updated at that second")
	}
	if _, ok := collect(t, func(p connector.PageFunc) error { return c.Changed(context.Background(), at.Add(time.Second), p) })["INC0010001"]; ok {
		t.Error("Changed(one second later) still has the record")
	}
}

// Records updated or deleted while the connector pages never make it skip one (offset paging would).
func TestKeysetPagingWhileDataChanges(t *testing.T) {
	srv := snowtest.New(t, records(400), snowtest.Options{})
	c := newConnector(srv, func(cfg *Config) { cfg.PageSize = 50 })
	gen := snowtest.Generate(400, base.Add(-48*time.Hour), 7*time.Minute)
	srv.BetweenPages = func(n int) {
		if n <= 4 {
			srv.Delete(gen[n-1].Number)                                                         // a record already read goes
			srv.Update(gen[200+n].Number, time.Now(), func(r *snowtest.Record) { r.State = 2 }) // one not yet read moves to the end
			num := fmt.Sprintf("INC009%04d", n)                                                 // a new record appears
			srv.Add(&snowtest.Record{SysID: snowtest.SysID(num), Number: num, Priority: 1, State: 1, Opened: time.Now().UTC(), Updated: time.Now().UTC()})
		}
	}
	got := collect(t, func(p connector.PageFunc) error { return c.Changed(context.Background(), base.Add(-72*time.Hour), p) })
	for _, r := range gen[4:] {
		if _, ok := got[r.Number]; !ok {
			t.Fatalf("%s, present throughout, was skipped (%d tickets)", r.Number, len(got))
		}
	}
	if _, ok := got["INC0090004"]; !ok {
		t.Error("a record added while paging is missing")
	}
	if tk := got[gen[202].Number]; tk.Status != "In Progress" {
		t.Errorf("%s updated while paging: status %q, want the update (read again at the end)", gen[202].Number, tk.Status)
	}
}

func TestFaultsAreRetried(t *testing.T) {
	srv := snowtest.New(t, records(250), snowtest.Options{})
	c := newConnector(srv, nil)
	srv.Fail("/api/now/table/incident", replay.RateLimited, replay.Truncated, replay.HTMLPage, replay.BadGateway, replay.Dropped)
	got := collect(t, func(p connector.PageFunc) error {
		return c.Opened(context.Background(), base.Add(-72*time.Hour), base.Add(24*time.Hour), p)
	})
	if len(got) != 255 {
		t.Errorf("%d tickets after five faults, want 255", len(got))
	}
	var limited bool
	for _, rq := range srv.Requests() {
		limited = limited || rq.Status == 429
	}
	if !limited {
		t.Error("the 429 was not served")
	}
}

func TestOAuthTokenExpiresMidSync(t *testing.T) {
	srv := snowtest.New(t, records(500), snowtest.Options{})
	c := newConnector(srv, func(cfg *Config) {
		cfg.Auth = Auth{OAuth: true, ClientID: snowtest.ClientID, ClientSecret: snowtest.ClientSecret}
	})
	srv.BetweenPages = func(n int) {
		if n == 2 {
			srv.ExpireTokens()
		}
	}
	got := collect(t, func(p connector.PageFunc) error {
		return c.Opened(context.Background(), base.Add(-72*time.Hour), base.Add(24*time.Hour), p)
	})
	if len(got) != 505 {
		t.Errorf("%d tickets, want 505", len(got))
	}
	if n := srv.TokensIssued(); n != 2 {
		t.Errorf("%d tokens issued, want 2 (one more after the expiry)", n)
	}
	for _, rq := range srv.Requests() {
		if strings.HasPrefix(rq.Path, "/api/") && rq.Auth != "bearer" {
			t.Errorf("a table request without the bearer token: %+v", rq)
		}
	}
}

func TestAuthFailuresNameTheCredential(t *testing.T) {
	srv := snowtest.New(t, snowtest.Sample(base), snowtest.Options{})
	for name, tc := range map[string]struct {
		auth Auth
		want string
	}{
		"basic": {Auth{User: snowtest.User, Password: "wrong-password"}, "ServiceNow rejected the user name and password (401): check the user name and password in the datasource settings"},
		"oauth": {Auth{OAuth: true, ClientID: snowtest.ClientID, ClientSecret: "wrong-secret"}, "ServiceNow rejected the OAuth client id and secret (401): check the OAuth client id and secret (System OAuth"},
	} {
		c := newConnector(srv, func(cfg *Config) { cfg.Auth = tc.auth })
		_, err := c.Check(context.Background(), base)
		if err == nil || !strings.HasPrefix(err.Error(), tc.want) || strings.Contains(err.Error(), "wrong-") {
			t.Errorf("%s: %v\nwant it to start %q", name, err, tc.want)
		}
	}
}

func TestHibernatingInstanceIsNamed(t *testing.T) {
	srv := snowtest.New(t, snowtest.Sample(base), snowtest.Options{})
	c := newConnector(srv, nil)
	srv.Fail("", replay.HTMLPage, replay.HTMLPage, replay.HTMLPage, replay.HTMLPage, replay.HTMLPage)
	_, err := c.Check(context.Background(), base)
	if err == nil || !strings.Contains(err.Error(), "is not JSON (text/html") {
		t.Fatalf("an HTML page at every attempt: %v", err)
	}
}

func TestScopeAndHealth(t *testing.T) {
	srv := snowtest.New(t, records(100), snowtest.Options{})
	c := newConnector(srv, func(cfg *Config) { cfg.Query = "active=true^priority<=2^ORcategory=inquiry" })
	got := collect(t, func(p connector.PageFunc) error { return c.Changed(context.Background(), base.Add(-72*time.Hour), p) })
	want := 0
	for _, r := range srv.Records() {
		if r.Active && (r.Priority <= 2 || r.Category == "inquiry") {
			want++
			if _, ok := got[r.Number]; !ok {
				t.Errorf("%s is in the scope and missing", r.Number)
			}
		}
	}
	if len(got) != want || want == 0 {
		t.Errorf("%d tickets in the scope, want %d", len(got), want)
	}
	h, err := c.Check(context.Background(), base.Add(-72*time.Hour))
	if err != nil || h.Count != want || !h.AuditReadable {
		t.Errorf("health %+v %v, want %d records and a readable audit", h, err, want)
	}
	_, err = newConnector(srv, func(cfg *Config) { cfg.Table = "incidnt" }).Check(context.Background(), base)
	var te *TableError
	if !errors.As(err, &te) || !strings.Contains(te.Err.Detail, "Invalid table incidnt") {
		t.Errorf("a wrong table: %v", err)
	}
}

func TestDeletionsFromTheAuditOrByReconciling(t *testing.T) {
	for _, forbidden := range []bool{false, true} {
		srv := snowtest.New(t, snowtest.Sample(base), snowtest.Options{AuditForbidden: forbidden})
		c := newConnector(srv, nil)
		srv.Delete("INC0010002")
		ids := []string{snowtest.SysID("INC0010001"), snowtest.SysID("INC0010002"), snowtest.SysID("INC0010003")}
		exist, err := c.Existing(context.Background(), ids)
		if err != nil {
			t.Fatal(err)
		}
		if !exist[ids[0]] || exist[ids[1]] || !exist[ids[2]] {
			t.Errorf("audit forbidden %v: existing %v", forbidden, exist)
		}
		readable, known := c.AuditReadable()
		if !known || readable == forbidden {
			t.Errorf("audit forbidden %v: readable %v known %v", forbidden, readable, known)
		}
		askedTable := 0
		for _, rq := range srv.Requests() {
			if rq.Path == "/api/now/table/incident" {
				askedTable++
				if q := rq.Params["sysparm_query"]; !forbidden && strings.Contains(q, ids[1]) {
					t.Errorf("the audit named %s deleted, yet the table was asked: %s", ids[1], q)
				}
			}
		}
		if askedTable != 1 {
			t.Errorf("audit forbidden %v: %d table requests, want 1", forbidden, askedTable)
		}
	}
}

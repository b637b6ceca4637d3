package jsonapi

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/spacetime/tickets/pkg/connector"
	"github.com/spacetime/tickets/pkg/connector/httpapi"
	"github.com/spacetime/tickets/pkg/connector/jsonapi/jsontest"
	"github.com/spacetime/tickets/pkg/connector/replay"
	"github.com/spacetime/tickets/pkg/tickets"
)

var base = time.Now().UTC().Add(-12 * time.Hour).Truncate(time.Hour)

func fast(o *httpapi.Options) {
	o.Retry = httpapi.Retry{Base: time.Millisecond, Max: 2 * time.Millisecond}
}

// inHouseSpec maps the in-house tracker's shape.
func inHouseSpec(style, timeFormat string) Spec {
	tpl := "/api/tickets?since={since}"
	s := Spec{URLTemplate: tpl, QueryTimeFormats: map[string]string{"since": timeFormat},
		Paging: Paging{Style: style, Size: 20, Total: "data.total", Next: map[string]string{PagingNextURL: "links.next", PagingCursor: "meta.next_cursor"}[style], End: "meta.end"},
		Root:   "data.items", TimeFormat: timeFormat,
		Fields: Fields{ID: "key", Title: "subject", Description: "body", Severity: "severity.name", Status: "status", Opened: "created", Updated: "updated", Resolved: "closed_at"},
		Dimensions: []DimensionSpec{{Key: "team", Name: "Team", Path: "owner.team.name"}, {Key: "tags", Path: "tags", Multi: true},
			{Key: "region", Path: "custom.#(id==1).value"}, {Key: "watcher_teams", Path: "watchers.#.teams.#.name", Multi: true}},
		Closed: Rule{Path: "closed_at", Present: true}, TicketURL: "{url}/t/{id}", Auth: AuthSpec{Type: AuthBearer}}
	if style == PagingPage {
		s.URLTemplate = tpl + "&page={page}"
	}
	return s
}

func newConnector(t *testing.T, url string, spec Spec, secret string) *Connector {
	t.Helper()
	if err := spec.Validate(); err != nil {
		t.Fatal(err)
	}
	return New(Config{URL: url, Spec: spec, Secret: secret, Tune: []func(*httpapi.Options){fast}})
}

func collect(t *testing.T, list func(connector.PageFunc) error) map[string]tickets.Ticket {
	t.Helper()
	out := map[string]tickets.Ticket{}
	if err := list(func(p connector.Page) error {
		for _, tk := range p.Tickets {
			if _, dup := out[tk.ID]; dup {
				t.Errorf("%s delivered twice", tk.ID)
			}
			out[tk.ID] = tk
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return out
}

// The test matrix: every paging style × every time format, over missing and null values and nested arrays.
func TestEveryPagingStyleAndTimeFormat(t *testing.T) {
	for _, style := range []string{PagingNone, PagingOffset, PagingPage, PagingLink, PagingNextURL, PagingCursor} {
		for _, tf := range []string{TimeRFC3339, TimeEpochS, TimeEpochMS, "2006-01-02 15:04:05"} {
			t.Run(style+" "+tf, func(t *testing.T) {
				data := append(jsontest.Sample(base), jsontest.Generate(90, base.Add(-6*time.Hour), 3*time.Minute)...)
				srv := jsontest.NewInHouse(t, data, jsontest.InHouseOptions{Style: style, TimeFormat: tf, SinceFormat: tf, PageCap: 25})
				c := newConnector(t, srv.URL, inHouseSpec(style, tf), jsontest.Token)
				got := collect(t, func(p connector.PageFunc) error { return c.Changed(context.Background(), base.Add(-7*time.Hour), p) })
				if len(got) != 94 {
					t.Fatalf("%d tickets, want 94 (the deleted sample is not listed)", len(got))
				}
				if pages := len(srv.Asked()); style != PagingNone && pages < 4 {
					t.Errorf("%d requests: the listing did not page", pages)
				}
				one := got["1"]
				if one.Title != "Checkout fails in EU" || one.Severity != "high" || one.Closed || one.URL != srv.URL+"/t/1" ||
					!one.Opened.Equal(base) || !one.Updated.Equal(base.Add(time.Hour)) || one.Number != 1 {
					t.Errorf("ticket 1: %+v", one)
				}
				for k, v := range map[string][]string{"team": {"payments"}, "tags": {"eu", "outage"}, "region": {"eu-west"}, "watcher_teams": {"db", "sre"}} {
					if !slices.Equal(one.Dimensions[k], v) {
						t.Errorf("ticket 1 %s = %v, want %v", k, one.Dimensions[k], v)
					}
				}
				two := got["2"] // null severity, no tags key, no owner, null region: kept, empty
				if two.Severity != "" || two.Dimensions["tags"] != nil || two.Dimensions["team"] != nil || two.Dimensions["region"] != nil {
					t.Errorf("ticket 2: %+v", two)
				}
				if r := got["3"]; !r.Closed || r.Resolved == nil || !r.Resolved.Equal(base.Add(4*time.Hour)) {
					t.Errorf("ticket 3 (closed_at present): %+v", r)
				}
				if r := got["2"]; r.Closed || r.Resolved != nil {
					t.Errorf("ticket 2 (closed_at null) is closed: %+v", r)
				}
				// {since} went out in the format the API reads (the server refuses any other with a 400).
				if q := srv.Asked()[0].Get("since"); q != formatTime(base.Add(-7*time.Hour), tf) {
					t.Errorf("since=%s", q)
				}
			})
		}
	}
}

func TestOpenedKeepsTheRange(t *testing.T) {
	srv := jsontest.NewInHouse(t, jsontest.Generate(60, base.Add(-6*time.Hour), 5*time.Minute), jsontest.InHouseOptions{Style: PagingOffset})
	c := newConnector(t, srv.URL, inHouseSpec(PagingOffset, ""), jsontest.Token)
	from, to := base.Add(-5*time.Hour), base.Add(-4*time.Hour)
	got := collect(t, func(p connector.PageFunc) error { return c.Opened(context.Background(), from, to, p) })
	if len(got) != 12 {
		t.Errorf("%d tickets opened in the hour, want 12", len(got))
	}
}

func TestTestMappingNamesEveryUnmappedValue(t *testing.T) {
	srv := jsontest.NewInHouse(t, jsontest.Sample(base), jsontest.InHouseOptions{Style: PagingOffset})
	c := newConnector(t, srv.URL, inHouseSpec(PagingOffset, ""), jsontest.Token)
	rep, err := c.TestMapping(context.Background(), base.Add(-time.Hour), 3)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Records != 4 || len(rep.Tickets) != 3 || rep.Tickets[0].ID != "1" {
		t.Fatalf("report: %d records, tickets %+v", rep.Records, rep.Tickets)
	}
	var texts []string
	for _, p := range rep.Problems {
		texts = append(texts, p.String())
	}
	for _, w := range []string{"ticket 2: severity (severity.name) has no value", "ticket 2: team (owner.team.name) has no value",
		"ticket 2: tags (tags) has no value", "ticket 2: region (custom.#(id==1).value) has no value", "ticket 3: region (custom.#(id==1).value) has no value"} {
		if !slices.Contains(texts, w) {
			t.Errorf("problems lack %q:\n%s", w, strings.Join(texts, "\n"))
		}
	}
	for _, p := range texts {
		if strings.HasPrefix(p, "ticket 4") {
			t.Errorf("a problem of a ticket not shown: %s", p)
		}
	}

	// Times read in the wrong format are named with the value.
	wrong := inHouseSpec(PagingOffset, "")
	wrong.TimeFormat = TimeEpochMS
	rep, err = newConnector(t, srv.URL, wrong, jsontest.Token).TestMapping(context.Background(), base.Add(-time.Hour), 1)
	if err != nil || len(rep.Problems) == 0 || !strings.Contains(rep.Problems[0].String(), `ticket 1: opened (created): "`+base.Format(time.RFC3339)+`" is not a number of milliseconds`) {
		t.Errorf("wrong time format: %v %v", rep.Problems, err)
	}

	badRoot := inHouseSpec(PagingOffset, "")
	badRoot.Root = "data.tickets"
	_, err = newConnector(t, srv.URL, badRoot, jsontest.Token).TestMapping(context.Background(), base.Add(-time.Hour), 1)
	if err == nil || !strings.Contains(err.Error(), `the root selector "data.tickets" selects nothing, not the array of tickets: check the root selector setting`) {
		t.Errorf("bad root: %v", err)
	}
}

func TestZendeskPreset(t *testing.T) {
	p := preset(t, "zendesk")
	srv := jsontest.NewZendesk(t, append(jsontest.Sample(base), jsontest.Generate(30, base.Add(-3*time.Hour), time.Minute)...))
	srv.PageCap = 7
	p.Spec.Auth.Username = jsontest.ZendeskUser
	c := newConnector(t, srv.URL, p.Spec, jsontest.ZendeskToken)
	srv.Fail("", replay.RateLimited) // the export allows 10 requests a minute: 429 with Retry-After
	got := collect(t, func(pf connector.PageFunc) error { return c.Changed(context.Background(), base.Add(-4*time.Hour), pf) })
	if len(got) != 34 {
		t.Fatalf("%d tickets, want 34 (the deleted one dropped)", len(got))
	}
	if _, ok := got["5"]; ok {
		t.Error("the deleted ticket was delivered")
	}
	one := got["1"]
	if one.Severity != "high" || one.URL != srv.URL+"/agent/tickets/1" || !slices.Equal(one.Dimensions["tags"], []string{"eu", "outage"}) ||
		!slices.Equal(one.Dimensions["service"], []string{"eu-west"}) || one.Closed {
		t.Errorf("ticket 1: %+v", one)
	}
	if !got["3"].Closed || !got["4"].Closed || got["2"].Severity != "" {
		t.Errorf("solved and closed are closed; a null priority is empty: %+v %+v %+v", got["3"], got["4"], got["2"])
	}
	exist, _ := c.Existing(context.Background(), []string{"5", "1"})
	if exist["5"] || !exist["1"] {
		t.Errorf("existing %v: the deleted ticket must go, the others stay", exist)
	}
	asked := srv.Asked()
	if asked[0].Get("start_time") != strconv.FormatInt(base.Add(-4*time.Hour).Unix(), 10) || asked[1].Get("cursor") == "" || len(asked) < 5 {
		t.Errorf("requests: %v", asked)
	}
}

func TestYouTrackPreset(t *testing.T) {
	p := preset(t, "youtrack")
	srv := jsontest.NewYouTrack(t, append(jsontest.Sample(base), jsontest.Generate(130, base.Add(-3*time.Hour), time.Minute)...))
	c := newConnector(t, srv.URL, p.Spec, jsontest.Token)
	got := collect(t, func(pf connector.PageFunc) error {
		return c.Opened(context.Background(), base.Add(-4*time.Hour), base.Add(4*time.Hour), pf)
	})
	if len(got) != 134 {
		t.Fatalf("%d issues, want 134 over two pages of 100", len(got))
	}
	one := got["OPS-1"]
	if one.Severity != "Major" || one.Status != "Open" || one.Closed || !one.Opened.Equal(base) || one.URL != srv.URL+"/issue/OPS-1" ||
		!slices.Equal(one.Dimensions["subsystem"], []string{"payments"}) || !slices.Equal(one.Dimensions["tags"], []string{"eu", "outage"}) {
		t.Errorf("OPS-1: %+v", one)
	}
	if r := got["OPS-3"]; !r.Closed || r.Status != "Fixed" || r.Resolved == nil || !r.Resolved.Equal(base.Add(4*time.Hour)) {
		t.Errorf("OPS-3: %+v", r)
	}
	if got["OPS-1"].Dimensions["assignee"] != nil {
		t.Errorf("a null assignee: %v", got["OPS-1"].Dimensions["assignee"])
	}
}

func preset(t *testing.T, id string) Preset {
	t.Helper()
	all, err := Presets()
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range all {
		if p.ID == id {
			if err := p.Spec.Validate(); err != nil {
				t.Fatalf("preset %s: %v", id, err)
			}
			return p
		}
	}
	t.Fatalf("no preset %s in %v", id, all)
	return Preset{}
}

func TestValidateNamesTheSetting(t *testing.T) {
	ok := inHouseSpec(PagingOffset, "")
	for _, tc := range []struct {
		edit func(*Spec)
		want string
	}{
		{func(s *Spec) { s.URLTemplate = "" }, "The URL template setting is missing"},
		{func(s *Spec) { s.URLTemplate = "/x?since={updated}" }, "The URL template has the placeholder {updated}"},
		{func(s *Spec) { s.URLTemplate = "/x?p={page}" }, "The URL template has {page}, which only the page paging style fills"},
		{func(s *Spec) { s.Paging.Style = "scroll" }, `The paging style setting "scroll" is not one of`},
		{func(s *Spec) { s.Paging.Style, s.Paging.Next = PagingCursor, "" }, "The cursor paging style needs the GJSON path of the next page's cursor"},
		{func(s *Spec) { s.Fields.ID = "" }, "The field mapping of id is missing"},
		{func(s *Spec) { s.Fields.Opened = "" }, "The field mapping of opened is missing"},
		{func(s *Spec) { s.TimeFormat = "dd.mm.yyyy" }, `The tickets' time format setting "dd.mm.yyyy" is not rfc3339`},
		{func(s *Spec) { s.QueryTimeFormats = map[string]string{"page": "epoch_s"} }, `The query time format setting names "page"`},
		{func(s *Spec) { s.Dimensions[0].Key = "status" }, `Dimension 1 has the key "status", which a fixed field already uses`},
		{func(s *Spec) { s.Closed = Rule{Path: "status"} }, "The closed rule tests status but lists no values"},
		{func(s *Spec) { s.Auth = AuthSpec{Type: AuthQuery, Param: "a b"} }, `The API key parameter setting "a b" is not a query parameter name`},
	} {
		s := ok
		s.Dimensions = slices.Clone(ok.Dimensions)
		tc.edit(&s)
		if err := s.Validate(); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("got %v, want %q", err, tc.want)
		}
	}
}

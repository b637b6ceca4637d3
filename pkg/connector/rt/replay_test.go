package rt

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/spacetime/tickets/pkg/connector"
	"github.com/spacetime/tickets/pkg/connector/httpapi"
)

// replay answers REST2 requests in RT 5.0.3's shapes (captured from the live RT of scripts/rt): numbers as
// text, Resolved 1970 while unresolved, total null for a user without the global ShowTicket right. Its
// clock (Date header) runs skew ahead of the test's.
type replay struct {
	mu       sync.Mutex
	now      time.Time
	skew     time.Duration
	items    []map[string]any // every /tickets search answers these, paged
	deleted  []string         // ObjectIds of Status → deleted transactions
	inactive map[string]bool  // status → inactive, for the __Inactive__ questions
	cfStatus int              // status for GET /customfield/:id (0: 200)
	fail     func(r *http.Request) (int, string)
	queries  []string
}

func (rp *replay) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rp.mu.Lock()
	defer rp.mu.Unlock()
	w.Header().Set("Date", rp.now.Add(rp.skew).UTC().Format(http.TimeFormat))
	w.Header().Set("Content-Type", `application/json; charset="utf-8"`)
	if rp.fail != nil {
		if code, body := rp.fail(r); code != 0 {
			w.WriteHeader(code)
			fmt.Fprint(w, body)
			return
		}
	}
	q := r.URL.Query()
	switch {
	case r.URL.Path == "/REST/2.0/rt":
		fmt.Fprint(w, `{"Version":"5.0.3+dfsg-3~deb12u7","Plugins":[]}`)
	case strings.HasPrefix(r.URL.Path, "/REST/2.0/customfield/"):
		if rp.cfStatus != 0 {
			w.WriteHeader(rp.cfStatus)
			fmt.Fprint(w, `{"message":"Forbidden"}`)
			return
		}
		id := strings.TrimPrefix(r.URL.Path, "/REST/2.0/customfield/")
		fmt.Fprintf(w, `{"id":%q,"Name":%q,"MaxValues":%q}`, id, map[string]string{"2": "Service", "3": "Region", "4": "Severity", "5": "Tags"}[id],
			map[string]string{"5": "0"}[id]+map[bool]string{true: "", false: "1"}[id == "5"])
	case r.URL.Path == "/REST/2.0/transactions":
		items := []map[string]string{}
		for _, id := range rp.deleted {
			items = append(items, map[string]string{"ObjectId": id})
		}
		writePage(w, items, 1, 1, false)
	case r.URL.Path == "/REST/2.0/tickets":
		query := q.Get("query")
		rp.queries = append(rp.queries, query)
		if strings.Contains(query, "__Inactive__") || strings.Contains(query, "__Active__") {
			status := strings.Split(strings.Split(query, "Status = '")[1], "'")[0]
			match := rp.inactive[status] == strings.Contains(query, "__Inactive__")
			if match {
				writePage(w, []map[string]any{{"id": 1}}, 1, 1, false)
			} else {
				writePage(w, []map[string]any{}, 1, 1, false)
			}
			return
		}
		per := 100
		fmt.Sscan(q.Get("per_page"), &per)
		page := 1
		fmt.Sscan(q.Get("page"), &page)
		start := min((page-1)*per, len(rp.items))
		end := min(start+per, len(rp.items))
		writePage(w, rp.items[start:end], page, (len(rp.items)+per-1)/per, true)
	default:
		w.WriteHeader(http.StatusNotFound)
		fmt.Fprint(w, `{"message":"Not Found"}`)
	}
}

// writePage writes REST2's collection shape; total is null, as RT sends it to most users.
func writePage[T any](w http.ResponseWriter, items []T, page, pages int, next bool) {
	body := map[string]any{"page": page, "per_page": 100, "count": len(items), "total": nil, "pages": nil, "items": items}
	if next && page < pages {
		body["next_page"] = fmt.Sprintf("http://rt.example/REST/2.0/tickets?page=%d", page+1)
	}
	_ = json.NewEncoder(w).Encode(body)
}

func item(id int, subject, status string, priority string, created time.Time, resolved string, cfs map[string][]string) map[string]any {
	var fields []map[string]any
	for _, f := range []struct{ id, name string }{{"2", "Service"}, {"3", "Region"}, {"4", "Severity"}, {"5", "Tags"}} {
		if v, ok := cfs[f.name]; ok {
			fields = append(fields, map[string]any{"id": f.id, "name": f.name, "type": "customfield", "values": v})
		}
	}
	if resolved == "" {
		resolved = "1970-01-01T00:00:00Z"
	}
	return map[string]any{
		"id": fmt.Sprint(id), "type": "ticket", "Subject": subject, "Status": status, "Priority": priority,
		"Created": created.UTC().Format(time.RFC3339), "LastUpdated": created.Add(time.Hour).UTC().Format(time.RFC3339),
		"Resolved": resolved, "Owner": map[string]any{"id": "Nobody", "type": "user"},
		"Queue":        map[string]any{"id": "3", "type": "queue", "Name": "Ops", "Lifecycle": "default"},
		"CustomFields": fields,
	}
}

var testNow = time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)

func newReplay(t *testing.T, rp *replay, cfg Config) (*Connector, *replay) {
	t.Helper()
	if rp.now.IsZero() {
		rp.now = testNow
	}
	if rp.inactive == nil {
		rp.inactive = map[string]bool{"resolved": true, "rejected": true}
	}
	srv := httptest.NewServer(rp)
	t.Cleanup(srv.Close)
	cfg.URL, cfg.Now = srv.URL, func() time.Time { return testNow }
	if cfg.Auth == (Auth{}) {
		cfg.Auth = Auth{Token: "1-35-secrettoken0123456789"}
	}
	cfg.Reserved = []string{"id", "title", "severity", "status", "state", "url"}
	cfg.Tune = []func(*httpapi.Options){func(o *httpapi.Options) {
		o.Retry = httpapi.Retry{Attempts: 2, Base: time.Millisecond, Max: time.Millisecond}
	}}
	return New(cfg), rp
}

func collect(t *testing.T, list func(connector.PageFunc) error) (ids []string, pages []connector.Page) {
	t.Helper()
	err := list(func(p connector.Page) error {
		pages = append(pages, p)
		for _, tk := range p.Tickets {
			ids = append(ids, tk.ID)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return ids, pages
}

func TestOpenedKeepsExactlyTheRangeWithRTsClockAhead(t *testing.T) {
	from, to := testNow.Add(-2*time.Hour), testNow.Add(-time.Hour)
	rp := &replay{skew: time.Hour, items: []map[string]any{
		item(4, "after", "new", "50", to, "", nil),
		item(3, "last second", "new", "50", to.Add(-time.Second), "", nil),
		item(2, "first second", "open", "50", from, "", nil),
		item(1, "before", "open", "50", from.Add(-time.Second), "", nil),
	}}
	c, _ := newReplay(t, rp, Config{Scope: "Queue = 'Ops'"})
	ids, _ := collect(t, func(p connector.PageFunc) error { return c.Opened(context.Background(), from, to, p) })
	if strings.Join(ids, ",") != "3,2" {
		t.Errorf("Opened delivered %v, want the tickets opened in [from, to): 3,2", ids)
	}
	// RT's clock is an hour ahead: from is 3 h ago on RT's clock, and the bounds are widened by a minute.
	want := "(Created >= 'now - 10860 seconds' AND Created < 'now - 7140 seconds') AND (Queue = 'Ops')"
	if rp.queries[0] != want {
		t.Errorf("TicketSQL %q, want %q", rp.queries[0], want)
	}
}

func TestMappingOfRTsFields(t *testing.T) {
	at := testNow.Add(-time.Hour)
	rp := &replay{items: []map[string]any{
		item(1, "resolved", "resolved", "100", at, "2026-12-01T11:30:00Z", map[string][]string{"Service": {"checkout"}, "Severity": {"SEV1"}, "Tags": {"db", "eu"}}),
		item(2, "reopened", "open", "50", at, "2026-12-01T11:30:00Z", map[string][]string{"Service": {}, "Region": {"EMEA"}}),
		item(3, "low", "stalled", "0", at, "", nil),
	}}
	c, _ := newReplay(t, rp, Config{})
	_, pages := collect(t, func(p connector.PageFunc) error {
		return c.Opened(context.Background(), at.Add(-time.Hour), testNow, p)
	})
	got := map[string]string{}
	for _, tk := range pages[0].Tickets {
		res := "-"
		if tk.Resolved != nil {
			res = tk.Resolved.Format("15:04")
		}
		got[tk.ID] = fmt.Sprintf("%s|%s|closed=%v|resolved=%s|%v|%v|%v|%v|%s", tk.Severity, tk.Status, tk.Closed, res,
			tk.Dimensions["service"], tk.Dimensions["cf_severity"], tk.Dimensions["tags"], tk.Dimensions["queue"], tk.URL[strings.Index(tk.URL, "/Ticket"):])
	}
	want := map[string]string{
		"1": "High|resolved|closed=true|resolved=11:30|[checkout]|[SEV1]|[db eu]|[Ops]|/Ticket/Display.html?id=1",
		"2": "Medium|open|closed=false|resolved=-|[]|[]|[]|[Ops]|/Ticket/Display.html?id=2",
		"3": "Low|stalled|closed=false|resolved=-|[]|[]|[]|[Ops]|/Ticket/Display.html?id=3",
	}
	for id, w := range want {
		if got[id] != w {
			t.Errorf("ticket %s: %s\n                want %s", id, got[id], w)
		}
	}
	dims := map[string]bool{}
	for _, d := range pages[0].Dimensions {
		dims[d.Key] = d.Multi
	}
	if multi, ok := dims["tags"]; !ok || !multi || dims["service"] {
		t.Errorf("dimensions %v: Tags (MaxValues 0) must be multi-valued, Service not", dims)
	}
}

func TestSeverityFromACustomField(t *testing.T) {
	rp := &replay{items: []map[string]any{item(1, "x", "new", "0", testNow.Add(-time.Hour), "", map[string][]string{"Severity": {"SEV2"}})}}
	c, _ := newReplay(t, rp, Config{Severity: Severity{Field: "Severity"}})
	_, pages := collect(t, func(p connector.PageFunc) error {
		return c.Opened(context.Background(), testNow.Add(-2*time.Hour), testNow, p)
	})
	tk := pages[0].Tickets[0]
	if _, dup := tk.Dimensions["cf_severity"]; tk.Severity != "SEV2" || dup {
		t.Errorf("severity %q, dimensions %v: want SEV2 and no second copy as a dimension", tk.Severity, tk.Dimensions)
	}
	for _, d := range pages[0].Dimensions {
		if d.Name == "Severity" {
			t.Errorf("the severity field is also listed as dimension %q", d.Key)
		}
	}
}

func TestCustomFieldDefinitionsHiddenByRights(t *testing.T) {
	rp := &replay{cfStatus: http.StatusForbidden, items: []map[string]any{item(1, "x", "new", "0", testNow.Add(-time.Hour), "", map[string][]string{"Service": {"web"}})}}
	c, _ := newReplay(t, rp, Config{})
	_, pages := collect(t, func(p connector.PageFunc) error {
		return c.Opened(context.Background(), testNow.Add(-2*time.Hour), testNow, p)
	})
	if v := pages[0].Tickets[0].Dimensions["service"]; len(v) != 1 || v[0] != "web" {
		t.Errorf("service %v, want [web] although RT hides the field's definition", v)
	}
}

func TestChangedReportsDeletedTicketsButNotRestoredOnes(t *testing.T) {
	rp := &replay{deleted: []string{"7", "8"}, items: []map[string]any{item(8, "restored", "open", "50", testNow.Add(-time.Hour), "", nil)}}
	c, _ := newReplay(t, rp, Config{})
	ids, pages := collect(t, func(p connector.PageFunc) error {
		return c.Changed(context.Background(), testNow.Add(-10*time.Minute), p)
	})
	last := pages[len(pages)-1]
	if strings.Join(ids, ",") != "8" || strings.Join(last.Deleted, ",") != "7" {
		t.Errorf("tickets %v, deleted %v; want 8 listed and 7 deleted", ids, last.Deleted)
	}
	if want := "LastUpdated >= 'now - 660 seconds'"; rp.queries[0] != want {
		t.Errorf("TicketSQL %q, want %q", rp.queries[0], want)
	}
}

func TestPagesWithoutATotalFollowNextPage(t *testing.T) {
	var items []map[string]any
	for i := 250; i >= 1; i-- {
		items = append(items, item(i, "x", "new", "0", testNow.Add(-time.Duration(251-i)*time.Second), "", nil))
	}
	c, _ := newReplay(t, &replay{items: items}, Config{})
	ids, pages := collect(t, func(p connector.PageFunc) error {
		return c.Opened(context.Background(), testNow.Add(-time.Hour), testNow, p)
	})
	if len(ids) != 250 || len(pages) != 3 || pages[2].Total != -1 || pages[2].Fetched != 250 {
		t.Errorf("%d tickets in %d pages (last %+v), want 250 in 3 with no total", len(ids), len(pages), pages[len(pages)-1].Fetched)
	}
}

func TestTheScopeRTRefusesIsNamed(t *testing.T) {
	rp := &replay{fail: func(r *http.Request) (int, string) {
		if r.URL.Path == "/REST/2.0/tickets" {
			return 400, `{"message":"Wrong query, expecting a OPEN_PAREN or KEYWORD in '(Queue = 'Ops' AND (>)<--here' at /usr/share/request-tracker5/lib/RT/Tickets.pm line 3208.\n"}`
		}
		return 0, ""
	}}
	c, _ := newReplay(t, rp, Config{Scope: "Queue = 'Ops' AND ("})
	err := c.Opened(context.Background(), testNow.Add(-time.Hour), testNow, func(connector.Page) error { return nil })
	want := `Request Tracker rejected the TicketSQL scope "Queue = 'Ops' AND (": Wrong query, expecting a OPEN_PAREN or KEYWORD in '(Queue = 'Ops' AND (>)<--here'. Fix the TicketSQL scope setting.`
	if err == nil || err.Error() != want {
		t.Errorf("error %v\nwant  %s", err, want)
	}
}

func TestExistingLeavesOutDeletedTickets(t *testing.T) {
	// RT's searches never return deleted tickets: the replay answers with the ones that still exist.
	rp := &replay{items: []map[string]any{{"id": 2, "type": "ticket"}, {"id": 5, "type": "ticket"}}}
	c, _ := newReplay(t, rp, Config{Scope: "Queue = 'Ops'"})
	got, err := c.Existing(context.Background(), []string{"2", "3", "5", "PROJ-1"})
	if err != nil || len(got) != 2 || !got["2"] || !got["5"] {
		t.Errorf("Existing = %v, %v; want 2 and 5", got, err)
	}
	if want := "(id = 2 OR id = 3 OR id = 5) AND (Queue = 'Ops')"; rp.queries[0] != want {
		t.Errorf("TicketSQL %q, want %q", rp.queries[0], want)
	}
}

func TestErrorsHoldNoToken(t *testing.T) {
	rp := &replay{fail: func(*http.Request) (int, string) { return 401, `{"message":"Unauthorized"}` }}
	c, _ := newReplay(t, rp, Config{Auth: Auth{Token: "1-35-secrettoken0123456789"}})
	_, err := c.Check(context.Background(), testNow.Add(-time.Hour))
	want := "Request Tracker rejected the auth token (401): check the auth token in the datasource settings (RT: Logged in as → Settings → Auth Tokens); it may have been revoked."
	if err == nil || err.Error() != want || strings.Contains(err.Error(), "secrettoken") {
		t.Errorf("error %v\nwant  %s", err, want)
	}
}

func TestPriorityRanges(t *testing.T) {
	ranges := []PriorityRange{{"P4", 0}, {"P3", 25}, {"P2", 50}, {"P1", 75}}
	for in, want := range map[string]string{`"0"`: "P4", `"24"`: "P4", `"25"`: "P3", `99`: "P1", `"Urgent"`: "Urgent", `null`: "", `"-5"`: ""} {
		if got := byPriority(json.RawMessage(in), ranges); got != want {
			t.Errorf("priority %s → %q, want %q", in, got, want)
		}
	}
	if quote(`it's \ odd`) != `'it\'s \\ odd'` {
		t.Errorf("quote: %s", quote(`it's \ odd`))
	}
}

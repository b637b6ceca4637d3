package httpapi

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"sync"
	"testing"
)

const records = 250

// pagedServer serves records 1..250 in each paging style; flaky makes a share of requests fail transiently.
type pagedServer struct {
	mu       sync.Mutex
	cap      int      // the server's page-size cap
	asked    []string // what each request asked for
	failNext int      // fail this many requests from now, whatever they are
	flaky    float64
	rng      *rand.Rand
}

func (s *pagedServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	q := r.URL.Query()
	if r.Method == http.MethodPost {
		var b map[string]any
		raw, _ := io.ReadAll(r.Body)
		_ = json.Unmarshal(raw, &b)
		for k, v := range b {
			q.Set(k, fmt.Sprint(v))
		}
	}
	s.asked = append(s.asked, r.URL.Path+"?"+q.Encode())
	failHard := s.failNext > 0
	if failHard {
		s.failNext--
	}
	flaky := s.rng != nil && s.rng.Float64() < s.flaky
	fault := len(s.asked) % 6
	s.mu.Unlock()
	if failHard {
		status(500)(w, r) // not a dropped connection: net/http itself may resend a request whose connection dropped
		return
	}
	if flaky {
		[]http.HandlerFunc{status(500), status(503), status(429, "Retry-After", "1"), ok(`{"items":[1,2`), body("text/html", "<html>proxy</html>"), drop}[fault](w, r)
		return
	}
	n := func(k string, def int) int {
		if v, err := strconv.Atoi(q.Get(k)); err == nil {
			return v
		}
		return def
	}
	page := func(from, size int) []int {
		size = min(size, s.cap)
		var out []int
		for i := from + 1; i <= min(from+size, records); i++ {
			out = append(out, i)
		}
		return out
	}
	write := func(v map[string]any) {
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(v)
	}
	switch r.URL.Path {
	case "/offset": // Redmine, Jira DC: total_count; PagerDuty: more and no total
		items := page(n("offset", 0), n("limit", 25))
		if q.Get("style") == "pagerduty" {
			write(map[string]any{"items": items, "more": n("offset", 0)+len(items) < records})
			return
		}
		write(map[string]any{"items": items, "total": records})
	case "/pages": // GitLab
		size := min(n("per_page", 20), s.cap)
		p := n("page", 1)
		items := page((p-1)*size, size)
		next := ""
		if p*size < records {
			next = strconv.Itoa(p + 1)
		}
		w.Header().Set("X-Next-Page", next)
		write(map[string]any{"items": items})
	case "/link": // GitHub
		size := min(n("per_page", 30), s.cap)
		p := n("page", 1)
		items := page((p-1)*size, size)
		if p*size < records {
			next := fmt.Sprintf("/link?page=%d&per_page=%d", p+1, size)
			if p%2 == 1 { // absolute and relative links both occur
				next = "http://" + r.Host + next
			}
			w.Header().Set("Link", fmt.Sprintf(`<%s>; rel="next", <http://%s/link?page=9>; rel="last"`, next, r.Host))
		}
		write(map[string]any{"items": items})
	case "/token", "/cursor": // Jira Cloud, Zendesk
		from := n("nextPageToken", n("cursor", 0))
		items := page(from, n("maxResults", 50))
		v := map[string]any{"items": items}
		end := from+len(items) >= records
		if r.URL.Path == "/token" && !end {
			v["nextPageToken"] = strconv.Itoa(from + len(items))
			v["isLast"] = true // Jira's past bug: isLast wrong; the token decides
		}
		if r.URL.Path == "/cursor" {
			v["after_cursor"], v["end_of_stream"] = strconv.Itoa(from+len(items)), end
		}
		write(v)
	default:
		w.WriteHeader(404)
	}
}

type itemsPage struct {
	Items       []int  `json:"items"`
	Total       *int   `json:"total"`
	More        *bool  `json:"more"`
	Token       string `json:"nextPageToken"`
	AfterCursor string `json:"after_cursor"`
	EndOfStream bool   `json:"end_of_stream"`
}

func collectItems(got *[]int) func(*Response) (PageInfo, error) {
	return func(r *Response) (PageInfo, error) {
		var p itemsPage
		if err := json.Unmarshal(r.Body, &p); err != nil {
			return PageInfo{}, err
		}
		*got = append(*got, p.Items...)
		info := PageInfo{Items: len(p.Items), Total: -1, Next: p.Token + p.AfterCursor}
		if p.Total != nil {
			info.Total = *p.Total
		}
		info.Last = (p.More != nil && !*p.More) || p.EndOfStream
		return info, nil
	}
}

func strategies() map[string]func() (Request, Paging) {
	return map[string]func() (Request, Paging){
		"offset/limit with a total": func() (Request, Paging) {
			return Request{Path: "/offset"}, &OffsetLimit{Limit: 100}
		},
		"offset/limit with more": func() (Request, Paging) {
			return Request{Path: "/offset", Query: url.Values{"style": {"pagerduty"}}}, &OffsetLimit{Limit: 100}
		},
		"page number": func() (Request, Paging) { return Request{Path: "/pages"}, &PageNumber{Size: 100} },
		"Link header": func() (Request, Paging) {
			return Request{Path: "/link", Query: url.Values{"per_page": {"100"}}}, &LinkHeader{}
		},
		"Link or X-Next-Page, answered with X-Next-Page": func() (Request, Paging) {
			return Request{Path: "/pages", Query: url.Values{"per_page": {"100"}}}, &LinkOrNextPage{}
		},
		"Link or X-Next-Page, answered with Link": func() (Request, Paging) {
			return Request{Path: "/link", Query: url.Values{"per_page": {"100"}}}, &LinkOrNextPage{}
		},
		"next-page token in a POST body": func() (Request, Paging) {
			return Request{Method: "POST", Path: "/token", Body: map[string]any{"maxResults": 100}}, &NextToken{Param: "nextPageToken", InBody: true}
		},
		"cursor": func() (Request, Paging) {
			return Request{Path: "/cursor", Query: url.Values{"maxResults": {"100"}}}, &Cursor{NextToken{Param: "cursor"}}
		},
	}
}

func want() []int {
	var out []int
	for i := 1; i <= records; i++ {
		out = append(out, i)
	}
	return out
}

// Every strategy delivers each record once, in order, also when the server caps pages below what was asked.
func TestEveryStrategyListsEverything(t *testing.T) {
	for name, mk := range strategies() {
		t.Run(name, func(t *testing.T) {
			srv := &pagedServer{cap: 40}
			tc := newTestClient(t, srv.ServeHTTP)
			req, p := mk()
			var got []int
			if err := tc.Walk(context.Background(), req, p, collectItems(&got)); err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, want()) {
				t.Fatalf("got %d records %v...; want 1..%d once each", len(got), got[:min(len(got), 5)], records)
			}
			srv.mu.Lock()
			defer srv.mu.Unlock()
			if n := len(srv.asked); n > 8 { // 7 pages of 40, and at most one empty page
				t.Fatalf("%d requests: %v", n, srv.asked)
			}
		})
	}
}

// With 30 % of requests failing in every transient way, each strategy still lists everything once.
func TestEveryStrategySurvivesFaults(t *testing.T) {
	for name, mk := range strategies() {
		t.Run(name, func(t *testing.T) {
			srv := &pagedServer{cap: 40, flaky: 0.3, rng: rand.New(rand.NewPCG(1, 2))}
			tc := newTestClient(t, srv.ServeHTTP, func(o *Options) { o.Retry.Attempts = 10 })
			req, p := mk()
			var got []int
			if err := tc.Walk(context.Background(), req, p, collectItems(&got)); err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, want()) {
				t.Fatalf("got %d records; want 1..%d once each", len(got), records)
			}
		})
	}
}

// A page that fails past its retries leaves the strategy at that page: walking again resumes there.
func TestAListingResumesAtThePageThatFailed(t *testing.T) {
	for name, mk := range strategies() {
		t.Run(name, func(t *testing.T) {
			srv := &pagedServer{cap: 100}
			tc := newTestClient(t, srv.ServeHTTP, func(o *Options) { o.Retry.Attempts = 3 })
			req, p := mk()
			var got []int
			pages := 0
			collect := collectItems(&got)
			err := tc.Walk(context.Background(), req, p, func(r *Response) (PageInfo, error) {
				pages++
				if pages == 2 {
					srv.mu.Lock()
					srv.failNext = 3 // the third page fails all its attempts
					srv.mu.Unlock()
				}
				return collect(r)
			})
			if err == nil || len(got) != 200 {
				t.Fatalf("first walk: %v with %d records", err, len(got))
			}
			srv.mu.Lock()
			before := len(srv.asked)
			srv.mu.Unlock()
			if err := tc.Walk(context.Background(), req, p, collect); err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, want()) {
				t.Fatalf("got %d records after resuming; want 1..%d once each", len(got), records)
			}
			srv.mu.Lock()
			defer srv.mu.Unlock()
			if resumed := srv.asked[before]; resumed != srv.asked[before-1] {
				t.Fatalf("resumed with %s, want the failed page %s again", resumed, srv.asked[before-1])
			}
		})
	}
}

func TestNextLink(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{`<https://api.github.com/repos/o/r/issues?page=2>; rel="next", <https://api.github.com/repos/o/r/issues?page=5>; rel="last"`, "https://api.github.com/repos/o/r/issues?page=2"},
		{`<https://x/?a=1,2>; rel="prev", <https://x/?page=3>; rel="next last"`, "https://x/?page=3"},
		{`<https://x/1>; rel=next`, "https://x/1"},
		{`<https://x/1>; rel="last"`, ""},
		{``, ""},
	} {
		if got := NextLink([]string{c.in}); got != c.want {
			t.Errorf("%s: %q, want %q", c.in, got, c.want)
		}
	}
}

func TestATokenThatRepeatsStopsTheListing(t *testing.T) {
	tc := newTestClient(t, ok(`{"items":[1],"nextPageToken":"same"}`))
	var got []int
	err := tc.Walk(context.Background(), Request{Path: "/token"}, &NextToken{Param: "nextPageToken"}, collectItems(&got))
	if err == nil || len(got) != 2 {
		t.Fatalf("err %v after %d records; want an error after the second page", err, len(got))
	}
}

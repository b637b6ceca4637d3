package githubtest

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/spacetime/tickets/pkg/connector/replay"
)

// Options tune a replay.
type Options struct {
	// Enterprise serves under /api/v3 as GitHub Enterprise Server does.
	Enterprise bool
	// RateLimit is the primary limit per hour (default 5,000); Remaining starts there.
	RateLimit int
	// Latency is added to every answer.
	Latency time.Duration
}

// GitHub's own faults, besides replay's (Server embeds replay.Faults: a fault's path prefix is the API path,
// without /api/v3).
const (
	// SecondaryLimit is a 403 "You have exceeded a secondary rate limit" without retry-after.
	SecondaryLimit = replay.VendorFault + iota
	// SecondaryRetryAfter is the same with retry-after: 1.
	SecondaryRetryAfter
)

// Exchange is one request and the answer the replay gave (the schema test validates them).
type Exchange struct {
	// Path is the route's pattern ("/repos/{owner}/{repo}/issues"); URLPath the path asked, without /api/v3.
	Method, Path, URLPath string
	Query                 url.Values
	Header                http.Header
	Status                int
	RespHeader            http.Header
	Body                  []byte
}

// Server replays GitHub.
type Server struct {
	*httptest.Server
	replay.Faults
	opts Options

	mu        sync.Mutex
	repos     []Repo
	issues    []*Issue
	remaining int
	reset     time.Time
	exchanges replay.Log[Exchange]
}

// New starts a replay on a loopback port, closed when the test ends.
func New(t testing.TB, repos []Repo, issues []*Issue, opts Options) *Server {
	s := NewUnstarted(repos, issues, opts)
	s.Start()
	t.Cleanup(s.Close)
	return s
}

// NewUnstarted is New without starting (a command picks the listener).
func NewUnstarted(repos []Repo, issues []*Issue, opts Options) *Server {
	if opts.RateLimit <= 0 {
		opts.RateLimit = 5000
	}
	s := &Server{opts: opts, repos: repos, issues: issues, remaining: opts.RateLimit}
	s.Server = httptest.NewUnstartedServer(http.HandlerFunc(s.serve))
	return s
}

// APIURL is the REST API root a connector is configured with.
func (s *Server) APIURL() string { return s.api() }

func (s *Server) api() string {
	if s.opts.Enterprise {
		return s.URL + "/api/v3"
	}
	return s.URL
}

// web is the site's own address (html_url); the replay serves both on one port.
func (s *Server) web() string { return s.URL + "/web" }

// SetRemaining sets the primary budget left, resetting at reset.
func (s *Server) SetRemaining(n int, reset time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.remaining, s.reset = n, reset
}

// Exchanges are the requests answered so far.
func (s *Server) Exchanges() []Exchange { return s.exchanges.All() }

// Requests counts the requests per path pattern ("/repos/{owner}/{repo}/issues").
func (s *Server) Requests(pattern string) int {
	return s.exchanges.Count(func(e Exchange) bool { return e.Path == pattern })
}

// Edit changes the issue with key owner/repo#number under the lock (its Updated is set to now if unchanged).
func (s *Server) Edit(key string, f func(*Issue)) {
	replay.Edit(&s.mu, s.issues, func(is *Issue) bool { return is.Key() == key }, func(is *Issue) *time.Time { return &is.Updated }, f)
}

// Add adds issues.
func (s *Server) Add(issues ...*Issue) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.issues = append(s.issues, issues...)
}

// Issues returns a copy of the replayed issues.
func (s *Server) Issues() []Issue { return replay.Copies(&s.mu, s.issues) }

var routes = []struct {
	pattern string
	re      *regexp.Regexp
}{
	{"/user", regexp.MustCompile(`^/user$`)},
	{"/orgs/{org}/repos", regexp.MustCompile(`^/orgs/([^/]+)/repos$`)},
	{"/search/issues", regexp.MustCompile(`^/search/issues$`)},
	{"/repos/{owner}/{repo}", regexp.MustCompile(`^/repos/([^/]+/[^/]+)$`)},
	{"/repos/{owner}/{repo}/issues", regexp.MustCompile(`^/repos/([^/]+/[^/]+)/issues$`)},
	{"/repos/{owner}/{repo}/issues/{issue_number}", regexp.MustCompile(`^/repos/([^/]+/[^/]+)/issues/([0-9]+)$`)},
	{"/repositories/{id}/issues/{issue_number}", regexp.MustCompile(`^/repositories/([0-9]+)/issues/([0-9]+)$`)},
}

// buffered holds an answer until it is known whether it is a 304.
type buffered struct {
	header http.Header
	status int
	body   []byte
}

func (b *buffered) Header() http.Header { return b.header }
func (b *buffered) WriteHeader(code int) {
	if b.status == 0 {
		b.status = code
	}
}
func (b *buffered) Write(p []byte) (int, error) {
	if b.status == 0 {
		b.status = http.StatusOK
	}
	b.body = append(b.body, p...)
	return len(p), nil
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	if s.opts.Latency > 0 {
		time.Sleep(s.opts.Latency)
	}
	buf := &buffered{header: http.Header{}}
	path := r.URL.Path
	pattern := path
	if s.opts.Enterprise && !strings.HasPrefix(path, "/api/v3/") {
		s.html(buf, http.StatusNotFound, "Not Found")
	} else {
		path = strings.TrimPrefix(path, "/api/v3")
		pattern = s.handle(buf, r, path)
	}
	for k, v := range buf.header {
		w.Header()[k] = v
	}
	status, body := buf.status, buf.body
	if status == http.StatusOK && r.Method == http.MethodGet && json.Valid(body) {
		// GitHub's conditional requests: an unchanged answer is a 304 that does not count against the limit.
		sum := sha256.Sum256(body)
		etag := `W/"` + hex.EncodeToString(sum[:10]) + `"`
		w.Header().Set("ETag", etag)
		if r.Header.Get("If-None-Match") == etag {
			status, body = http.StatusNotModified, nil
			s.refund(w.Header())
		}
	}
	w.WriteHeader(status)
	_, _ = w.Write(body)
	s.exchanges.Add(Exchange{Method: r.Method, Path: pattern, URLPath: path, Query: r.URL.Query(), Header: r.Header.Clone(),
		Status: status, RespHeader: w.Header().Clone(), Body: body})
}

// refund gives back the request a 304 took from the budget, as GitHub does not count it.
func (s *Server) refund(h http.Header) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.remaining = min(s.remaining+1, s.opts.RateLimit)
	h.Set("X-Ratelimit-Remaining", strconv.Itoa(s.remaining))
	h.Set("X-Ratelimit-Used", strconv.Itoa(s.opts.RateLimit-s.remaining))
}

// Counted is how many requests the primary budget has counted in its current window.
func (s *Server) Counted() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.opts.RateLimit - s.remaining
}

// handle answers one request and returns its route pattern.
func (s *Server) handle(w http.ResponseWriter, r *http.Request, path string) string {
	pattern, args := "", []string(nil)
	for _, rt := range routes {
		if m := rt.re.FindStringSubmatch(path); m != nil {
			pattern, args = rt.pattern, m[1:]
			break
		}
	}
	if pattern == "" || r.Method != http.MethodGet {
		s.json(w, http.StatusNotFound, basicError("Not Found", ""))
		return path
	}
	if !s.authorized(r) {
		s.json(w, http.StatusUnauthorized, basicError("Bad credentials", ""))
		return pattern
	}
	if f, ok := s.Take(path); ok {
		f.Write(w, s.vendor())
		return pattern
	}
	if !s.spend(w) {
		return pattern
	}
	switch pattern {
	case "/user":
		s.json(w, http.StatusOK, s.privateUser())
	case "/orgs/{org}/repos":
		s.orgRepos(w, r, args[0])
	case "/search/issues":
		s.search(w, r)
	case "/repos/{owner}/{repo}":
		if repo, ok := s.repo(args[0]); ok {
			s.json(w, http.StatusOK, s.fullRepo(repo))
		} else {
			s.json(w, http.StatusNotFound, basicError("Not Found", "/repos/repos#get-a-repository"))
		}
	case "/repos/{owner}/{repo}/issues":
		s.list(w, r, args[0])
	case "/repos/{owner}/{repo}/issues/{issue_number}":
		n, _ := strconv.ParseInt(args[1], 10, 64)
		s.single(w, r, args[0], n)
	case "/repositories/{id}/issues/{issue_number}":
		id, _ := strconv.ParseInt(args[0], 10, 64)
		n, _ := strconv.ParseInt(args[1], 10, 64)
		s.mu.Lock()
		name := ""
		for _, repo := range s.repos {
			if repo.ID == id {
				name = repo.FullName
			}
		}
		s.mu.Unlock()
		s.single(w, r, name, n)
	}
	return pattern
}

func (s *Server) authorized(r *http.Request) bool {
	a := r.Header.Get("Authorization")
	return a == "Bearer "+Token || a == "token "+Token
}

// vendor writes replay's faults as GitHub and its edge answer them.
func (s *Server) vendor() replay.Vendor {
	return replay.Vendor{
		Error:      func(w http.ResponseWriter, status int, message string) { s.json(w, status, basicError(message, "")) },
		HTML:       htmlPage("Sign in to GitHub"),
		BadGateway: htmlPage("Unicorn! · GitHub: this page is taking too long to load."),
		Truncated:  `[{"id": 1, "number": 1, "title": "cut`,
		Messages:   map[replay.Fault]string{replay.ServerError: "Server Error"},
		Own: func(w http.ResponseWriter, k replay.Fault) int {
			if k == SecondaryRetryAfter {
				w.Header().Set("Retry-After", "1")
			}
			s.json(w, http.StatusForbidden, basicError("You have exceeded a secondary rate limit. Please wait a few minutes before you try again.", "/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits"))
			return http.StatusForbidden
		},
	}
}

// spend counts a request against the primary limit and sets the x-ratelimit headers; a spent budget is a 403.
func (s *Server) spend(w http.ResponseWriter) bool {
	s.mu.Lock()
	now := time.Now()
	if s.reset.IsZero() || !s.reset.After(now) {
		s.reset, s.remaining = now.Add(time.Hour).Truncate(time.Second), s.opts.RateLimit
	}
	spent := s.remaining <= 0
	if !spent {
		s.remaining--
	}
	h := w.Header()
	h.Set("X-Ratelimit-Limit", strconv.Itoa(s.opts.RateLimit))
	h.Set("X-Ratelimit-Remaining", strconv.Itoa(max(s.remaining, 0)))
	h.Set("X-Ratelimit-Used", strconv.Itoa(s.opts.RateLimit-max(s.remaining, 0)))
	h.Set("X-Ratelimit-Reset", strconv.FormatInt(s.reset.Unix(), 10))
	h.Set("X-Ratelimit-Resource", "core")
	s.mu.Unlock()
	if spent {
		s.json(w, http.StatusForbidden, basicError("API rate limit exceeded for user ID 9000.", "/overview/rate-limits-for-the-rest-api"))
		return false
	}
	return true
}

func (s *Server) repo(full string) (Repo, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, r := range s.repos {
		if strings.EqualFold(r.FullName, full) {
			return r, true
		}
	}
	return Repo{}, false
}

func (s *Server) orgRepos(w http.ResponseWriter, r *http.Request, org string) {
	s.mu.Lock()
	var all []any
	for _, repo := range s.repos {
		if owner, _, _ := strings.Cut(repo.FullName, "/"); strings.EqualFold(owner, org) {
			all = append(all, s.minimalRepo(repo))
		}
	}
	s.mu.Unlock()
	if all == nil {
		s.json(w, http.StatusNotFound, basicError("Not Found", "/repos/repos#list-organization-repositories"))
		return
	}
	s.paged(w, r, all)
}

// list is GET /repos/{owner}/{repo}/issues: state, since (updated at or after), sort, direction, paging.
func (s *Server) list(w http.ResponseWriter, r *http.Request, full string) {
	repo, ok := s.repo(full)
	if !ok {
		s.json(w, http.StatusNotFound, basicError("Not Found", "/issues/issues#list-repository-issues"))
		return
	}
	if !repo.HasIssues {
		s.json(w, http.StatusGone, basicError("Issues are disabled for this repo", "/issues/issues#list-repository-issues"))
		return
	}
	q := r.URL.Query()
	var since time.Time
	if v := q.Get("since"); v != "" {
		t, err := time.Parse(time.RFC3339, v)
		if err != nil {
			s.json(w, http.StatusUnprocessableEntity, map[string]any{"message": "Validation Failed", "errors": []any{map[string]any{"resource": "Issue", "field": "since", "code": "invalid"}}, "documentation_url": "https://docs.github.com/rest/issues/issues#list-repository-issues"})
			return
		}
		since = t
	}
	state := q.Get("state")
	if state == "" {
		state = "open"
	}
	s.mu.Lock()
	var picked []*Issue
	for _, is := range s.issues {
		if is.Repo != repo.FullName || !is.listed() || (state != "all" && is.State != state) || is.Updated.Before(since) {
			continue
		}
		picked = append(picked, is)
	}
	s.mu.Unlock()
	key := func(is *Issue) time.Time { return is.Created }
	if q.Get("sort") == "updated" {
		key = func(is *Issue) time.Time { return is.Updated }
	}
	asc := q.Get("direction") == "asc"
	slices.SortStableFunc(picked, func(a, b *Issue) int {
		c := key(a).Compare(key(b))
		if c == 0 {
			c = int(a.Number - b.Number)
		}
		if !asc {
			c = -c
		}
		return c
	})
	items := make([]any, len(picked))
	s.mu.Lock()
	for i, is := range picked {
		items[i] = s.issue(is)
	}
	s.mu.Unlock()
	s.paged(w, r, items)
}

// paged answers one page of items with GitHub's Link header (absolute URLs, rel next/last/first/prev).
func (s *Server) paged(w http.ResponseWriter, r *http.Request, items []any) {
	q := r.URL.Query()
	size, _ := strconv.Atoi(q.Get("per_page"))
	if size <= 0 {
		size = 30
	}
	size = min(size, 100)
	pageNo, _ := strconv.Atoi(q.Get("page"))
	pageNo = max(pageNo, 1)
	last := max((len(items)+size-1)/size, 1)
	from, to := min((pageNo-1)*size, len(items)), min(pageNo*size, len(items))
	link := func(n int, rel string) string {
		q2 := url.Values{}
		for k, v := range q {
			q2[k] = v
		}
		q2.Set("page", strconv.Itoa(n))
		return fmt.Sprintf(`<%s%s?%s>; rel="%s"`, origin(r), r.URL.Path, q2.Encode(), rel)
	}
	var links []string
	if pageNo > 1 {
		links = append(links, link(pageNo-1, "prev"))
	}
	if pageNo < last {
		links = append(links, link(pageNo+1, "next"), link(last, "last"))
	}
	if pageNo > 1 {
		links = append(links, link(1, "first"))
	}
	if len(links) > 0 {
		w.Header().Set("Link", strings.Join(links, ", "))
	}
	s.json(w, http.StatusOK, append([]any{}, items[from:to]...))
}

// single is GET /repos/{owner}/{repo}/issues/{n}: 410 deleted, 404 hidden or unknown, 301 transferred.
func (s *Server) single(w http.ResponseWriter, r *http.Request, repo string, n int64) {
	s.mu.Lock()
	var found *Issue
	for _, is := range s.issues {
		if strings.EqualFold(is.Repo, repo) && is.Number == n {
			found = is
		}
	}
	s.mu.Unlock()
	switch {
	case found == nil || found.Hidden:
		s.json(w, http.StatusNotFound, basicError("Not Found", "/issues/issues#get-an-issue"))
	case found.Deleted:
		s.json(w, http.StatusGone, basicError("This issue was deleted", "/issues/issues#get-an-issue"))
	case found.TransferredTo != "":
		to, num, _ := strings.Cut(found.TransferredTo, "#")
		target, _ := s.repo(to)
		prefix := ""
		if s.opts.Enterprise {
			prefix = "/api/v3"
		}
		loc := fmt.Sprintf("%s%s/repositories/%d/issues/%s", origin(r), prefix, target.ID, num)
		w.Header().Set("Location", loc)
		body := basicError("Moved Permanently", "/issues/issues#get-an-issue")
		body["url"] = loc
		s.json(w, http.StatusMovedPermanently, body)
	default:
		s.mu.Lock()
		body := s.issue(found)
		s.mu.Unlock()
		s.json(w, http.StatusOK, body)
	}
}

var searchTerm = regexp.MustCompile(`^(is|updated|repo|org):(.+)$`)

// search is GET /search/issues for the qualifiers Save & test uses: is:issue, updated:>=T, repo:, org:.
func (s *Server) search(w http.ResponseWriter, r *http.Request) {
	var since time.Time
	var repos, orgs []string
	for _, term := range strings.Fields(r.URL.Query().Get("q")) {
		m := searchTerm.FindStringSubmatch(term)
		if m == nil {
			continue
		}
		switch m[1] {
		case "updated":
			since, _ = time.Parse(time.RFC3339, strings.TrimPrefix(m[2], ">="))
		case "repo":
			repos = append(repos, strings.ToLower(m[2]))
		case "org":
			orgs = append(orgs, strings.ToLower(m[2]))
		}
	}
	s.mu.Lock()
	var items []any
	for _, is := range s.issues {
		owner, _, _ := strings.Cut(is.Repo, "/")
		if !is.listed() || is.PullRequest || is.Updated.Before(since) ||
			!(slices.Contains(repos, strings.ToLower(is.Repo)) || slices.Contains(orgs, strings.ToLower(owner))) {
			continue
		}
		item := s.issue(is)
		item["score"] = 1.0
		items = append(items, item)
	}
	s.mu.Unlock()
	page := items
	if len(page) > 1 {
		page = page[:1]
	}
	s.json(w, http.StatusOK, map[string]any{"total_count": len(items), "incomplete_results": false, "search_type": "lexical", "items": append([]any{}, page...)})
}

func (s *Server) json(w http.ResponseWriter, status int, v any) {
	if m, ok := v.(map[string]any); ok && status >= 300 {
		if _, has := m["status"]; has {
			m["status"] = strconv.Itoa(status)
		}
	}
	b, _ := json.Marshal(v)
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("X-Github-Media-Type", "github.v3; format=json")
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

func (s *Server) html(w http.ResponseWriter, status int, text string) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write([]byte(htmlPage(text)))
}

func htmlPage(text string) string {
	return fmt.Sprintf("<!DOCTYPE html><html><head><title>%s</title></head><body><h1>%s</h1></body></html>", text, text)
}

// origin is the address the request was sent to: links and redirects point there, as GitHub's point to the
// host asked (a proxy in front of the replay stays in front).
func origin(r *http.Request) string { return "http://" + r.Host }

// ServeHTTP answers as the replay does, for a proxy put in front of it (faultproxy.Wrap).
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.serve(w, r) }

package gitlabtest

import (
	"encoding/base64"
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
	// Keyset makes project issue listings honour pagination=keyset (GitLab 18.3 and later); without it the
	// parameter is ignored, as older versions do.
	Keyset bool
	// NoLink leaves the Link header out of offset pages (X-Next-Page only).
	NoLink bool
	// TotalsCap is the count above which X-Total and X-Total-Pages are left out (default 10,000).
	TotalsCap int
	// RateLimit is the requests allowed per minute (default 2,000, gitlab.com's for authenticated API use).
	RateLimit int
	// Latency is added to every answer.
	Latency time.Duration
}

// Server replays GitLab.
type Server struct {
	*httptest.Server
	// Faults are replay's, in GitLab's shapes (vendor); they apply to any path.
	replay.Faults
	opts Options

	mu       sync.Mutex
	projects []Project
	issues   []*Issue
	used     int
	window   time.Time
	requests replay.Log[request]
}

// request is what the replay keeps of one request: its route and query.
type request struct {
	route string
	query url.Values
}

// New starts a replay on a loopback port, closed when the test ends.
func New(t testing.TB, projects []Project, issues []*Issue, opts Options) *Server {
	s := NewUnstarted(projects, issues, opts)
	s.Start()
	t.Cleanup(s.Close)
	return s
}

// NewUnstarted is New without starting (a command picks the listener).
func NewUnstarted(projects []Project, issues []*Issue, opts Options) *Server {
	if opts.TotalsCap <= 0 {
		opts.TotalsCap = 10000
	}
	if opts.RateLimit <= 0 {
		opts.RateLimit = 2000
	}
	s := &Server{opts: opts, projects: projects, issues: issues}
	s.Server = httptest.NewUnstartedServer(http.HandlerFunc(s.serve))
	return s
}

// Requests counts the requests per route ("projects/:id/issues").
func (s *Server) Requests(route string) int {
	return s.requests.Count(func(r request) bool { return r.route == route })
}

// LastQuery is the query of the latest request to route.
func (s *Server) LastQuery(route string) url.Values {
	r, _ := s.requests.Last(func(r request) bool { return r.route == route })
	return r.query
}

// Edit changes the issue with the full reference ref (Updated set to now if f leaves it).
func (s *Server) Edit(ref string, f func(*Issue)) {
	replay.Edit(&s.mu, s.issues, func(is *Issue) bool { return is.Ref() == ref }, func(is *Issue) *time.Time { return &is.Updated }, f)
}

// Add adds issues.
func (s *Server) Add(issues ...*Issue) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.issues = append(s.issues, issues...)
}

// Issues returns a copy of the replayed issues.
func (s *Server) Issues() []Issue { return replay.Copies(&s.mu, s.issues) }

var route = regexp.MustCompile(`^/api/v4/(user|projects|groups)(?:/([^/]+))?(?:/(issues)(?:/([0-9]+))?)?$`)

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	if s.opts.Latency > 0 {
		time.Sleep(s.opts.Latency)
	}
	m := route.FindStringSubmatch(r.URL.EscapedPath())
	if m == nil || r.Method != http.MethodGet || (m[1] == "user" && m[2] != "") || (m[1] != "user" && m[2] == "") {
		s.json(w, http.StatusNotFound, map[string]any{"error": "404 Not Found"})
		return
	}
	name := m[1]
	if m[2] != "" {
		name += "/:id"
	}
	if m[3] != "" {
		name += "/issues"
	}
	if m[4] != "" {
		name += "/:iid"
	}
	s.requests.Add(request{route: name, query: r.URL.Query()})
	if tok := r.Header.Get("PRIVATE-TOKEN"); tok != Token && r.Header.Get("Authorization") != "Bearer "+Token {
		s.json(w, http.StatusUnauthorized, map[string]any{"message": "401 Unauthorized"})
		return
	}
	if f, ok := s.Take(r.URL.Path); ok {
		f.Write(w, s.vendor())
		return
	}
	if !s.spend(w) {
		return
	}
	id, _ := url.PathUnescape(m[2])
	switch {
	case name == "user":
		s.json(w, http.StatusOK, map[string]any{"id": 900, "username": Username, "name": "Spacetime Bot", "state": "active",
			"locked": false, "avatar_url": nil, "web_url": s.URL + "/" + Username, "bot": false})
	case name == "projects/:id":
		p, ok := s.project(id)
		if !ok {
			s.json(w, http.StatusNotFound, map[string]any{"message": "404 Project Not Found"})
			return
		}
		s.json(w, http.StatusOK, s.projectJSON(p))
	case name == "groups/:id":
		if !s.groupExists(id) {
			s.json(w, http.StatusNotFound, map[string]any{"message": "404 Group Not Found"})
			return
		}
		s.json(w, http.StatusOK, map[string]any{"id": 50, "name": id, "path": id, "full_path": id, "web_url": s.URL + "/groups/" + id, "visibility": "private"})
	case name == "projects/:id/issues/:iid":
		p, ok := s.project(id)
		iid, _ := strconv.ParseInt(m[4], 10, 64)
		is := s.find(p.Path, iid)
		if !ok || is == nil {
			s.json(w, http.StatusNotFound, map[string]any{"message": "404 Not found"})
			return
		}
		s.mu.Lock()
		body := s.issueJSON(is)
		s.mu.Unlock()
		s.json(w, http.StatusOK, body)
	case name == "projects/:id/issues":
		p, ok := s.project(id)
		if !ok {
			s.json(w, http.StatusNotFound, map[string]any{"message": "404 Project Not Found"})
			return
		}
		s.list(w, r, func(is *Issue) bool { return is.Project == p.Path }, s.opts.Keyset)
	case name == "groups/:id/issues":
		if !s.groupExists(id) {
			s.json(w, http.StatusNotFound, map[string]any{"message": "404 Group Not Found"})
			return
		}
		s.list(w, r, func(is *Issue) bool { return strings.HasPrefix(is.Project, id+"/") }, false)
	}
}

func (s *Server) project(id string) (Project, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, p := range s.projects {
		if p.Path == id || strconv.FormatInt(p.ID, 10) == id {
			return p, true
		}
	}
	return Project{}, false
}

func (s *Server) groupExists(g string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.ContainsFunc(s.projects, func(p Project) bool { return strings.HasPrefix(p.Path, g+"/") })
}

func (s *Server) find(project string, iid int64) *Issue {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, is := range s.issues {
		if is.Project == project && is.IID == iid && !is.Deleted {
			return is
		}
	}
	return nil
}

// vendor writes replay's faults as GitLab answers them: a 429 is Rack::Attack's plain text.
func (s *Server) vendor() replay.Vendor {
	return replay.Vendor{
		Error: func(w http.ResponseWriter, status int, message string) {
			if status == http.StatusTooManyRequests {
				s.text(w, status, "Retry later\n")
				return
			}
			s.json(w, status, map[string]any{"message": message})
		},
		RateLimitHeaders: func(h http.Header) {
			s.rateHeaders(h, 0, time.Now().Add(time.Second))
		},
		Messages:   map[replay.Fault]string{replay.ServerError: "500 Internal Server Error"},
		BadGateway: "<!DOCTYPE html><html><head><title>GitLab is not responding (502)</title></head><body>Whoops, GitLab is taking too much time to respond.</body></html>",
		Truncated:  `[{"id": 1, "iid": 1, "title": "cut`,
		HTML:       "<!DOCTYPE html><html><head><title>Sign in · GitLab</title></head><body>Sign in</body></html>",
	}
}

// spend counts a request in the minute's window and sets RateLimit-*; a spent window is a 429 with
// Retry-After until the minute ends.
func (s *Server) spend(w http.ResponseWriter) bool {
	s.mu.Lock()
	now := time.Now()
	if s.window.IsZero() || !now.Before(s.window.Add(time.Minute)) {
		s.window, s.used = now.Truncate(time.Minute), 0
	}
	s.used++
	remaining := s.opts.RateLimit - s.used
	reset := s.window.Add(time.Minute)
	s.mu.Unlock()
	s.rateHeaders(w.Header(), max(remaining, 0), reset)
	if remaining < 0 {
		w.Header().Set("Retry-After", strconv.Itoa(int(time.Until(reset).Seconds())+1))
		s.text(w, http.StatusTooManyRequests, "Retry later\n")
		return false
	}
	return true
}

func (s *Server) rateHeaders(h http.Header, remaining int, reset time.Time) {
	h.Set("RateLimit-Limit", strconv.Itoa(s.opts.RateLimit))
	h.Set("RateLimit-Observed", strconv.Itoa(s.opts.RateLimit-remaining))
	h.Set("RateLimit-Remaining", strconv.Itoa(remaining))
	h.Set("RateLimit-Reset", strconv.FormatInt(reset.Unix(), 10))
	h.Set("RateLimit-ResetTime", reset.UTC().Format(http.TimeFormat))
}

type cursor struct {
	At time.Time `json:"at"`
	ID int64     `json:"id"`
}

// list answers an issue listing: filters, order, and keyset or offset paging.
func (s *Server) list(w http.ResponseWriter, r *http.Request, in func(*Issue) bool, keyset bool) {
	q := r.URL.Query()
	bad := func(field string) {
		s.json(w, http.StatusBadRequest, map[string]any{"error": field + " is invalid"})
	}
	parse := func(k string) (time.Time, bool) {
		v := q.Get(k)
		if v == "" {
			return time.Time{}, true
		}
		t, err := time.Parse(time.RFC3339, v)
		return t, err == nil
	}
	updatedAfter, ok1 := parse("updated_after")
	createdAfter, ok2 := parse("created_after")
	createdBefore, ok3 := parse("created_before")
	if !ok1 || !ok2 || !ok3 {
		bad("updated_after, created_after, created_before")
		return
	}
	state := q.Get("state")
	orderBy := q.Get("order_by")
	if orderBy == "" {
		orderBy = "created_at"
	}
	if orderBy != "created_at" && orderBy != "updated_at" {
		bad("order_by")
		return
	}
	asc := q.Get("sort") == "asc"
	key := func(is *Issue) time.Time {
		if orderBy == "updated_at" {
			return is.Updated
		}
		return is.Created
	}
	s.mu.Lock()
	var picked []*Issue
	for _, is := range s.issues {
		if is.Deleted || !in(is) || (state != "" && state != "all" && is.State != state) ||
			(!updatedAfter.IsZero() && is.Updated.Before(updatedAfter)) ||
			(!createdAfter.IsZero() && is.Created.Before(createdAfter)) ||
			(!createdBefore.IsZero() && is.Created.After(createdBefore)) {
			continue
		}
		picked = append(picked, is)
	}
	s.mu.Unlock()
	id := func(is *Issue) int64 { return s.issueID(is) }
	slices.SortStableFunc(picked, func(a, b *Issue) int {
		c := key(a).Compare(key(b))
		if c == 0 {
			c = int(id(a) - id(b))
		}
		if !asc {
			c = -c
		}
		return c
	})
	size, _ := strconv.Atoi(q.Get("per_page"))
	if size <= 0 {
		size = 20
	}
	size = min(size, 100)
	if keyset && q.Get("pagination") == "keyset" {
		s.keysetPage(w, r, picked, size, key, id, asc)
		return
	}
	s.offsetPage(w, r, picked, size)
}

func (s *Server) keysetPage(w http.ResponseWriter, r *http.Request, picked []*Issue, size int, key func(*Issue) time.Time, id func(*Issue) int64, asc bool) {
	q := r.URL.Query()
	start := 0
	if c := q.Get("cursor"); c != "" {
		raw, err := base64.RawURLEncoding.DecodeString(c)
		var cur cursor
		if err != nil || json.Unmarshal(raw, &cur) != nil {
			s.json(w, http.StatusBadRequest, map[string]any{"message": "400 Bad request - Invalid cursor"})
			return
		}
		start = len(picked)
		for i, is := range picked {
			c := key(is).Compare(cur.At)
			if c == 0 {
				c = int(id(is) - cur.ID)
			}
			if (asc && c > 0) || (!asc && c < 0) {
				start = i
				break
			}
		}
	}
	end := min(start+size, len(picked))
	if end < len(picked) && end > start {
		last := picked[end-1]
		raw, _ := json.Marshal(cursor{At: key(last), ID: id(last)})
		q2 := cloneQuery(q)
		q2.Set("cursor", base64.RawURLEncoding.EncodeToString(raw))
		w.Header().Set("Link", fmt.Sprintf(`<http://%s%s?%s>; rel="next"`, r.Host, r.URL.EscapedPath(), q2.Encode()))
	}
	s.writeIssues(w, picked[start:end])
}

func (s *Server) offsetPage(w http.ResponseWriter, r *http.Request, picked []*Issue, size int) {
	q := r.URL.Query()
	page, _ := strconv.Atoi(q.Get("page"))
	page = max(page, 1)
	total := len(picked)
	pages := max((total+size-1)/size, 1)
	from, to := min((page-1)*size, total), min(page*size, total)
	h := w.Header()
	h.Set("X-Page", strconv.Itoa(page))
	h.Set("X-Per-Page", strconv.Itoa(size))
	next, prev := "", ""
	if to < total {
		next = strconv.Itoa(page + 1)
	}
	if page > 1 {
		prev = strconv.Itoa(page - 1)
	}
	h.Set("X-Next-Page", next)
	h.Set("X-Prev-Page", prev)
	withTotals := total <= s.opts.TotalsCap
	if withTotals {
		h.Set("X-Total", strconv.Itoa(total))
		h.Set("X-Total-Pages", strconv.Itoa(pages))
	}
	if !s.opts.NoLink {
		link := func(n int, rel string) string {
			q2 := cloneQuery(q)
			q2.Set("page", strconv.Itoa(n))
			return fmt.Sprintf(`<http://%s%s?%s>; rel="%s"`, r.Host, r.URL.EscapedPath(), q2.Encode(), rel)
		}
		var links []string
		if prev != "" {
			links = append(links, link(page-1, "prev"))
		}
		if next != "" {
			links = append(links, link(page+1, "next"))
		}
		links = append(links, link(1, "first"))
		if withTotals {
			links = append(links, link(pages, "last"))
		}
		h.Set("Link", strings.Join(links, ", "))
	}
	s.writeIssues(w, picked[from:to])
}

func cloneQuery(q url.Values) url.Values {
	out := url.Values{}
	for k, v := range q {
		out[k] = slices.Clone(v)
	}
	return out
}

func (s *Server) writeIssues(w http.ResponseWriter, issues []*Issue) {
	s.mu.Lock()
	out := make([]any, len(issues))
	for i, is := range issues {
		out[i] = s.issueJSON(is)
	}
	s.mu.Unlock()
	s.json(w, http.StatusOK, out)
}

func (s *Server) json(w http.ResponseWriter, status int, v any) {
	b, _ := json.Marshal(v)
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

func (s *Server) text(w http.ResponseWriter, status int, text string) {
	w.Header().Set("Content-Type", "text/plain")
	w.WriteHeader(status)
	_, _ = w.Write([]byte(text))
}

// ServeHTTP answers as the replay does, for a proxy put in front of it (faultproxy.Wrap).
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.serve(w, r) }

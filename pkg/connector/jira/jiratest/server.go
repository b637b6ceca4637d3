// Package jiratest replays Jira Cloud (REST v3) and Jira Data Center (REST v2) for tests, following Atlassian's
// documented shapes and behaviour:
//
//   - Cloud: POST|GET /rest/api/3/search/jql with nextPageToken (absent on the last page, isLast beside it),
//     POST /rest/api/3/search/approximate-count, /rest/api/3/myself (with the user's timeZone),
//     /rest/api/3/field, /rest/api/3/priority/search; the removed /rest/api/{2,3}/search answers 410.
//     Descriptions are ADF documents. Auth: Basic email:API token.
//   - Data Center: POST|GET /rest/api/2/search with startAt/maxResults/total, a page size capped lower than
//     asked (admin setting), a 10,000-result paging window, /rest/api/2/myself, /field, /priority.
//     Descriptions are wiki markup. Auth: PAT as Bearer, or Basic user:password.
//   - JQL is evaluated (see jql.go) with dates read in the API user's time zone at minute precision.
//   - Faults (replay.Faults) on demand (Fail) or at random (FailRandomly): 429 with Retry-After and X-RateLimit-* headers, 5xx
//     bursts (503 with Retry-After), truncated JSON, an HTML login page with status 200 (an SSO proxy after the
//     token expired), 401/403 with errorMessages, dropped connections.
//   - Deletions (Delete) and moves to another project (Move: same id, new key).
package jiratest

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/spacetime/tickets/pkg/connector/replay"
)

// Flavor is the Jira deployment the server replays.
type Flavor int

// Flavors.
const (
	Cloud Flavor = iota
	DataCenter
)

// Credentials the server accepts.
const (
	Email    = "alice@example.com"
	APIToken = "ATATT3xFfGF0-replay-token"
	PAT      = "NjQ5MTIzNDU2Nzg5OnJlcGxheS1wYXQ"
	Username = "alice"
	Password = "replay-password"
)

// Options tune a server; zero values take the defaults noted.
type Options struct {
	// TimeZone is the API user's zone (default Australia/Adelaide: +10:30/+9:30, so whole-hour guesses fail).
	TimeZone string
	// PageCap caps maxResults (default: Cloud 100, Data Center 50 — lower than a connector asks for).
	PageCap int
	// ResultWindow is the deepest startAt+maxResults Data Center pages to (default 10,000).
	ResultWindow int
	// Latency is added to every search answer (realistic paging speed for benchmarks).
	Latency time.Duration
	// RateLimit refuses requests past a budget per window, as Jira Cloud does (zero: no limit).
	RateLimit RateLimit
	// Now is the server's clock for relative dates (default time.Now).
	Now func() time.Time
}

// Server is a replayed Jira site.
type Server struct {
	*httptest.Server
	replay.Faults
	Flavor Flavor
	User   User

	opts Options
	loc  *time.Location

	mu       sync.Mutex
	issues   []*Issue
	fields   []Field
	prios    []Priority
	requests replay.Log[Request]
	deleted  map[int64]bool
	nextKey  map[string]int
	counter  loadCounter
}

// Request is what the server saw of one request (no credentials).
type Request struct {
	Method, Path string
	JQL          string
	StartAt      int
	MaxResults   int
	Token        string
	Fields       []string
	Status       int
}

// New starts a replayed Jira of the given flavor holding issues; it stops when the test ends.
func New(t testing.TB, flavor Flavor, issues []*Issue, opts Options) *Server {
	s := NewUnstarted(flavor, issues, opts)
	s.Start()
	t.Cleanup(s.Close)
	return s
}

// NewUnstarted returns a server that is not yet listening: set its Listener (cmd/jira-replay) and Start it.
func NewUnstarted(flavor Flavor, issues []*Issue, opts Options) *Server {
	if opts.TimeZone == "" {
		opts.TimeZone = "Australia/Adelaide"
	}
	if opts.PageCap == 0 {
		opts.PageCap = map[Flavor]int{Cloud: 100, DataCenter: 50}[flavor]
	}
	if opts.ResultWindow == 0 {
		opts.ResultWindow = 10000
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	loc, err := time.LoadLocation(opts.TimeZone)
	if err != nil {
		panic(err)
	}
	u := *Alice
	u.TimeZone = opts.TimeZone
	s := &Server{Flavor: flavor, User: u, opts: opts, loc: loc, fields: SampleFields(), prios: CloudPriorities(),
		deleted: map[int64]bool{}, nextKey: map[string]int{}}
	s.Add(issues...)
	s.Server = httptest.NewUnstartedServer(s)
	return s
}

func (s *Server) now() time.Time { return s.opts.Now() }

// Location is the API user's time zone.
func (s *Server) Location() *time.Location { return s.loc }

// Add stores issues (replacing those with the same id).
func (s *Server) Add(issues ...*Issue) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, is := range issues {
		cp := *is
		replaced := false
		for i, old := range s.issues {
			if old.ID == is.ID {
				s.issues[i], replaced = &cp, true
			}
		}
		if !replaced {
			s.issues = append(s.issues, &cp)
		}
		if n := keyNumber(is.Key); n >= s.nextKey[is.ProjectKey] {
			s.nextKey[is.ProjectKey] = n + 1
		}
	}
}

// Update changes the issue with key through edit and stamps it updated at now.
func (s *Server) Update(key string, now time.Time, edit func(*Issue)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, is := range s.issues {
		if is.Key == key {
			edit(is)
			is.Updated = now
			return
		}
	}
	panic("jiratest: no issue " + key)
}

// Delete removes the issue with key: searches no longer return it and Jira names its id as unknown.
func (s *Server) Delete(key string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, is := range s.issues {
		if is.Key == key {
			s.deleted[is.ID] = true
			s.issues = append(s.issues[:i], s.issues[i+1:]...)
			return
		}
	}
	panic("jiratest: no issue " + key)
}

// Move moves the issue with key to project (key and name), as Jira's "Move" does: same id, a new key in the
// target project, updated now. It returns the new key.
func (s *Server) Move(key, project, projectName string, now time.Time) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, is := range s.issues {
		if is.Key == key {
			n := max(s.nextKey[project], 1)
			s.nextKey[project] = n + 1
			is.ProjectKey, is.ProjectName, is.Key, is.Updated = project, projectName, fmt.Sprintf("%s-%d", project, n), now
			return is.Key
		}
	}
	panic("jiratest: no issue " + key)
}

// Requests returns the requests seen so far.
func (s *Server) Requests() []Request { return s.requests.All() }

// Searches returns the search requests seen so far.
func (s *Server) Searches() []Request {
	var out []Request
	for _, r := range s.Requests() {
		if strings.Contains(r.Path, "/search") {
			out = append(out, r)
		}
	}
	return out
}

// Issues returns a copy of the issues the site holds now.
func (s *Server) Issues() []Issue { return replay.Copies(&s.mu, s.issues) }

func keyNumber(key string) int {
	_, n, _ := strings.Cut(key, "-")
	v, _ := strconv.Atoi(n)
	return v
}

func (s *Server) apiVersion() string {
	if s.Flavor == Cloud {
		return "3"
	}
	return "2"
}

// ServeHTTP routes one request: faults first, then authentication, then the endpoint.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rec := Request{Method: r.Method, Path: r.URL.Path}
	defer s.leave()
	var status int
	if s.arrive(w) {
		status = s.serve(w, r, &rec)
	} else {
		status = writeErrors(w, http.StatusTooManyRequests, "Rate limit exceeded.")
	}
	rec.Status = status
	s.requests.Add(rec)
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request, rec *Request) int {
	if f, ok := s.Take(r.URL.Path); ok {
		return f.Write(w, vendor(s.Flavor))
	}
	if status := s.authenticate(w, r); status != 0 {
		return status
	}
	v := s.apiVersion()
	switch p := r.URL.Path; {
	case p == "/rest/api/2/search" && s.Flavor == DataCenter:
		return s.searchDC(w, r, rec)
	case p == "/rest/api/3/search/jql" && s.Flavor == Cloud:
		return s.searchCloud(w, r, rec)
	case p == "/rest/api/3/search/approximate-count" && s.Flavor == Cloud:
		return s.approximateCount(w, r, rec)
	case (p == "/rest/api/2/search" || p == "/rest/api/3/search") && s.Flavor == Cloud:
		return writeErrors(w, http.StatusGone, "The requested API has been removed. Please migrate to the /rest/api/3/search/jql API. A full migration guideline is available at https://developer.atlassian.com/changelog/#CHANGE-2046")
	case p == "/rest/api/"+v+"/myself":
		return writeJSON(w, http.StatusOK, s.myself())
	case p == "/rest/api/"+v+"/field":
		return writeJSON(w, http.StatusOK, s.fieldList())
	case p == "/rest/api/3/priority/search" && s.Flavor == Cloud:
		return s.prioritySearch(w, r)
	case p == "/rest/api/2/priority" && s.Flavor == DataCenter:
		return writeJSON(w, http.StatusOK, s.priorityList())
	}
	return writeErrors(w, http.StatusNotFound, "null for uri: "+r.URL.String())
}

// authenticate answers 401 like Jira for a missing or wrong credential; 0 when the request may go on.
func (s *Server) authenticate(w http.ResponseWriter, r *http.Request) int {
	h := r.Header.Get("Authorization")
	ok := false
	switch {
	case strings.HasPrefix(h, "Basic "):
		raw, _ := base64.StdEncoding.DecodeString(strings.TrimPrefix(h, "Basic "))
		user, pass, _ := strings.Cut(string(raw), ":")
		ok = (s.Flavor == Cloud && user == Email && pass == APIToken) || (s.Flavor == DataCenter && user == Username && pass == Password)
	case strings.HasPrefix(h, "Bearer "):
		ok = s.Flavor == DataCenter && strings.TrimPrefix(h, "Bearer ") == PAT
	}
	if ok {
		return 0
	}
	if s.Flavor == DataCenter {
		w.Header().Set("WWW-Authenticate", `OAuth realm="https%3A%2F%2Fjira.example.com"`)
	}
	return writeErrors(w, http.StatusUnauthorized, "You are not authenticated. Authentication required to perform this operation.")
}

type searchRequest struct {
	JQL           string   `json:"jql"`
	NextPageToken string   `json:"nextPageToken"`
	StartAt       int      `json:"startAt"`
	MaxResults    *int     `json:"maxResults"`
	Fields        []string `json:"fields"`
}

func readSearch(r *http.Request) (searchRequest, error) {
	var sr searchRequest
	if r.Method == http.MethodPost {
		if err := json.NewDecoder(r.Body).Decode(&sr); err != nil {
			return sr, fmt.Errorf("Invalid request payload. Refer to the REST API documentation and try again.")
		}
		return sr, nil
	}
	q := r.URL.Query()
	sr.JQL, sr.NextPageToken = q.Get("jql"), q.Get("nextPageToken")
	sr.StartAt, _ = strconv.Atoi(q.Get("startAt"))
	if m := q.Get("maxResults"); m != "" {
		n, _ := strconv.Atoi(m)
		sr.MaxResults = &n
	}
	if f := q.Get("fields"); f != "" {
		sr.Fields = strings.Split(f, ",")
	}
	return sr, nil
}

// match runs a JQL query over the site's issues, in the query's order.
func (s *Server) match(jql string) ([]*Issue, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	keep, orders, err := s.parseJQL(jql, s.loc)
	if err != nil {
		return nil, err
	}
	var out []*Issue
	for _, is := range s.issues {
		if keep(is) {
			out = append(out, is)
		}
	}
	sortIssues(out, orders)
	return out, nil
}

func (s *Server) pageSize(asked *int) int {
	n := 50 // Jira's default maxResults
	if asked != nil {
		n = *asked
	}
	return max(0, min(n, s.opts.PageCap))
}

func (s *Server) searchCloud(w http.ResponseWriter, r *http.Request, rec *Request) int {
	sr, err := readSearch(r)
	if err != nil {
		return writeErrors(w, http.StatusBadRequest, err.Error())
	}
	rec.JQL, rec.Token, rec.Fields = sr.JQL, sr.NextPageToken, sr.Fields
	if sr.MaxResults != nil {
		rec.MaxResults = *sr.MaxResults
	}
	if strings.TrimSpace(strings.SplitN(strings.ToLower(sr.JQL), "order by", 2)[0]) == "" {
		return writeErrors(w, http.StatusBadRequest, "Unbounded JQL queries are not allowed here. Please add a search restriction to your query.")
	}
	offset := 0
	if sr.NextPageToken != "" {
		if offset, err = decodeToken(sr.NextPageToken, sr.JQL); err != nil {
			return writeErrors(w, http.StatusBadRequest, "The provided next page token is invalid or expired.")
		}
	}
	found, err := s.match(sr.JQL)
	if err != nil {
		return writeErrors(w, http.StatusBadRequest, err.Error())
	}
	time.Sleep(s.opts.Latency)
	size := s.pageSize(sr.MaxResults)
	end := min(offset+size, len(found))
	page := found[min(offset, len(found)):end]
	body := map[string]any{"issues": s.render(page, sr.Fields)}
	if end < len(found) {
		body["nextPageToken"] = encodeToken(end, sr.JQL)
		body["isLast"] = false
	} else {
		body["isLast"] = true // and no nextPageToken key at all, as Cloud answers (JRACLOUD-92184)
	}
	return writeJSON(w, http.StatusOK, body)
}

func (s *Server) approximateCount(w http.ResponseWriter, r *http.Request, rec *Request) int {
	var body struct {
		JQL string `json:"jql"`
	}
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
		return writeErrors(w, http.StatusBadRequest, "Invalid request payload. Refer to the REST API documentation and try again.")
	}
	rec.JQL = body.JQL
	found, err := s.match(body.JQL)
	if err != nil {
		return writeErrors(w, http.StatusBadRequest, err.Error())
	}
	return writeJSON(w, http.StatusOK, map[string]any{"count": len(found)})
}

func (s *Server) searchDC(w http.ResponseWriter, r *http.Request, rec *Request) int {
	sr, err := readSearch(r)
	if err != nil {
		return writeErrors(w, http.StatusBadRequest, err.Error())
	}
	rec.JQL, rec.StartAt, rec.Fields = sr.JQL, sr.StartAt, sr.Fields
	if sr.MaxResults != nil {
		rec.MaxResults = *sr.MaxResults
	}
	size := s.pageSize(sr.MaxResults)
	if sr.StartAt+size > s.opts.ResultWindow {
		return writeErrors(w, http.StatusBadRequest, fmt.Sprintf("The search cannot page past %d results (startAt %d + maxResults %d): narrow the JQL.", s.opts.ResultWindow, sr.StartAt, size))
	}
	found, err := s.match(sr.JQL)
	if err != nil {
		return writeErrors(w, http.StatusBadRequest, err.Error())
	}
	time.Sleep(s.opts.Latency)
	start := min(sr.StartAt, len(found))
	page := found[start:min(start+size, len(found))]
	return writeJSON(w, http.StatusOK, map[string]any{
		"expand": "schema,names", "startAt": sr.StartAt, "maxResults": size, "total": len(found),
		"issues": s.render(page, sr.Fields),
	})
}

func encodeToken(offset int, jql string) string {
	return base64.RawURLEncoding.EncodeToString([]byte(fmt.Sprintf("%d|%d", offset, len(jql))))
}

func decodeToken(tok, jql string) (int, error) {
	raw, err := base64.RawURLEncoding.DecodeString(tok)
	if err != nil {
		return 0, err
	}
	off, n, ok := strings.Cut(string(raw), "|")
	if !ok || n != strconv.Itoa(len(jql)) {
		return 0, fmt.Errorf("token for another query")
	}
	return strconv.Atoi(off)
}

func (s *Server) myself() map[string]any {
	u := s.User
	m := map[string]any{"displayName": u.DisplayName, "emailAddress": u.Email, "active": true, "timeZone": u.TimeZone, "locale": "en_AU"}
	if s.Flavor == Cloud {
		m["accountId"], m["accountType"] = u.AccountID, "atlassian"
	} else {
		m["name"], m["key"] = u.Name, "JIRAUSER10000"
	}
	return m
}

func (s *Server) fieldList() []map[string]any {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]map[string]any, 0, len(s.fields))
	for _, f := range s.fields {
		clause := []string{strings.ToLower(f.ID)}
		if f.Custom {
			clause = []string{fmt.Sprintf("cf[%v]", f.Schema["customId"]), f.Name}
		}
		out = append(out, map[string]any{"id": f.ID, "key": f.ID, "name": f.Name, "custom": f.Custom, "orderable": true,
			"navigable": true, "searchable": true, "clauseNames": clause, "schema": f.Schema})
	}
	return out
}

func (s *Server) customByClause(name string) string {
	for _, f := range s.fields {
		if f.Custom && (strings.EqualFold(f.Name, name) || strings.EqualFold(fmt.Sprintf("cf[%v]", f.Schema["customId"]), name)) {
			return f.ID
		}
	}
	return ""
}

func (s *Server) priorityList() []map[string]any {
	out := make([]map[string]any, 0, len(s.prios))
	for _, p := range s.prios {
		out = append(out, map[string]any{"self": s.URL + "/rest/api/" + s.apiVersion() + "/priority/" + p.ID, "id": p.ID, "name": p.Name,
			"statusColor": p.Color, "description": p.Name, "iconUrl": s.URL + "/images/icons/priorities/" + strings.ToLower(p.Name) + ".svg"})
	}
	return out
}

func (s *Server) prioritySearch(w http.ResponseWriter, r *http.Request) int {
	all := s.priorityList()
	start, _ := strconv.Atoi(r.URL.Query().Get("startAt"))
	size := 2 // a small page, so clients must follow isLast
	if m, err := strconv.Atoi(r.URL.Query().Get("maxResults")); err == nil && m > 0 {
		size = min(m, 2)
	}
	start = min(start, len(all))
	end := min(start+size, len(all))
	return writeJSON(w, http.StatusOK, map[string]any{"startAt": start, "maxResults": size, "total": len(all),
		"isLast": end >= len(all), "values": all[start:end]})
}

// priorityRank ranks a priority name: 0 is the least severe; -1 if the site has no such priority.
func (s *Server) priorityRank(name string) int {
	for i, p := range s.prios {
		if strings.EqualFold(p.Name, name) {
			return len(s.prios) - 1 - i
		}
	}
	return -1
}

func (s *Server) hasProject(v string) bool {
	for _, is := range s.issues {
		if strings.EqualFold(is.ProjectKey, v) || strings.EqualFold(is.ProjectName, v) {
			return true
		}
	}
	return false
}

func (s *Server) hasIssue(v string) bool {
	for _, is := range s.issues {
		if strconv.FormatInt(is.ID, 10) == v || strings.EqualFold(is.Key, v) {
			return true
		}
	}
	return false
}

func writeJSON(w http.ResponseWriter, status int, v any) int {
	w.Header().Set("Content-Type", "application/json;charset=UTF-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
	return status
}

// writeErrors answers Jira's error shape: {"errorMessages": [...], "errors": {}}.
func writeErrors(w http.ResponseWriter, status int, msgs ...string) int {
	return writeJSON(w, status, map[string]any{"errorMessages": msgs, "errors": map[string]string{}})
}

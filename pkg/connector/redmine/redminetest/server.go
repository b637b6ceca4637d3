// Package redminetest is a stand-in Redmine REST API for tests: it replays the documented response shapes of
// /users/current.json and /issues.json (paging with offset/limit capped at 100, total_count, status_id=*,
// sort=updated_on:desc, created_on:desc, project_id), the X-Redmine-API-Key check and a disabled REST API (403).
//
// project_id names a project added with AddProject by its identifier or numeric id and lists that project's
// issues (matched by the issues' project.id; subprojects are not modelled). An unknown project answers 404
// with an empty JSON body, as Redmine does.
//
// As in Redmine, a wrong or missing key is an anonymous user: /users/current.json answers 401, while
// /issues.json still lists the (public) issues unless LoginRequired is set, and then answers 401 too.
package redminetest

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

//go:embed testdata/issues.json
var sampleIssues []byte

// SampleIssues returns four issues in Redmine's JSON shape, most recently updated first: open and closed,
// with and without category, assignee, description and custom fields (single, null, multiple values).
func SampleIssues() []map[string]any {
	var out []map[string]any
	if err := json.Unmarshal(sampleIssues, &out); err != nil {
		panic(err)
	}
	return out
}

// GenerateIssues returns n issues with ids 1..n, issue i updated i minutes after start.
func GenerateIssues(n int, start time.Time) []map[string]any {
	out := make([]map[string]any, 0, n)
	for i := 1; i <= n; i++ {
		ts := start.Add(time.Duration(i) * time.Minute).UTC().Format(time.RFC3339)
		out = append(out, map[string]any{
			"id":          i,
			"project":     map[string]any{"id": 1, "name": "Bench"},
			"tracker":     map[string]any{"id": 1, "name": "Bug"},
			"status":      map[string]any{"id": 1, "name": "New", "is_closed": false},
			"priority":    map[string]any{"id": 2, "name": "Normal"},
			"author":      map[string]any{"id": 1, "name": "Redmine Admin"},
			"subject":     fmt.Sprintf("Generated issue %d", i),
			"description": "",
			"custom_fields": []any{
				map[string]any{"id": 1, "name": "Service", "value": fmt.Sprintf("svc-%d", i%3)},
			},
			"created_on": ts,
			"updated_on": ts,
			"closed_on":  nil,
		})
	}
	return out
}

// Server is a fake Redmine.
type Server struct {
	*httptest.Server

	mu            sync.Mutex
	apiKey        string
	issues        []map[string]any
	restDisabled  bool
	loginRequired bool
	projects      map[string]int // identifier and decimal id → project id
	requests      []*http.Request
}

// NewServer starts a fake Redmine that accepts apiKey and serves issues; it stops when the test ends.
func NewServer(t testing.TB, apiKey string, issues []map[string]any) *Server {
	s := &Server{apiKey: apiKey, issues: issues}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.Close)
	return s
}

// AddProject makes a project known to project_id, by its identifier and by its id. Issues belong to it
// through their "project": {"id": id}.
func (s *Server) AddProject(id int, identifier string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.projects == nil {
		s.projects = map[string]int{}
	}
	s.projects[identifier] = id
	s.projects[strconv.Itoa(id)] = id
}

// DisableREST makes every API request answer 403, as Redmine does when "Enable REST web service" is off.
func (s *Server) DisableREST() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.restDisabled = true
}

// LoginRequired makes anonymous requests answer 401 everywhere (Redmine's "Authentication required" setting).
func (s *Server) LoginRequired() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.loginRequired = true
}

// Requests returns the requests served so far.
func (s *Server) Requests() []*http.Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]*http.Request(nil), s.requests...)
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.requests = append(s.requests, r.Clone(r.Context()))
	restDisabled, loginRequired := s.restDisabled, s.loginRequired
	s.mu.Unlock()

	if restDisabled {
		w.WriteHeader(http.StatusForbidden)
		return
	}
	anonymous := r.Header.Get("X-Redmine-API-Key") != s.apiKey
	if anonymous && (loginRequired || r.URL.Path == "/users/current.json") {
		w.Header().Set("WWW-Authenticate", `Basic realm="Redmine API"`)
		w.WriteHeader(http.StatusUnauthorized)
		return
	}
	switch r.URL.Path {
	case "/users/current.json":
		writeJSON(w, map[string]any{"user": map[string]any{
			"id": 1, "login": "admin", "admin": true, "firstname": "Redmine", "lastname": "Admin",
			"mail": "admin@example.net", "created_on": "2026-10-01T00:00:00Z", "last_login_on": nil,
			// Redmine really returns the key here: the plugin must never pass it on.
			"api_key": s.apiKey,
		}})
	case "/issues.json":
		s.serveIssues(w, r)
	case "/enumerations/issue_priorities.json":
		writeJSON(w, map[string]any{"issue_priorities": []map[string]any{
			{"id": 1, "name": "Low", "is_default": false, "active": true},
			{"id": 2, "name": "Normal", "is_default": true, "active": true},
			{"id": 3, "name": "High", "is_default": false, "active": true},
			{"id": 4, "name": "Urgent", "is_default": false, "active": true},
			{"id": 5, "name": "Immediate", "is_default": false, "active": true},
		}})
	default:
		w.WriteHeader(http.StatusNotFound)
	}
}

func (s *Server) serveIssues(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	limit, offset := 25, 0
	if v := q.Get("limit"); v != "" {
		limit, _ = strconv.Atoi(v)
	}
	if limit <= 0 || limit > 100 {
		limit = min(max(limit, 25), 100)
	}
	if v := q.Get("offset"); v != "" {
		offset, _ = strconv.Atoi(v)
	}
	if offset < 0 {
		offset = 0
	}

	s.mu.Lock()
	all := append([]map[string]any(nil), s.issues...)
	projectID, projectKnown := s.projects[q.Get("project_id")]
	s.mu.Unlock()

	if q.Get("project_id") != "" {
		if !projectKnown {
			// Redmine's find_project: render_404, an empty body with the API's content type.
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusNotFound)
			return
		}
		inProject := all[:0]
		for _, is := range all {
			p, _ := is["project"].(map[string]any)
			if num(p["id"]) == float64(projectID) {
				inProject = append(inProject, is)
			}
		}
		all = inProject
	}

	// Without status_id=* Redmine lists open issues only.
	if q.Get("status_id") != "*" {
		open := all[:0]
		for _, is := range all {
			st, _ := is["status"].(map[string]any)
			if closed, _ := st["is_closed"].(bool); !closed {
				open = append(open, is)
			}
		}
		all = open
	}
	all, err := filterIssues(all, q)
	if err != nil {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.WriteHeader(http.StatusUnprocessableEntity)
		_ = json.NewEncoder(w).Encode(map[string]any{"errors": []string{err.Error()}})
		return
	}
	switch strings.TrimSpace(q.Get("sort")) {
	case "updated_on:desc":
		sort.SliceStable(all, func(i, j int) bool { return str(all[i]["updated_on"]) > str(all[j]["updated_on"]) })
	case "updated_on", "updated_on:asc":
		sort.SliceStable(all, func(i, j int) bool { return str(all[i]["updated_on"]) < str(all[j]["updated_on"]) })
	case "created_on:desc": // Redmine appends "id DESC" to every sort
		sort.SliceStable(all, func(i, j int) bool {
			a, b := str(all[i]["created_on"]), str(all[j]["created_on"])
			return a > b || (a == b && num(all[i]["id"]) > num(all[j]["id"]))
		})
	case "id", "id:asc":
		sort.SliceStable(all, func(i, j int) bool { return num(all[i]["id"]) < num(all[j]["id"]) })
	default: // id desc
		sort.SliceStable(all, func(i, j int) bool { return num(all[i]["id"]) > num(all[j]["id"]) })
	}

	page := []map[string]any{}
	if offset < len(all) {
		page = all[offset:min(offset+limit, len(all))]
	}
	writeJSON(w, map[string]any{"issues": page, "total_count": len(all), "offset": offset, "limit": limit})
}

// filterIssues applies the filters the connector uses, as Redmine reads them: created_on and updated_on with
// ">=" or "><a|b" (inclusive, second precision) and issue_id as a comma-separated list.
func filterIssues(all []map[string]any, q url.Values) ([]map[string]any, error) {
	type cond struct {
		field    string
		from, to time.Time
	}
	var conds []cond
	for _, field := range []string{"created_on", "updated_on"} {
		v := q.Get(field)
		if v == "" {
			continue
		}
		var c cond
		c.field = field
		var err error
		switch {
		case strings.HasPrefix(v, ">="):
			c.from, err = time.Parse(time.RFC3339, v[2:])
			c.to = time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC)
		case strings.HasPrefix(v, "><"):
			a, b, _ := strings.Cut(v[2:], "|")
			c.from, err = time.Parse(time.RFC3339, a)
			if err == nil {
				c.to, err = time.Parse(time.RFC3339, b)
			}
		default:
			err = fmt.Errorf("unsupported operator in %q", v)
		}
		if err != nil {
			return nil, fmt.Errorf("%s is invalid", strings.ReplaceAll(field, "_on", "d"))
		}
		conds = append(conds, c)
	}
	ids := map[float64]bool{}
	if v := q.Get("issue_id"); v != "" {
		for _, part := range strings.Split(v, ",") {
			n, err := strconv.Atoi(strings.TrimSpace(part))
			if err != nil {
				return nil, fmt.Errorf("Issue is invalid")
			}
			ids[float64(n)] = true
		}
	}
	out := all[:0]
	for _, is := range all {
		keep := len(ids) == 0 || ids[num(is["id"])]
		for _, c := range conds {
			t, err := time.Parse(time.RFC3339, str(is[c.field]))
			if err != nil || t.Before(c.from) || t.After(c.to) {
				keep = false
			}
		}
		if keep {
			out = append(out, is)
		}
	}
	return out, nil
}

// Put adds or replaces an issue (by id), as an edit or a new issue in Redmine would.
func (s *Server) Put(issue map[string]any) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, is := range s.issues {
		if num(is["id"]) == num(issue["id"]) {
			s.issues[i] = issue
			return
		}
	}
	s.issues = append(s.issues, issue)
}

// Remove deletes the issue with the given id.
func (s *Server) Remove(id int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, is := range s.issues {
		if num(is["id"]) == float64(id) {
			s.issues = append(s.issues[:i], s.issues[i+1:]...)
			return
		}
	}
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	_ = json.NewEncoder(w).Encode(v)
}

func str(v any) string { s, _ := v.(string); return s }

func num(v any) float64 {
	switch n := v.(type) {
	case float64:
		return n
	case int:
		return float64(n)
	}
	return 0
}

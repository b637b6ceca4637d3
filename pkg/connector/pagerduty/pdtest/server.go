// Package pdtest replays PagerDuty's REST API v2 for tests, following PagerDuty's documented shapes and
// behaviour:
//
//   - GET /incidents with since/until (created in [since, until), at most 6 months apart), statuses[],
//     service_ids[], team_ids[], sort_by=created_at[:asc|:desc], limit (at most 100), offset, total=true;
//     answers {incidents, limit, offset, more, total}. Classic paging stops at 10,000 records: an offset
//     plus limit past that is a 400 (the message is this server's wording: PagerDuty documents the cap,
//     not its text).
//   - GET /incidents/{id}, GET /log_entries (since/until, include[]=incidents embeds the incidents, newest
//     first, offset paging with more), GET /priorities (empty when the account has priorities off),
//     GET /users/me (400 for an account-level key, as PagerDuty answers).
//   - Auth "Authorization: Token token=<key>"; the Accept header each request sent is recorded.
//   - A rate limit of Options.Limit requests per Options.Window (default 960 a minute) with the
//     ratelimit-limit, -remaining and -reset (seconds) headers on every answer, and 429 past it.
//   - Times in UTC or, with Options.TimeZone, with that zone's offset.
//   - Faults (replay.Faults) in PagerDuty's error shape {"error":{"message","code","errors"}}.
package pdtest

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/spacetime/tickets/pkg/connector/replay"
)

// Keys the server accepts.
const (
	APIKey    = "u+replayKey-8kQ2xv3Lz9"
	AccountID = "PACCT01"
)

// Accept is PagerDuty's v2 media type.
const Accept = "application/vnd.pagerduty+json;version=2"

// Options tune a server.
type Options struct {
	// Limit requests per Window (defaults 960 and one minute).
	Limit  int
	Window time.Duration
	// OffsetCap is the deepest offset+limit classic paging reaches (default 10,000).
	OffsetCap int
	// NoPriorities is an account with priorities turned off (incidents have urgency only).
	NoPriorities bool
	// AccountKey makes the key an account-level key (/users/me is a 400).
	AccountKey bool
	// Latency is added to every answer (benchmarks).
	Latency time.Duration
	// Web is the account's web address for html_url (default https://acme.pagerduty.com).
	Web string
	// TimeZone writes the times with this zone's offset (default UTC, "Z"), as ISO 8601 allows.
	TimeZone string
}

// Request is what the server saw of one request.
type Request struct {
	Path   string
	Query  map[string][]string
	Accept string
	Status int
}

// Server is a replayed PagerDuty account.
type Server struct {
	*httptest.Server
	replay.Faults
	// BetweenPages, if set (before the server serves; later with SetBetweenPages), runs after each /incidents page is served, with the number served so far.
	BetweenPages func(pages int)

	opts      Options
	loc       *time.Location
	mu        sync.Mutex
	incidents []*Incident
	log       []logEntry
	requests  replay.Log[Request]
	window    time.Time
	used      int
	pages     int
}

type logEntry struct {
	id, kind string
	at       time.Time
	incident string
}

// New starts a replayed account holding incidents; it stops when the test ends.
func New(t testing.TB, incidents []*Incident, opts Options) *Server {
	s := NewUnstarted(incidents, opts)
	s.Start()
	t.Cleanup(s.Close)
	return s
}

// NewUnstarted returns a server that is not yet listening.
func NewUnstarted(incidents []*Incident, opts Options) *Server {
	if opts.Limit == 0 {
		opts.Limit = 960
	}
	if opts.Window == 0 {
		opts.Window = time.Minute
	}
	if opts.OffsetCap == 0 {
		opts.OffsetCap = 10000
	}
	if opts.Web == "" {
		opts.Web = "https://acme.pagerduty.com"
	}
	loc := time.UTC
	if opts.TimeZone != "" {
		var err error
		if loc, err = time.LoadLocation(opts.TimeZone); err != nil {
			panic(err)
		}
	}
	s := &Server{opts: opts, loc: loc}
	for _, inc := range incidents {
		s.add(inc)
	}
	s.Server = httptest.NewUnstartedServer(http.HandlerFunc(s.serve))
	return s
}

func (s *Server) add(inc *Incident) {
	if inc.ServiceID == "" {
		inc.ServiceID = ServiceID(inc.Service)
	}
	s.incidents = append(s.incidents, inc)
	s.logAt("trigger_log_entry", inc.Created, inc.ID)
	if inc.Status == "acknowledged" {
		s.logAt("acknowledge_log_entry", inc.Updated, inc.ID)
	}
	if inc.Resolved != nil {
		s.logAt("resolve_log_entry", *inc.Resolved, inc.ID)
	}
}

func (s *Server) logAt(kind string, at time.Time, id string) {
	s.log = append(s.log, logEntry{id: ID("R", len(s.log)+1), kind: kind, at: at.UTC(), incident: id})
}

// Add creates an incident (with its trigger log entry).
func (s *Server) Add(inc *Incident) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.add(inc)
}

// Update changes an incident (by number) at at and writes the log entry of kind ("acknowledge", "resolve",
// "assign", "annotate").
func (s *Server) Update(number int, at time.Time, kind string, change func(*Incident)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, inc := range s.incidents {
		if inc.Number == number {
			change(inc)
			inc.Updated = at.UTC().Truncate(time.Second)
			s.logAt(kind+"_log_entry", inc.Updated, inc.ID)
		}
	}
}

// Incidents returns copies of the incidents the account holds now.
func (s *Server) Incidents() []Incident { return replay.Copies(&s.mu, s.incidents) }

// Requests returns what the server saw so far.
func (s *Server) Requests() []Request { return s.requests.All() }

var vendor = replay.Vendor{
	Error: func(w http.ResponseWriter, status int, message string) {
		writeError(w, status, message, 2000)
	},
	RateLimitHeaders: func(h http.Header) {},
	HTML:             `<html><head><title>PagerDuty - Maintenance</title></head><body>We'll be right back.</body></html>`,
	Truncated:        `{"incidents":[{"id":"Q1AB2CD","type":"incident","title":"Checko`,
}

func writeError(w http.ResponseWriter, status int, message string, code int, errs ...string) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	e := map[string]any{"message": message, "code": code}
	if len(errs) > 0 {
		e["errors"] = errs
	}
	_ = json.NewEncoder(w).Encode(map[string]any{"error": e})
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	rec := Request{Path: r.URL.Path, Query: r.URL.Query(), Accept: r.Header.Get("Accept")}
	rec.Status = s.answer(w, r)
	s.requests.Add(rec)
}

// limited counts the request against the rate limit and sets the ratelimit-* headers; false when spent.
func (s *Server) limited(h http.Header) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := time.Now()
	if now.Sub(s.window) >= s.opts.Window {
		s.window, s.used = now, 0
	}
	s.used++
	reset := s.window.Add(s.opts.Window).Sub(now)
	h.Set("ratelimit-limit", strconv.Itoa(s.opts.Limit))
	h.Set("ratelimit-remaining", strconv.Itoa(max(s.opts.Limit-s.used, 0)))
	h.Set("ratelimit-reset", strconv.Itoa(max(int((reset+time.Second-1)/time.Second), 1)))
	return s.used > s.opts.Limit
}

func (s *Server) answer(w http.ResponseWriter, r *http.Request) int {
	if s.opts.Latency > 0 {
		time.Sleep(s.opts.Latency)
	}
	if f, ok := s.Take(r.URL.Path); ok {
		return f.Write(w, vendor)
	}
	if r.Header.Get("Authorization") != "Token token="+APIKey {
		writeError(w, http.StatusUnauthorized, "Authentication failed", 2006)
		return http.StatusUnauthorized
	}
	if s.limited(w.Header()) {
		writeError(w, http.StatusTooManyRequests, "Rate Limit Exceeded", 2020)
		return http.StatusTooManyRequests
	}
	switch path := r.URL.Path; {
	case path == "/incidents":
		st := s.list(w, r)
		s.mu.Lock()
		s.pages++
		n, between := s.pages, s.BetweenPages
		s.mu.Unlock()
		if between != nil && st == http.StatusOK {
			between(n)
		}
		return st
	case strings.HasPrefix(path, "/incidents/"):
		return s.one(w, strings.TrimPrefix(path, "/incidents/"))
	case path == "/log_entries":
		return s.logEntries(w, r)
	case path == "/priorities":
		return s.priorities(w)
	case path == "/users/me":
		if s.opts.AccountKey {
			writeError(w, http.StatusBadRequest, "Because this request was made using an account-level access token, we were unable to determine the user's identity. Please use a user-level token.", 2100)
			return http.StatusBadRequest
		}
		writeJSON(w, map[string]any{"user": map[string]any{"id": "PUSER01", "type": "user", "name": "Alice Example", "email": "alice@example.com", "time_zone": "Europe/Berlin"}})
		return http.StatusOK
	}
	writeError(w, http.StatusNotFound, "Not Found", 2100)
	return http.StatusNotFound
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	_ = json.NewEncoder(w).Encode(v)
}

// SetBetweenPages sets BetweenPages while the server runs (nil removes it).
func (s *Server) SetBetweenPages(f func(pages int)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.BetweenPages = f
}

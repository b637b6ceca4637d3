// Package snowtest replays a ServiceNow instance's Table API for tests, following ServiceNow's documented
// shapes and behaviour:
//
//   - GET /api/now/table/{table} with sysparm_query (encoded queries: ^, ^OR, ^NQ, ORDERBY/ORDERBYDESC and
//     the common operators, see query.go), sysparm_fields (dot-walked reference fields such as
//     assignment_group.name), sysparm_limit (capped), sysparm_offset, sysparm_display_value (false: stored
//     values, times in UTC; true: display values, times in the instance's zone) and
//     sysparm_exclude_reference_link; answers {"result":[...]} with X-Total-Count and a Link header
//     (first, prev, next, last by offset). An unknown table is 400 "Invalid table".
//   - Auth: Basic admin:password, or a Bearer token from POST /oauth_token.do (client credentials); tokens
//     expire after Options.TokenTTL, or at once with ExpireTokens (the "expiry mid-sync" case).
//   - sys_audit_delete rows for deleted records (Delete), unreadable (403) with Options.AuditForbidden.
//   - Faults (replay.Faults) in ServiceNow's shapes: {"error":{"message","detail"},"status":"failure"},
//     429 with Retry-After and X-RateLimit-Limit/-Reset, the HTML "instance hibernating" page with 200.
//   - BetweenPages runs after each table page is served, so a test can change data while a client pages.
package snowtest

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

// Credentials the server accepts.
const (
	User         = "admin"
	Password     = "replay-Passw0rd"
	ClientID     = "3e57bb02663102004d010ee8f561307a"
	ClientSecret = "replay-client-secret"
)

// Options tune a server; zero values take the defaults noted.
type Options struct {
	// Table is the table the records are in (default incident).
	Table string
	// PageCap caps sysparm_limit (default 10,000, ServiceNow's usual maximum).
	PageCap int
	// TimeZone is the instance's zone for display values (default America/Los_Angeles).
	TimeZone string
	// TokenTTL is how long an OAuth access token lives (default 30 minutes, expires_in 1799).
	TokenTTL time.Duration
	// AuditForbidden makes sys_audit_delete unreadable (403), as for an account without the role.
	AuditForbidden bool
	// Latency is added to every table answer (benchmarks).
	Latency time.Duration
}

// Request is what the server saw of one request (no credentials).
type Request struct {
	Path, Query string
	Params      map[string]string
	Status      int
	Auth        string // "basic", "bearer" or ""
}

// Server is a replayed ServiceNow instance.
type Server struct {
	*httptest.Server
	replay.Faults
	// BetweenPages, if set (before the server serves; later with SetBetweenPages), runs after each table page is served, with the number of pages served so far.
	BetweenPages func(pages int)

	opts     Options
	loc      *time.Location
	mu       sync.Mutex
	records  []*Record
	audit    []auditRow
	tokens   map[string]time.Time
	issued   int
	pages    int
	requests replay.Log[Request]
}

type auditRow struct {
	sysID, table, key string
	at                time.Time
}

// New starts a replayed instance holding records; it stops when the test ends.
func New(t testing.TB, records []*Record, opts Options) *Server {
	s := NewUnstarted(records, opts)
	s.Start()
	t.Cleanup(s.Close)
	return s
}

// NewUnstarted returns a server that is not yet listening (set its Listener and Start it).
func NewUnstarted(records []*Record, opts Options) *Server {
	if opts.Table == "" {
		opts.Table = "incident"
	}
	if opts.PageCap == 0 {
		opts.PageCap = 10000
	}
	if opts.TimeZone == "" {
		opts.TimeZone = "America/Los_Angeles"
	}
	if opts.TokenTTL == 0 {
		opts.TokenTTL = 30 * time.Minute
	}
	loc, err := time.LoadLocation(opts.TimeZone)
	if err != nil {
		panic(err)
	}
	s := &Server{opts: opts, loc: loc, records: records, tokens: map[string]time.Time{}}
	s.Server = httptest.NewUnstartedServer(http.HandlerFunc(s.serve))
	return s
}

// Records returns copies of the records the instance holds now.
func (s *Server) Records() []Record { return replay.Copies(&s.mu, s.records) }

// Update changes a record (by number) and sets its sys_updated_on to at.
func (s *Server) Update(number string, at time.Time, change func(*Record)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, r := range s.records {
		if r.Number == number {
			change(r)
			r.Updated = at.UTC().Truncate(time.Second)
		}
	}
}

// Add inserts a record.
func (s *Server) Add(r *Record) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.records = append(s.records, r)
}

// Delete removes a record (by number) and writes its sys_audit_delete row.
func (s *Server) Delete(number string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, r := range s.records {
		if r.Number == number {
			s.audit = append(s.audit, auditRow{sysID: SysID("audit" + r.SysID), table: s.opts.Table, key: r.SysID, at: time.Now().UTC()})
			s.records = append(s.records[:i], s.records[i+1:]...)
			return
		}
	}
}

// ExpireTokens makes every access token issued so far invalid (the instance answers 401 to them).
func (s *Server) ExpireTokens() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tokens = map[string]time.Time{}
}

// TokensIssued counts the access tokens /oauth_token.do handed out.
func (s *Server) TokensIssued() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.issued
}

// Requests returns what the server saw so far.
func (s *Server) Requests() []Request { return s.requests.All() }

// Location is the instance's zone (display values).
func (s *Server) Location() *time.Location { return s.loc }

var vendor = replay.Vendor{
	Error: func(w http.ResponseWriter, status int, message string) {
		writeError(w, status, message, "")
	},
	RateLimitHeaders: func(h http.Header) {
		h.Set("X-RateLimit-Limit", "5000")
		h.Set("X-RateLimit-Reset", strconv.FormatInt(time.Now().Add(time.Second).Unix(), 10))
	},
	HTML:      `<html><head><title>Instance Hibernating page</title></head><body><h1>Your instance is hibernating</h1><a href="https://developer.servicenow.com">Sign in to wake it up</a></body></html>`,
	Truncated: `{"result":[{"sys_id":"a1b2","number":"INC00`,
}

func writeError(w http.ResponseWriter, status int, message, detail string) {
	w.Header().Set("Content-Type", "application/json;charset=UTF-8")
	w.WriteHeader(status)
	var d any
	if detail != "" {
		d = detail
	}
	_ = json.NewEncoder(w).Encode(map[string]any{"error": map[string]any{"message": message, "detail": d}, "status": "failure"})
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	rec := Request{Path: r.URL.Path, Query: r.URL.RawQuery, Params: map[string]string{}}
	for k := range r.URL.Query() {
		rec.Params[k] = r.URL.Query().Get(k)
	}
	status := s.answer(w, r, &rec)
	rec.Status = status
	s.requests.Add(rec)
}

func (s *Server) answer(w http.ResponseWriter, r *http.Request, rec *Request) int {
	if f, ok := s.Take(r.URL.Path); ok {
		return f.Write(w, vendor)
	}
	if r.URL.Path == "/oauth_token.do" {
		return s.token(w, r)
	}
	auth, ok := s.authorized(r)
	rec.Auth = auth
	if !ok {
		writeError(w, http.StatusUnauthorized, "User Not Authenticated", "Required to provide Auth information")
		return http.StatusUnauthorized
	}
	table, found := strings.CutPrefix(r.URL.Path, "/api/now/table/")
	if !found || r.Method != http.MethodGet {
		writeError(w, http.StatusBadRequest, "Requested URI does not represent any resource", "")
		return http.StatusBadRequest
	}
	switch table {
	case s.opts.Table:
		if s.opts.Latency > 0 {
			time.Sleep(s.opts.Latency)
		}
		status := s.table(w, r)
		s.mu.Lock()
		s.pages++
		n, between := s.pages, s.BetweenPages
		s.mu.Unlock()
		if between != nil && status == http.StatusOK {
			between(n)
		}
		return status
	case "sys_audit_delete":
		if s.opts.AuditForbidden {
			writeError(w, http.StatusForbidden, "Insufficient rights to query records", "Field(s) present in the query do not have permission to be read")
			return http.StatusForbidden
		}
		return s.auditTable(w, r)
	}
	writeError(w, http.StatusBadRequest, "Invalid table "+table, "")
	return http.StatusBadRequest
}

func (s *Server) authorized(r *http.Request) (string, bool) {
	h := r.Header.Get("Authorization")
	if tok, ok := strings.CutPrefix(h, "Bearer "); ok {
		s.mu.Lock()
		defer s.mu.Unlock()
		exp, known := s.tokens[tok]
		return "bearer", known && time.Now().Before(exp)
	}
	if b, ok := strings.CutPrefix(h, "Basic "); ok {
		raw, _ := base64.StdEncoding.DecodeString(b)
		return "basic", string(raw) == User+":"+Password
	}
	return "", false
}

// token is /oauth_token.do: grant_type=client_credentials with client_id and client_secret in the form.
func (s *Server) token(w http.ResponseWriter, r *http.Request) int {
	_ = r.ParseForm()
	id, secret := r.Form.Get("client_id"), r.Form.Get("client_secret")
	if u, p, ok := r.BasicAuth(); ok {
		id, secret = u, p
	}
	w.Header().Set("Content-Type", "application/json;charset=UTF-8")
	if r.Form.Get("grant_type") != "client_credentials" || id != ClientID || secret != ClientSecret {
		w.WriteHeader(http.StatusUnauthorized)
		_, _ = w.Write([]byte(`{"error_description":"access_denied","error":"server_error"}`))
		return http.StatusUnauthorized
	}
	s.mu.Lock()
	s.issued++
	tok := fmt.Sprintf("replay-access-%04d-%s", s.issued, SysID(fmt.Sprint(s.issued)))
	s.tokens[tok] = time.Now().Add(s.opts.TokenTTL)
	s.mu.Unlock()
	_ = json.NewEncoder(w).Encode(map[string]any{"access_token": tok, "scope": "useraccount", "token_type": "Bearer",
		"expires_in": int(s.opts.TokenTTL.Seconds()) - 1})
	return http.StatusOK
}

// SetBetweenPages sets BetweenPages while the server runs (nil removes it).
func (s *Server) SetBetweenPages(f func(pages int)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.BetweenPages = f
}

package jsontest

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sort"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/spacetime/tickets/pkg/connector/replay"
)

// Zendesk credentials: Basic "{email}/token:{api_token}".
const (
	ZendeskUser  = "agent@example.com/token"
	ZendeskToken = "zd-replay-api-token-0123"
)

// Zendesk is a replayed Zendesk incremental ticket export: GET
// /api/v2/incremental/tickets/cursor.json?start_time=<epoch s> (first page) or ?cursor=<after_cursor>,
// answering {tickets, after_url, after_cursor, before_url, before_cursor, end_of_stream} with per_page
// (at most 1,000) tickets by updated_at; deleted tickets are listed with status "deleted".
type Zendesk struct {
	*httptest.Server
	replay.Faults
	PageCap int
	mu      sync.Mutex
	tickets []*Ticket
	asked   []url.Values
}

// NewZendesk starts a replayed Zendesk; it stops when the test ends.
func NewZendesk(t testing.TB, tickets []*Ticket) *Zendesk {
	s := NewZendeskUnstarted(tickets)
	s.Start()
	t.Cleanup(s.Close)
	return s
}

// NewZendeskUnstarted returns a replayed Zendesk that is not yet listening (cmd/saas-replay serves its handler).
func NewZendeskUnstarted(tickets []*Ticket) *Zendesk {
	s := &Zendesk{tickets: tickets, PageCap: 1000}
	s.Server = httptest.NewUnstartedServer(http.HandlerFunc(s.serve))
	return s
}

// Asked returns the query of every export request.
func (s *Zendesk) Asked() []url.Values {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]url.Values(nil), s.asked...)
}

var zendeskVendor = replay.Vendor{
	Error: func(w http.ResponseWriter, status int, message string) {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.WriteHeader(status)
		_ = json.NewEncoder(w).Encode(map[string]any{"error": message, "description": message})
	},
	RateLimitHeaders: func(h http.Header) {
		h.Set("ratelimit-limit", "10")
		h.Set("ratelimit-remaining", "0")
		h.Set("ratelimit-reset", "1")
	},
	HTML:      "<html><body>Help Center is closed</body></html>",
	Truncated: `{"tickets":[{"id":1,"subject":"Check`,
}

func (s *Zendesk) serve(w http.ResponseWriter, r *http.Request) {
	if f, ok := s.Take(r.URL.Path); ok {
		f.Write(w, zendeskVendor)
		return
	}
	if u, p, ok := r.BasicAuth(); !ok || u != ZendeskUser || p != ZendeskToken {
		zendeskVendor.Error(w, http.StatusUnauthorized, "Couldn't authenticate you")
		return
	}
	if r.URL.Path != "/api/v2/incremental/tickets/cursor.json" {
		zendeskVendor.Error(w, http.StatusNotFound, "InvalidEndpoint")
		return
	}
	q := r.URL.Query()
	s.mu.Lock()
	s.asked = append(s.asked, q)
	list := append([]*Ticket(nil), s.tickets...)
	s.mu.Unlock()
	sort.SliceStable(list, func(i, j int) bool { return list[i].Updated.Before(list[j].Updated) })
	start := 0
	if c := q.Get("cursor"); c != "" {
		raw, err := base64.RawURLEncoding.DecodeString(c)
		if err != nil {
			zendeskVendor.Error(w, http.StatusBadRequest, "Invalid cursor")
			return
		}
		start, _ = strconv.Atoi(string(raw))
	} else {
		st, err := strconv.ParseInt(q.Get("start_time"), 10, 64)
		if err != nil {
			zendeskVendor.Error(w, http.StatusBadRequest, "start_time is required and must be a Unix epoch time")
			return
		}
		since := time.Unix(st, 0)
		for start < len(list) && list[start].Updated.Before(since) {
			start++
		}
	}
	size := s.PageCap
	if n, err := strconv.Atoi(q.Get("per_page")); err == nil && n > 0 {
		size = min(n, s.PageCap)
	}
	end := min(start+size, len(list))
	out := []map[string]any{}
	for _, t := range list[min(start, len(list)):end] {
		status := t.Status
		if t.Deleted {
			status = "deleted"
		}
		var prio any
		if t.Severity != "" {
			prio = t.Severity
		}
		tags := t.Tags
		if tags == nil {
			tags = []string{}
		}
		var region any
		if t.Region != "" {
			region = t.Region
		}
		out = append(out, map[string]any{"id": t.ID, "url": s.URL + "/api/v2/tickets/" + strconv.Itoa(t.ID) + ".json",
			"subject": t.Subject, "description": t.Body, "priority": prio, "status": status, "type": "incident",
			"group_id": 360000 + len(t.Team), "tags": tags, "created_at": t.Created.UTC().Format(time.RFC3339),
			"updated_at":    t.Updated.UTC().Format(time.RFC3339),
			"custom_fields": []map[string]any{{"id": 360002, "value": nil}, {"id": 360001, "value": region}}})
	}
	cursor := base64.RawURLEncoding.EncodeToString([]byte(strconv.Itoa(end)))
	after := s.URL + r.URL.Path + "?cursor=" + cursor + "&per_page=" + strconv.Itoa(size)
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	_ = json.NewEncoder(w).Encode(map[string]any{"tickets": out, "after_url": after, "after_cursor": cursor,
		"before_url": nil, "before_cursor": nil, "end_of_stream": end >= len(list)})
}

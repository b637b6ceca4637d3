package jsontest

import (
	"encoding/json"
	"fmt"
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

// Token is the bearer token the in-house and YouTrack servers accept.
const Token = "perm:cmVwbGF5.dG9rZW4=.replay"

// InHouseOptions shape the in-house tracker.
type InHouseOptions struct {
	// Style is the paging style (jsonapi.Paging* names: none, offset, page, link, nextUrl, cursor).
	Style string
	// TimeFormat writes the tickets' times: rfc3339, epoch_s, epoch_ms, or a Go layout.
	TimeFormat string
	// SinceFormat is how the since parameter is read (same names; default rfc3339).
	SinceFormat string
	// PageCap caps the page size (default 25).
	PageCap int
}

// InHouse is a replayed in-house tracker: GET /api/tickets?since=… answers
// {"data":{"items":[…],"total":N},"links":{"next":…},"meta":{"next_cursor":…,"end":…}} as its style pages.
type InHouse struct {
	*httptest.Server
	replay.Faults
	opts    InHouseOptions
	mu      sync.Mutex
	tickets []*Ticket
	asked   []url.Values
}

// NewInHouse starts an in-house tracker holding tickets (deleted ones are not listed).
func NewInHouse(t testing.TB, tickets []*Ticket, opts InHouseOptions) *InHouse {
	if opts.PageCap == 0 {
		opts.PageCap = 25
	}
	s := &InHouse{opts: opts, tickets: tickets}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.Close)
	return s
}

// Asked returns the query of every listing request.
func (s *InHouse) Asked() []url.Values {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]url.Values(nil), s.asked...)
}

var inHouseVendor = replay.Vendor{
	Error: func(w http.ResponseWriter, status int, message string) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_ = json.NewEncoder(w).Encode(map[string]string{"message": message})
	},
	HTML:      "<html><body>Please log in</body></html>",
	Truncated: `{"data":{"items":[{"key":1,"subj`,
}

func writeTime(t time.Time, f string) any {
	switch f {
	case "", "rfc3339":
		return t.UTC().Format(time.RFC3339)
	case "epoch_s":
		return t.Unix()
	case "epoch_ms":
		return t.UnixMilli()
	}
	return t.UTC().Format(f)
}

func readTime(v, f string) (time.Time, error) {
	switch f {
	case "", "rfc3339":
		return time.Parse(time.RFC3339, v)
	case "epoch_s", "epoch_ms":
		n, err := strconv.ParseInt(v, 10, 64)
		if f == "epoch_ms" {
			return time.UnixMilli(n), err
		}
		return time.Unix(n, 0), err
	}
	return time.ParseInLocation(f, v, time.UTC)
}

func (s *InHouse) render(t *Ticket) map[string]any {
	f := s.opts.TimeFormat
	m := map[string]any{"key": t.ID, "subject": t.Subject, "body": t.Body, "status": t.Status,
		"created": writeTime(t.Created, f), "updated": writeTime(t.Updated, f), "severity": nil, "closed_at": nil}
	if t.Severity != "" {
		m["severity"] = map[string]string{"name": t.Severity}
	}
	if t.Closed != nil {
		m["closed_at"] = writeTime(*t.Closed, f)
	}
	if t.Tags != nil {
		m["tags"] = t.Tags
	}
	if t.Team != "" {
		m["owner"] = map[string]any{"team": map[string]string{"name": t.Team}}
	}
	var region any
	if t.Region != "" {
		region = t.Region
	}
	m["custom"] = []map[string]any{{"id": 7, "value": "x"}, {"id": 1, "value": region}}
	var watchers []map[string]any
	for _, w := range t.Watchers {
		var teams []map[string]string
		for _, name := range w {
			teams = append(teams, map[string]string{"name": name})
		}
		watchers = append(watchers, map[string]any{"teams": teams})
	}
	if watchers != nil {
		m["watchers"] = watchers
	}
	return m
}

func (s *InHouse) serve(w http.ResponseWriter, r *http.Request) {
	if f, ok := s.Take(r.URL.Path); ok {
		f.Write(w, inHouseVendor)
		return
	}
	if r.Header.Get("Authorization") != "Bearer "+Token {
		inHouseVendor.Error(w, http.StatusUnauthorized, "invalid token")
		return
	}
	if r.URL.Path != "/api/tickets" {
		inHouseVendor.Error(w, http.StatusNotFound, "no such endpoint")
		return
	}
	q := r.URL.Query()
	since, err := readTime(q.Get("since"), s.opts.SinceFormat)
	if err != nil {
		inHouseVendor.Error(w, http.StatusBadRequest, fmt.Sprintf("since %q: %v", q.Get("since"), err))
		return
	}
	s.mu.Lock()
	s.asked = append(s.asked, q)
	var list []*Ticket
	for _, t := range s.tickets {
		if !t.Deleted && !t.Updated.Before(since) {
			list = append(list, t)
		}
	}
	s.mu.Unlock()
	sort.SliceStable(list, func(i, j int) bool { return list[i].ID < list[j].ID })

	size := s.opts.PageCap
	if n, err := strconv.Atoi(q.Get("limit") + q.Get("per_page")); err == nil && n > 0 {
		size = min(n, s.opts.PageCap)
	}
	start := 0
	switch s.opts.Style {
	case "none":
		size = len(list) + 1
	case "offset":
		start, _ = strconv.Atoi(q.Get("offset"))
	case "page", "link", "nextUrl":
		p, _ := strconv.Atoi(q.Get("page"))
		start = max(p-1, 0) * size
	case "cursor":
		if c := q.Get("cursor"); c != "" {
			start, _ = strconv.Atoi(c[1:]) // "c40"
		}
	}
	end := min(start+size, len(list))
	page := list[min(start, len(list)):end]
	items := make([]map[string]any, 0, len(page))
	for _, t := range page {
		items = append(items, s.render(t))
	}
	more := end < len(list)
	next := func(page int) string {
		nq := url.Values{"since": {q.Get("since")}, "page": {strconv.Itoa(page)}}
		return "/api/tickets?" + nq.Encode()
	}
	body := map[string]any{"data": map[string]any{"items": items, "total": len(list)}}
	p, _ := strconv.Atoi(q.Get("page"))
	switch s.opts.Style {
	case "link":
		if more {
			w.Header().Set("Link", fmt.Sprintf(`<%s%s>; rel="next"`, s.URL, next(max(p, 1)+1)))
		}
	case "nextUrl":
		var n any
		if more {
			n = next(max(p, 1) + 1) // relative, as many APIs send it
		}
		body["links"] = map[string]any{"next": n}
	case "cursor":
		body["meta"] = map[string]any{"next_cursor": fmt.Sprintf("c%d", end), "end": !more}
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(body)
}

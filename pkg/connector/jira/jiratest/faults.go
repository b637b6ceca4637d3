package jiratest

import (
	"math/rand"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Fault is one failure the server answers instead of the endpoint.
type Fault int

// Faults, as Jira or the proxies in front of it send them.
const (
	// RateLimited is 429 with Retry-After: 1 and Cloud's X-RateLimit-* / RateLimit-Reason headers.
	RateLimited Fault = iota
	// Unavailable is 503 with Retry-After: 1.
	Unavailable
	// ServerError is a bare 500.
	ServerError
	// BadGateway is a proxy's 502 HTML page.
	BadGateway
	// Truncated is a 200 whose JSON body stops halfway.
	Truncated
	// LoginPage is a 200 HTML login page: an SSO proxy in front of Jira after the token expired.
	LoginPage
	// Unauthorized is 401 with errorMessages.
	Unauthorized
	// Forbidden is 403 with errorMessages.
	Forbidden
	// Dropped closes the connection without an answer.
	Dropped
)

var faultNames = map[Fault]string{RateLimited: "429", Unavailable: "503", ServerError: "500", BadGateway: "502",
	Truncated: "truncated JSON", LoginPage: "HTML login page", Unauthorized: "401", Forbidden: "403", Dropped: "dropped connection"}

func (f Fault) String() string { return faultNames[f] }

type fault struct {
	path string // a path prefix; "" for any
	kind Fault
}

// Fail makes the next requests whose path starts with pathPrefix ("" for any) fail, one fault each, in order.
func (s *Server) Fail(pathPrefix string, faults ...Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, f := range faults {
		s.faults = append(s.faults, fault{path: pathPrefix, kind: f})
	}
}

type randomFaults struct {
	mu    sync.Mutex
	rate  float64
	rnd   *rand.Rand
	kinds []Fault
	count map[Fault]int
}

// TransientFaults are the failures a client should retry.
var TransientFaults = []Fault{RateLimited, Unavailable, ServerError, BadGateway, Truncated, Dropped}

// FailRandomly fails a share rate (0..1) of all later requests with one of kinds, drawn from seed.
func (s *Server) FailRandomly(rate float64, seed int64, kinds ...Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.random = &randomFaults{rate: rate, rnd: rand.New(rand.NewSource(seed)), kinds: kinds, count: map[Fault]int{}}
}

// FaultCounts says how many random faults of each kind were served.
func (s *Server) FaultCounts() map[Fault]int {
	s.mu.Lock()
	rf := s.random
	s.mu.Unlock()
	if rf == nil {
		return nil
	}
	rf.mu.Lock()
	defer rf.mu.Unlock()
	out := map[Fault]int{}
	for k, v := range rf.count {
		out[k] = v
	}
	return out
}

func (s *Server) takeFault(path string) (Fault, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, f := range s.faults {
		if strings.HasPrefix(path, f.path) {
			s.faults = append(s.faults[:i], s.faults[i+1:]...)
			return f.kind, true
		}
	}
	if rf := s.random; rf != nil {
		rf.mu.Lock()
		defer rf.mu.Unlock()
		if rf.rnd.Float64() < rf.rate {
			k := rf.kinds[rf.rnd.Intn(len(rf.kinds))]
			rf.count[k]++
			return k, true
		}
	}
	return 0, false
}

const loginPage = `<!DOCTYPE html><html><head><title>Log in with Atlassian account</title></head>
<body><form method="post" action="/login"><input name="username"><input name="password" type="password"></form></body></html>`

func (f Fault) write(w http.ResponseWriter, flavor Flavor) int {
	switch f {
	case RateLimited:
		h := w.Header()
		if flavor == DataCenter {
			// Data Center's optional admin rate limiting (a token bucket).
			h.Set("retry-after", "1")
			h.Set("X-RateLimit-Limit", "20")
			h.Set("X-RateLimit-Remaining", "0")
			h.Set("X-RateLimit-Interval-Seconds", "1")
			h.Set("X-RateLimit-FillRate", "10")
			return writeErrors(w, http.StatusTooManyRequests, "Rate limit exceeded.")
		}
		h.Set("Retry-After", "1")
		h.Set("X-RateLimit-Limit", "100")
		h.Set("X-RateLimit-Remaining", "0")
		h.Set("X-RateLimit-Reset", time.Now().Add(time.Second).UTC().Format(time.RFC3339))
		h.Set("RateLimit-Reason", "jira-quota-tenant-based")
		return writeErrors(w, http.StatusTooManyRequests, "Rate limit exceeded.")
	case Unavailable:
		w.Header().Set("Retry-After", "1")
		return writeErrors(w, http.StatusServiceUnavailable, "Service Unavailable")
	case ServerError:
		return writeErrors(w, http.StatusInternalServerError, "Internal server error")
	case BadGateway:
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusBadGateway)
		_, _ = w.Write([]byte("<html><body><h1>502 Bad Gateway</h1></body></html>"))
		return http.StatusBadGateway
	case Truncated:
		w.Header().Set("Content-Type", "application/json;charset=UTF-8")
		w.Header().Set("Content-Length", strconv.Itoa(200))
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write([]byte(`{"issues":[{"id":"10001","key":"OPS-1","fields":{"summary":"Checko`))
		return http.StatusOK
	case LoginPage:
		w.Header().Set("Content-Type", "text/html;charset=UTF-8")
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write([]byte(loginPage))
		return http.StatusOK
	case Unauthorized:
		return writeErrors(w, http.StatusUnauthorized, "You are not authenticated. Authentication required to perform this operation.")
	case Forbidden:
		return writeErrors(w, http.StatusForbidden, "You do not have the permission to see the specified issue.", "Login Required")
	case Dropped:
		if hj, ok := w.(http.Hijacker); ok {
			if conn, _, err := hj.Hijack(); err == nil {
				_ = conn.Close()
				return 0
			}
		}
		return ServerError.write(w, flavor)
	}
	return 0
}

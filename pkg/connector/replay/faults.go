// Package replay holds what the replay servers of SaaS ticket systems (github/githubtest, gitlab/gitlabtest,
// jira/jiratest, servicenow/snowtest, pagerduty/pdtest, jsonapi/jsontest) share: the faults they answer
// instead of an endpoint, queued or at a random share, each written in the vendor's own error shape; and the
// log of the requests they saw (log.go).
package replay

import (
	"math/rand"
	"net/http"
	"strconv"
	"strings"
	"sync"
)

// Fault is one failure a replay server answers instead of the endpoint.
type Fault int

// Faults, as the vendors or the proxies in front of them send them.
const (
	// RateLimited is 429 with Retry-After: 1 and the vendor's rate-limit headers.
	RateLimited Fault = iota
	// Unavailable is 503 with Retry-After: 1.
	Unavailable
	// ServerError is a 500 in the vendor's error shape.
	ServerError
	// BadGateway is a proxy's 502 HTML page.
	BadGateway
	// Truncated is a 200 whose JSON body stops halfway.
	Truncated
	// Malformed is a complete 200 answer whose JSON is broken (it ends halfway, Content-Length agrees).
	Malformed
	// HTMLPage is a 200 HTML page (a login page, ServiceNow's "instance hibernating" page).
	HTMLPage
	// Unauthorized is 401 in the vendor's error shape.
	Unauthorized
	// Forbidden is 403 in the vendor's error shape.
	Forbidden
	// Dropped closes the connection without an answer.
	Dropped
	// BareTooMany is a 429 with neither Retry-After nor rate-limit headers (GitHub's and GitLab's edges).
	BareTooMany
)

// VendorFault is the first kind a vendor may define for a failure of its own (GitHub's secondary rate
// limit); Vendor.Own writes those.
const VendorFault Fault = 100

var faultNames = map[Fault]string{RateLimited: "429", Unavailable: "503", ServerError: "500", BadGateway: "502",
	Truncated: "truncated JSON", Malformed: "malformed JSON", HTMLPage: "HTML page", Unauthorized: "401", Forbidden: "403", Dropped: "dropped connection", BareTooMany: "bare 429"}

func (f Fault) String() string { return faultNames[f] }

// Transient are the failures a client should retry.
var Transient = []Fault{RateLimited, Unavailable, ServerError, BadGateway, Truncated, Malformed, Dropped}

// Vendor writes a fault in one vendor's shapes.
type Vendor struct {
	// Error writes a JSON error answer with status and message.
	Error func(w http.ResponseWriter, status int, message string)
	// RateLimitHeaders sets the vendor's rate-limit headers on a 429.
	RateLimitHeaders func(h http.Header)
	// HTML is the page HTMLPage answers; Truncated the JSON that stops halfway (Truncated and Malformed);
	// BadGateway the 502 page (default a bare proxy page).
	HTML, Truncated, BadGateway string
	// Messages replace the default message of a fault's error answer with the vendor's own.
	Messages map[Fault]string
	// Own writes the vendor's own faults (from VendorFault on) and returns the status sent.
	Own func(w http.ResponseWriter, k Fault) int
}

func (v Vendor) message(k Fault, fallback string) string {
	if m, ok := v.Messages[k]; ok {
		return m
	}
	return fallback
}

// Faults is a queue of faults per path prefix, and optionally a random share of all requests.
type Faults struct {
	mu     sync.Mutex
	queue  []queued
	rate   float64
	rnd    *rand.Rand
	kinds  []Fault
	counts map[Fault]int
}

type queued struct {
	path string
	kind Fault
}

// Fail makes the next requests whose path starts with pathPrefix ("" for any) fail, one fault each, in order.
func (f *Faults) Fail(pathPrefix string, faults ...Fault) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, k := range faults {
		f.queue = append(f.queue, queued{pathPrefix, k})
	}
}

// FailRandomly fails a share rate (0..1) of all later requests with one of kinds, drawn from seed.
func (f *Faults) FailRandomly(rate float64, seed int64, kinds ...Fault) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.rate, f.rnd, f.kinds, f.counts = rate, rand.New(rand.NewSource(seed)), kinds, map[Fault]int{}
}

// Counts says how many random faults of each kind were served.
func (f *Faults) Counts() map[Fault]int {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := map[Fault]int{}
	for k, v := range f.counts {
		out[k] = v
	}
	return out
}

// Take returns the fault to answer a request for path with, if any.
func (f *Faults) Take(path string) (Fault, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for i, q := range f.queue {
		if strings.HasPrefix(path, q.path) {
			f.queue = append(f.queue[:i], f.queue[i+1:]...)
			return q.kind, true
		}
	}
	if f.rnd != nil && f.rnd.Float64() < f.rate {
		k := f.kinds[f.rnd.Intn(len(f.kinds))]
		f.counts[k]++
		return k, true
	}
	return 0, false
}

// Write answers the fault in v's shapes and returns the status sent (0 for a dropped connection).
func (k Fault) Write(w http.ResponseWriter, v Vendor) int {
	if k >= VendorFault && v.Own != nil {
		return v.Own(w, k)
	}
	switch k {
	case RateLimited:
		w.Header().Set("Retry-After", "1")
		if v.RateLimitHeaders != nil {
			v.RateLimitHeaders(w.Header())
		}
		v.Error(w, http.StatusTooManyRequests, v.message(k, "Rate limit exceeded"))
		return http.StatusTooManyRequests
	case BareTooMany:
		v.Error(w, http.StatusTooManyRequests, v.message(k, "Too Many Requests"))
		return http.StatusTooManyRequests
	case Unavailable:
		w.Header().Set("Retry-After", "1")
		v.Error(w, http.StatusServiceUnavailable, v.message(k, "Service Unavailable"))
		return http.StatusServiceUnavailable
	case ServerError:
		v.Error(w, http.StatusInternalServerError, v.message(k, "Internal server error"))
		return http.StatusInternalServerError
	case BadGateway:
		page := v.BadGateway
		if page == "" {
			page = "<html><body><h1>502 Bad Gateway</h1></body></html>"
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusBadGateway)
		_, _ = w.Write([]byte(page))
		return http.StatusBadGateway
	case Truncated:
		w.Header().Set("Content-Type", "application/json;charset=UTF-8")
		w.Header().Set("Content-Length", strconv.Itoa(len(v.Truncated)+100))
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write([]byte(v.Truncated))
		return http.StatusOK
	case Malformed:
		w.Header().Set("Content-Type", "application/json;charset=UTF-8")
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write([]byte(v.Truncated))
		return http.StatusOK
	case HTMLPage:
		w.Header().Set("Content-Type", "text/html;charset=UTF-8")
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write([]byte(v.HTML))
		return http.StatusOK
	case Unauthorized:
		v.Error(w, http.StatusUnauthorized, v.message(k, "User Not Authenticated"))
		return http.StatusUnauthorized
	case Forbidden:
		v.Error(w, http.StatusForbidden, v.message(k, "Forbidden"))
		return http.StatusForbidden
	case Dropped:
		if hj, ok := w.(http.Hijacker); ok {
			if conn, _, err := hj.Hijack(); err == nil {
				_ = conn.Close()
				return 0
			}
		}
		return ServerError.Write(w, v)
	}
	return 0
}

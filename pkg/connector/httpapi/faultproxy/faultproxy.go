// Package faultproxy puts a fault-injecting HTTP layer in front of a ticket system (a live server through
// a reverse proxy, or a replay handler in process): it fails a configurable share of the requests in the
// ways real networks and proxies fail, so tests can check that a sync completes anyway.
package faultproxy

import (
	"io"
	"log"
	"math"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Fault is one way a request fails.
type Fault string

const (
	Status500     Fault = "500"
	Status503     Fault = "503"
	RateLimit429  Fault = "429 Retry-After: 1"
	TruncatedJSON Fault = "truncated JSON"
	HTMLPage      Fault = "HTML page"
	Dropped       Fault = "dropped connection"
	Stall         Fault = "3 s stall"
)

// AllFaults are every fault, each drawn equally often.
var AllFaults = []Fault{Status500, Status503, RateLimit429, TruncatedJSON, HTMLPage, Dropped, Stall}

const block = 20

// Injector fails a share of the requests to next. The share is exact in every block of 20 requests (at
// 30 %, 6 of each 20, at places the seed draws: several may fail in a row), so even a short run sees it;
// the faults take turns in an order shuffled by the seed, so a run sees every kind and can be repeated.
type Injector struct {
	next http.Handler

	mu       sync.Mutex
	rate     float64
	faults   []Fault
	rng      *rand.Rand
	requests int // since the rate was set
	total    int
	turn     int
	failing  [block]bool // which requests of the current block fail
	injected map[Fault]int
	// StallFor is how long a Stall holds a request before passing it on (default 3 s).
	StallFor time.Duration
}

// Wrap returns an injector in front of next failing the given share (0..1) of the requests.
func Wrap(next http.Handler, rate float64, seed uint64) *Injector {
	return &Injector{next: next, rate: rate, faults: slices.Clone(AllFaults), rng: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)), // #nosec G404 -- test faults need no secure randomness
		injected: map[Fault]int{}, StallFor: 3 * time.Second}
}

// SetRate changes the share of failing requests (0..1), from the next request on.
func (in *Injector) SetRate(rate float64) {
	in.mu.Lock()
	defer in.mu.Unlock()
	in.rate = rate
	in.requests = 0 // a new block starts
}

// SetFaults restricts the faults drawn.
func (in *Injector) SetFaults(f ...Fault) {
	in.mu.Lock()
	defer in.mu.Unlock()
	in.faults, in.turn = slices.Clone(f), 0
}

// Stats says how many requests came and how many of each fault were injected.
type Stats struct {
	Requests int
	Injected map[Fault]int
}

// Faults is the total of injected faults.
func (s Stats) Faults() int {
	n := 0
	for _, c := range s.Injected {
		n += c
	}
	return n
}

func (s Stats) String() string {
	var parts []string
	for f, n := range s.Injected {
		parts = append(parts, string(f)+": "+itoa(n))
	}
	sort.Strings(parts)
	return itoa(s.Requests) + " requests, " + itoa(s.Faults()) + " faults (" + strings.Join(parts, ", ") + ")"
}

// Stats returns the counts so far.
func (in *Injector) Stats() Stats {
	in.mu.Lock()
	defer in.mu.Unlock()
	cp := map[Fault]int{}
	for k, v := range in.injected {
		cp[k] = v
	}
	return Stats{Requests: in.total, Injected: cp}
}

func (in *Injector) draw() (Fault, bool) {
	in.mu.Lock()
	defer in.mu.Unlock()
	in.requests++
	in.total++
	i := (in.requests - 1) % block
	if i == 0 {
		k := int(math.Round(in.rate * block))
		in.failing = [block]bool{}
		for _, j := range in.rng.Perm(block)[:k] {
			in.failing[j] = true
		}
	}
	if len(in.faults) == 0 || !in.failing[i] {
		return "", false
	}
	if in.turn%len(in.faults) == 0 {
		in.rng.Shuffle(len(in.faults), func(i, j int) { in.faults[i], in.faults[j] = in.faults[j], in.faults[i] })
	}
	f := in.faults[in.turn%len(in.faults)]
	in.turn++
	in.injected[f]++
	return f, true
}

func (in *Injector) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f, fail := in.draw()
	if !fail {
		in.next.ServeHTTP(w, r)
		return
	}
	switch f {
	case Status500:
		http.Error(w, "Internal Server Error", http.StatusInternalServerError)
	case Status503:
		http.Error(w, "Service Unavailable", http.StatusServiceUnavailable)
	case RateLimit429:
		w.Header().Set("Retry-After", "1")
		http.Error(w, "Too Many Requests", http.StatusTooManyRequests)
	case HTMLPage:
		// What a captive portal or a misconfigured proxy sends: 200 and a page.
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write([]byte("<!DOCTYPE html><html><head><title>Proxy error</title></head><body><h1>Upstream temporarily unavailable</h1></body></html>"))
	case Dropped:
		if conn, _, err := w.(http.Hijacker).Hijack(); err == nil {
			_ = conn.Close()
		}
	case TruncatedJSON:
		rec := httptest.NewRecorder()
		in.next.ServeHTTP(rec, r)
		for k, v := range rec.Header() {
			if k != "Content-Length" {
				w.Header()[k] = v
			}
		}
		w.WriteHeader(rec.Code)
		b := rec.Body.Bytes()
		_, _ = w.Write(b[:len(b)/2])
	case Stall:
		t := time.NewTimer(in.StallFor)
		defer t.Stop()
		select {
		case <-t.C:
			in.next.ServeHTTP(w, r)
		case <-r.Context().Done():
		}
	}
}

// Proxy is an Injector in front of a live server, listening on 127.0.0.1.
type Proxy struct {
	*Injector
	srv *httptest.Server
}

// New starts a reverse proxy to target (e.g. http://127.0.0.1:3000) that fails the given share of requests.
func New(target string, rate float64, seed uint64) (*Proxy, error) {
	u, err := url.Parse(target)
	if err != nil {
		return nil, err
	}
	rp := httputil.NewSingleHostReverseProxy(u)
	rp.ErrorLog = log.New(io.Discard, "", 0) // a client giving up on a stalled request is part of the test
	in := Wrap(rp, rate, seed)
	return &Proxy{Injector: in, srv: httptest.NewServer(in)}, nil
}

// URL is the proxy's base URL.
func (p *Proxy) URL() string { return p.srv.URL }

// Close stops the proxy.
func (p *Proxy) Close() { p.srv.Close() }

func itoa(n int) string { return strconv.Itoa(n) }

package httpapi

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"testing"
	"time"
)

const secret = "s3cr3t-T0KEN-value"

// testClient is a Client against an httptest server whose sleeps are recorded, not slept.
type testClient struct {
	*Client
	srv    *httptest.Server
	mu     sync.Mutex
	sleeps []time.Duration
	ahead  time.Duration // the fake clock runs ahead of the real one by what was "slept"
}

func newTestClient(t *testing.T, h http.HandlerFunc, tune ...func(*Options)) *testClient {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	opts := Options{System: "Tracker", BaseURL: srv.URL, HTTPClient: srv.Client(), Auth: Bearer{Token: secret}}
	for _, f := range tune {
		f(&opts)
	}
	c, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	tc := &testClient{Client: c, srv: srv}
	c.sleep = func(ctx context.Context, d time.Duration) error {
		tc.mu.Lock()
		tc.sleeps = append(tc.sleeps, d)
		tc.ahead += d
		tc.mu.Unlock()
		return ctx.Err()
	}
	c.now = func() time.Time {
		tc.mu.Lock()
		defer tc.mu.Unlock()
		return time.Now().Add(tc.ahead)
	}
	return tc
}

func (tc *testClient) slept() []time.Duration {
	tc.mu.Lock()
	defer tc.mu.Unlock()
	return append([]time.Duration(nil), tc.sleeps...)
}

// script answers the i-th request (from 0) with steps[i], and every later one with the last step.
type script struct {
	mu    sync.Mutex
	n     int
	steps []http.HandlerFunc
}

func (s *script) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	i := min(s.n, len(s.steps)-1)
	s.n++
	s.mu.Unlock()
	s.steps[i](w, r)
}

func (s *script) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.n
}

func status(code int, headers ...string) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		for i := 0; i+1 < len(headers); i += 2 {
			w.Header().Set(headers[i], headers[i+1])
		}
		w.WriteHeader(code)
	}
}

func body(ct, text string, headers ...string) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		for i := 0; i+1 < len(headers); i += 2 {
			w.Header().Set(headers[i], headers[i+1])
		}
		w.Header().Set("Content-Type", ct)
		_, _ = w.Write([]byte(text))
	}
}

func ok(text string) http.HandlerFunc { return body("application/json", text) }

// drop closes the connection without an answer (a reset as the client sees it).
func drop(w http.ResponseWriter, _ *http.Request) {
	conn, _, err := w.(http.Hijacker).Hijack()
	if err == nil {
		_ = conn.Close()
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

package httpapi

import (
	"context"
	"net/http"
	"testing"
	"time"
)

func header(kv ...string) http.Header {
	h := http.Header{}
	for i := 0; i+1 < len(kv); i += 2 {
		h.Add(kv[i], kv[i+1])
	}
	return h
}

func TestParseBudgetReadsEveryFamily(t *testing.T) {
	now := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	cases := map[string]struct {
		h                http.Header
		limit, remaining int
		reset            time.Time
		near             bool
	}{
		"GitHub (epoch reset)": {header("X-RateLimit-Limit", "5000", "X-RateLimit-Remaining", "4999", "X-RateLimit-Used", "1", "X-RateLimit-Reset", "1796115600"),
			5000, 4999, time.Unix(1796115600, 0), false},
		"Jira Cloud (ISO reset, NearLimit)": {header("X-RateLimit-Limit", "350", "X-RateLimit-Remaining", "120", "X-RateLimit-Reset", "2026-12-01T09:01Z", "X-RateLimit-NearLimit", "true"),
			350, 120, now.Add(time.Minute), true},
		"Jira Data Center (interval)": {header("X-RateLimit-Limit", "100", "X-RateLimit-Remaining", "5", "X-RateLimit-Interval-Seconds", "60", "X-RateLimit-FillRate", "10"),
			100, 5, now.Add(time.Minute), true},
		"GitLab (RateLimit-*, epoch)": {header("RateLimit-Limit", "600", "RateLimit-Remaining", "599", "RateLimit-Reset", "1796115600"),
			600, 599, time.Unix(1796115600, 0), false},
		"PagerDuty (seconds)": {header("ratelimit-limit", "960", "ratelimit-remaining", "40", "ratelimit-reset", "30"),
			960, 40, now.Add(30 * time.Second), true},
		"IETF combined, older form": {header("RateLimit", "limit=100, remaining=50, reset=5"),
			100, 50, now.Add(5 * time.Second), false},
		"IETF combined, structured": {header("RateLimit", `"default";r=3;t=10`),
			-1, 3, now.Add(10 * time.Second), false},
		"ServiceNow (epoch ms)": {header("X-RateLimit-Limit", "1000", "X-RateLimit-Remaining", "0", "X-RateLimit-Reset", "1796115600000"),
			1000, 0, time.Unix(1796115600, 0), true},
	}
	for name, c := range cases {
		b, ok := ParseBudget(c.h, now, 0.1)
		if !ok || b.Limit != c.limit || b.Remaining != c.remaining || !b.Reset.Equal(c.reset) || b.Near != c.near || !b.Observed.Equal(now) {
			t.Errorf("%s: %+v (ok %v), want limit %d remaining %d reset %v near %v", name, b, ok, c.limit, c.remaining, c.reset, c.near)
		}
	}
	if _, ok := ParseBudget(header("Content-Type", "application/json"), now, 0.1); ok {
		t.Error("a budget from an answer without rate-limit headers")
	}
}

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	for v, want := range map[string]time.Duration{
		"1": time.Second, "120": 2 * time.Minute, "0.5": 500 * time.Millisecond, "": 0, "-3": 0, "soon": 0,
		"Tue, 01 Dec 2026 09:00:30 GMT": 30 * time.Second, "Tue, 01 Dec 2026 08:00:00 GMT": 0,
	} {
		if got := ParseRetryAfter(v, now); got != want {
			t.Errorf("%q: %v, want %v", v, got, want)
		}
	}
}

// Near the limit, requests are spaced over what is left of the window; a spent budget holds them until the reset.
func TestRequestsSlowDownNearTheLimit(t *testing.T) {
	reset := time.Now().Add(10 * time.Second)
	remaining := 4
	tc := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-RateLimit-Limit", "100")
		w.Header().Set("X-RateLimit-Remaining", itoa(int64(remaining)))
		w.Header().Set("X-RateLimit-Reset", itoa(reset.Unix()))
		remaining--
		ok(`{}`)(w, r)
	})
	for i := 0; i < 5; i++ { // the answers say 4, 3, 2, 1, 0 remain
		if _, err := tc.Do(context.Background(), Request{Path: "/x"}, nil); err != nil {
			t.Fatal(err)
		}
	}
	sl := tc.slept()
	if len(sl) != 4 {
		t.Fatalf("slept %v, want a space before each request after the first", sl)
	}
	for _, d := range sl {
		if d < time.Second || d > 4*time.Second {
			t.Fatalf("spacing %v (all %v), want the window's rest over what remains (~2 s)", d, sl)
		}
	}
	b := tc.Budget()
	if b.Limit != 100 || b.Remaining != 0 || !b.Near {
		t.Fatalf("budget %+v", b)
	}
	// Spent: the next request waits for the reset, or leaves the wait to the caller if it is too long.
	tc.Client.retry.MaxWait = time.Second
	_, err := tc.Do(context.Background(), Request{Path: "/x"}, nil)
	if KindOf(err) != KindRateLimited {
		t.Fatalf("spent budget: %v", err)
	}
}

func TestABudgetWithoutNearnessDoesNotSlowDown(t *testing.T) {
	tc := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-RateLimit-Limit", "5000")
		w.Header().Set("X-RateLimit-Remaining", "4000")
		w.Header().Set("X-RateLimit-Reset", itoa(time.Now().Add(time.Hour).Unix()))
		ok(`{}`)(w, r)
	})
	for i := 0; i < 3; i++ {
		if _, err := tc.Do(context.Background(), Request{Path: "/x"}, nil); err != nil {
			t.Fatal(err)
		}
	}
	if sl := tc.slept(); len(sl) != 0 {
		t.Fatalf("slept %v with most of the budget left", sl)
	}
}

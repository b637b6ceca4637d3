package httpapi

import (
	"math"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/spacetime/tickets/pkg/connector"
)

// Budget is the rate-limit budget a system reported (see connector.Budget).
type Budget = connector.Budget

// ParseRetryAfter reads a Retry-After header: delay seconds or an HTTP date. It returns 0 when absent,
// unreadable or in the past.
func ParseRetryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	if secs, err := strconv.ParseFloat(v, 64); err == nil {
		if secs <= 0 || math.IsNaN(secs) || math.IsInf(secs, 0) {
			return 0
		}
		return time.Duration(secs * float64(time.Second))
	}
	if at, err := http.ParseTime(v); err == nil && at.After(now) {
		return at.Sub(now)
	}
	return 0
}

// ParseBudget reads the rate-limit headers of an answer: the X-RateLimit-* family (GitHub, Jira, ServiceNow:
// Limit, Remaining, Reset as epoch seconds or an ISO time, Jira's NearLimit, Jira Data Center's
// Interval-Seconds), the RateLimit-* family of the IETF draft (GitLab, PagerDuty: Reset in seconds, or an
// epoch) and the draft's combined RateLimit header ("limit=100, remaining=5, reset=30" or `"p";r=5;t=30`).
// ok is false when the answer carries none of them.
func ParseBudget(h http.Header, now time.Time, nearFraction float64) (b Budget, ok bool) {
	b = Budget{Limit: -1, Remaining: -1}
	for _, prefix := range []string{"X-RateLimit-", "RateLimit-"} {
		if v := h.Get(prefix + "Limit"); v != "" {
			if n, err := strconv.Atoi(firstNumber(v)); err == nil {
				b.Limit, ok = n, true
			}
		}
		if v := h.Get(prefix + "Remaining"); v != "" {
			if n, err := strconv.Atoi(firstNumber(v)); err == nil {
				b.Remaining, ok = n, true
			}
		}
		if v := h.Get(prefix + "Reset"); v != "" {
			if t, good := parseReset(v, now); good {
				b.Reset, ok = t, true
			}
		}
	}
	if v := h.Get("X-RateLimit-Interval-Seconds"); v != "" && b.Reset.IsZero() {
		if secs, err := strconv.Atoi(v); err == nil && secs > 0 {
			b.Reset, ok = now.Add(time.Duration(secs)*time.Second), true
		}
	}
	if v := h.Get("RateLimit"); v != "" {
		if parseCombined(v, now, &b) {
			ok = true
		}
	}
	if strings.EqualFold(strings.TrimSpace(h.Get("X-RateLimit-NearLimit")), "true") {
		b.Near, ok = true, true
	}
	if b.Limit > 0 && b.Remaining >= 0 && float64(b.Remaining) <= float64(b.Limit)*nearFraction {
		b.Near = true
	}
	if ok {
		b.Observed = now
	}
	return b, ok
}

// firstNumber takes "100" out of "100" or "100, 100;w=60" (GitLab and the draft may list policies).
func firstNumber(v string) string {
	v = strings.TrimSpace(v)
	if i := strings.IndexAny(v, ",;"); i >= 0 {
		v = v[:i]
	}
	return strings.TrimSpace(v)
}

// parseReset reads a reset time: seconds from now (the IETF draft, PagerDuty), epoch seconds (GitHub,
// GitLab), epoch milliseconds, or an ISO 8601 time (Jira Cloud: 2021-09-09T11:48Z).
func parseReset(v string, now time.Time) (time.Time, bool) {
	v = firstNumber(v)
	if n, err := strconv.ParseFloat(v, 64); err == nil && n >= 0 && !math.IsInf(n, 0) {
		switch {
		case n >= 1e12:
			return time.UnixMilli(int64(n)), true
		case n >= 1e9:
			return time.Unix(int64(n), 0), true
		default:
			return now.Add(time.Duration(n * float64(time.Second))), true
		}
	}
	if t, err := ParseTime(v, time.UTC); err == nil {
		return t, true
	}
	if t, err := http.ParseTime(v); err == nil {
		return t, true
	}
	return time.Time{}, false
}

// parseCombined reads the draft's single RateLimit header, in its older (limit=, remaining=, reset=) and
// newer structured (r=, t=) forms.
func parseCombined(v string, now time.Time, b *Budget) bool {
	found := false
	for _, part := range strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == ';' }) {
		k, val, ok := strings.Cut(strings.TrimSpace(part), "=")
		if !ok {
			continue
		}
		n, err := strconv.Atoi(strings.Trim(strings.TrimSpace(val), `"`))
		if err != nil {
			continue
		}
		switch strings.ToLower(strings.TrimSpace(k)) {
		case "limit", "q":
			b.Limit, found = n, true
		case "remaining", "r":
			b.Remaining, found = n, true
		case "reset", "t":
			b.Reset, found = now.Add(time.Duration(n)*time.Second), true
		}
	}
	return found
}

// limiter spaces requests out when the system says the budget is nearly spent, and holds them back until
// the reset when it is spent.
type limiter struct {
	mu         sync.Mutex
	budget     Budget
	last       time.Time // when the latest request was (or will be) sent
	maxSpacing time.Duration
}

func (l *limiter) observe(b Budget) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.budget = b
}

func (l *limiter) current() Budget {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.budget.Observed.IsZero() {
		return Budget{Limit: -1, Remaining: -1}
	}
	return l.budget
}

// reserve returns how long to wait before sending the next request, and counts the request against the budget.
func (l *limiter) reserve(now time.Time) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	b := &l.budget
	wait := time.Duration(0)
	switch {
	case b.Observed.IsZero() || b.Reset.IsZero() || !b.Reset.After(now):
		// no budget known, or its window is over
	case b.Remaining == 0:
		return b.Reset.Sub(now) // not sent yet: the caller waits or gives up
	case b.Near && b.Remaining > 0:
		spacing := min(b.Reset.Sub(now)/time.Duration(b.Remaining+1), l.maxSpacing)
		wait = max(l.last.Add(spacing).Sub(now), 0)
		b.Remaining--
	}
	l.last = now.Add(wait)
	return wait
}

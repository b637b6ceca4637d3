package jiratest

import (
	"net/http"
	"strconv"
	"time"
)

// RateLimit is a request budget per fixed window, as Jira Cloud enforces it: every answer carries
// X-RateLimit-Limit, -Remaining, -Reset (ISO time) and, under a fifth of the budget, X-RateLimit-NearLimit;
// a request past the budget gets 429 with Retry-After.
type RateLimit struct {
	// Requests is the budget per window (0: no limit).
	Requests int
	// Window is the window's length, whole seconds (default 1 s); windows start on the clock's multiples of it.
	Window time.Duration
}

// Load is what the server counted of the requests' concurrency and rate.
type Load struct {
	// Peak is the most requests being answered at once.
	Peak int
	// MaxPerWindow is the most requests that arrived in one rate-limit window, refused ones included.
	MaxPerWindow int
	// Refused counts the 429s the rate limit answered.
	Refused int
}

type loadCounter struct {
	inFlight int
	load     Load
	window   time.Time
	inWindow int
	accepted int
}

// Load returns the counts so far.
func (s *Server) Load() Load {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.counter.load
}

// ResetLoad zeroes the counts.
func (s *Server) ResetLoad() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.counter.load = Load{}
}

// arrive counts a request in; it answers 429 (and returns false) when the rate limit refuses it.
func (s *Server) arrive(w http.ResponseWriter) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := &s.counter
	c.inFlight++
	c.load.Peak = max(c.load.Peak, c.inFlight)
	rl := s.opts.RateLimit
	if rl.Requests <= 0 {
		return true
	}
	win := rl.Window
	if win < time.Second {
		win = time.Second
	}
	now := time.Now() // a rate limit runs on the wall clock, whatever the data's clock says
	start := now.Truncate(win)
	if !start.Equal(c.window) {
		c.window, c.inWindow, c.accepted = start, 0, 0
	}
	c.inWindow++
	c.load.MaxPerWindow = max(c.load.MaxPerWindow, c.inWindow)
	reset := start.Add(win)
	h := w.Header()
	h.Set("X-RateLimit-Limit", strconv.Itoa(rl.Requests))
	h.Set("X-RateLimit-Reset", reset.UTC().Format(time.RFC3339))
	if c.accepted >= rl.Requests {
		c.load.Refused++
		h.Set("X-RateLimit-Remaining", "0")
		h.Set("X-RateLimit-NearLimit", "true")
		h.Set("Retry-After", strconv.Itoa(int(max(reset.Sub(now).Round(time.Second), time.Second)/time.Second)))
		h.Set("RateLimit-Reason", "jira-quota-tenant-based")
		return false
	}
	c.accepted++
	left := rl.Requests - c.accepted
	h.Set("X-RateLimit-Remaining", strconv.Itoa(left))
	if left*5 < rl.Requests {
		h.Set("X-RateLimit-NearLimit", "true")
	}
	return true
}

func (s *Server) leave() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.counter.inFlight--
}

package httpapi

import (
	"math/rand/v2"
	"time"
)

// Retry bounds how each request is retried on its own. Zero fields take the defaults.
type Retry struct {
	// Attempts is how many times one request is sent at most (default 5).
	Attempts int
	// Base is the first backoff (default 500 ms); each further one doubles, up to Max (default 10 s), with
	// jitter (half the backoff is random) so that Grafana replicas do not retry in step.
	Base, Max time.Duration
	// MaxWait is the longest wait a Retry-After or a spent budget may ask for that the request sits out
	// itself (default 30 s); a longer one ends the request with a KindRateLimited error whose RetryAfter
	// tells the caller (the sync) how long to wait.
	MaxWait time.Duration
	// AttemptTimeout bounds one attempt, answer body included (default 30 s).
	AttemptTimeout time.Duration
}

func (r Retry) withDefaults() Retry {
	if r.Attempts <= 0 {
		r.Attempts = 5
	}
	if r.Base <= 0 {
		r.Base = 500 * time.Millisecond
	}
	if r.Max <= 0 {
		r.Max = 10 * time.Second
	}
	if r.MaxWait <= 0 {
		r.MaxWait = 30 * time.Second
	}
	if r.AttemptTimeout <= 0 {
		r.AttemptTimeout = 30 * time.Second
	}
	return r
}

// backoff is the wait after the attempt-th failure (1-based): exponential, capped, half of it random.
func (r Retry) backoff(attempt int) time.Duration {
	d := r.Base
	for i := 1; i < attempt && d < r.Max; i++ {
		d *= 2
	}
	d = min(d, r.Max)
	return d/2 + time.Duration(rand.Int64N(int64(d/2)+1)) // #nosec G404 -- jitter needs no secure randomness
}

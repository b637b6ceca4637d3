// Package connector defines what Spacetime needs from a ticket system. Each system has its own package
// (connector/redmine, ...) that implements Connector.
package connector

import (
	"context"
	"errors"
	"time"

	"github.com/spacetime/tickets/pkg/tickets"
)

// Connector reads tickets from one ticket system.
type Connector interface {
	// Changed calls page for every page of tickets updated at or after since (any status).
	Changed(ctx context.Context, since time.Time, page PageFunc) error
	// Opened calls page for every page of tickets opened in [from, to) (any status), newest first.
	Opened(ctx context.Context, from, to time.Time, page PageFunc) error
	// Severities returns the system's severity levels, least severe first.
	Severities(ctx context.Context) ([]tickets.Severity, error)
}

// Page is one page of tickets and how far the listing has got.
type Page struct {
	tickets.List
	// Fetched counts the tickets delivered so far, this page included; Total is the system's count (-1 if unknown).
	Fetched, Total int
	// Deleted are identities (tickets.Ticket.Identity) of tickets the system reports deleted since the
	// listing's start (Request Tracker's status "deleted"); the sync removes them at once instead of at the
	// next reconciliation. Changed may deliver them; the other listings leave it empty.
	Deleted []string
}

// PageFunc receives pages in order; an error stops the listing and is returned by it.
type PageFunc func(Page) error

// RetryAfterError is an answer asking the caller to wait (HTTP 429, or 503 with Retry-After).
type RetryAfterError struct {
	Wait time.Duration
	Err  error
}

func (e *RetryAfterError) Error() string { return e.Err.Error() }
func (e *RetryAfterError) Unwrap() error { return e.Err }

// RetryAfter returns how long err asks to wait: a RetryAfterError, or any error in the chain with a
// RetryAfter() method (httpapi.Error when the system rate limits).
func RetryAfter(err error) (time.Duration, bool) {
	var ra *RetryAfterError
	if errors.As(err, &ra) {
		return ra.Wait, true
	}
	var w interface{ RetryAfter() (time.Duration, bool) }
	if errors.As(err, &w) {
		return w.RetryAfter()
	}
	return 0, false
}

// Budget is the rate-limit budget a ticket system reported in its last answer. Unknown numbers are -1.
type Budget struct {
	// Limit is the number of requests allowed per window; Remaining how many are left in this one.
	Limit, Remaining int
	// Reset is when the window ends and Remaining is back at Limit (zero if unknown).
	Reset time.Time
	// Near is true when the system says (X-RateLimit-NearLimit) or the numbers show that the budget is nearly spent.
	Near bool
	// Observed is when the answer that carried these numbers arrived (zero: the system sent none).
	Observed time.Time
}

// BudgetReporter is implemented by connectors whose system reports rate limits, so the sync can stretch its
// polls when the budget runs low.
type BudgetReporter interface {
	Budget() Budget
}

// Reconciler is implemented by connectors that can tell which of a set of tickets still exist, so the
// sync can drop deleted tickets (no ticket system lists deletions).
type Reconciler interface {
	// Existing returns which of the identities (tickets.Ticket.Identity) the system still has.
	Existing(ctx context.Context, ids []string) (map[string]bool, error)
}

// ExistingThrough is Existing for a connector that wraps c: c's answer when c is a Reconciler, else every
// id (a wrapper cannot tell, so it keeps every ticket).
func ExistingThrough(ctx context.Context, c Connector, ids []string) (map[string]bool, error) {
	if rc, ok := c.(Reconciler); ok {
		return rc.Existing(ctx, ids)
	}
	all := make(map[string]bool, len(ids))
	for _, id := range ids {
		all[id] = true
	}
	return all, nil
}

// BudgetThrough is Budget for a connector that wraps c: c's budget when c reports one, else unknown.
func BudgetThrough(c Connector) Budget {
	if br, ok := c.(BudgetReporter); ok {
		return br.Budget()
	}
	return Budget{Limit: -1, Remaining: -1}
}

// PollPacer is implemented by connectors whose polls cost requests in proportion to what they read (GitHub:
// one request per repository per poll), so the sync polls no more often than their rate limit allows.
type PollPacer interface {
	// MinPollInterval is the shortest interval between polls (0: no floor).
	MinPollInterval() time.Duration
}

// MinPollIntervalThrough is MinPollInterval for a connector that wraps c: c's floor when c has one, else 0.
func MinPollIntervalThrough(c Connector) time.Duration {
	if pp, ok := c.(PollPacer); ok {
		return pp.MinPollInterval()
	}
	return 0
}

// Interleaver is implemented by connectors whose Opened pages are not newest first overall: it merges several
// listings (one per repository or project), or lists in the API's own order (a JSON API). The sync then never
// hands part of such a slice to another listing, nor resumes it below its oldest ticket.
type Interleaver interface {
	Interleaved() bool
}

// InterleavedThrough is Interleaved for a connector that wraps c: c's answer when c says, else false.
func InterleavedThrough(c Connector) bool {
	if il, ok := c.(Interleaver); ok {
		return il.Interleaved()
	}
	return false
}

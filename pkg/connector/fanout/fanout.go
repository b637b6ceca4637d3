// Package fanout lists several sources of one ticket system (GitHub repositories, GitLab projects) as one
// connector listing: a few sources at a time, pages handed on one at a time, and polls that stay correct
// when one source fails.
//
// A poll's since comes from the store's newest update. When source B fails after source A delivered newer
// changes, the next since would skip B's older changes; Poller remembers, per source, the since of the poll
// it missed and asks that source from there until it succeeds.
package fanout

import (
	"context"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/spacetime/tickets/pkg/connector"
)

// ListFunc lists one source, calling page for each of its pages.
type ListFunc func(ctx context.Context, source string, page connector.PageFunc) error

// Each lists every source, at most concurrency at once, and hands their pages to page one at a time with
// Fetched counted over all sources. Total is the sum of the sources' totals once every source has said its
// own (Page.Total of its pages), else -1. The first error stops the other sources and is returned.
func Each(ctx context.Context, sources []string, concurrency int, list ListFunc, page connector.PageFunc) error {
	_, err := each(ctx, sources, concurrency, list, page)
	return err
}

// each returns which sources completed, besides Each's error.
func each(ctx context.Context, sources []string, concurrency int, list ListFunc, page connector.PageFunc) (map[string]bool, error) {
	var mu sync.Mutex
	fetched := 0
	done := map[string]bool{}
	totals := map[string]int{}
	total := func() int {
		if len(totals) < len(sources) {
			return -1
		}
		sum := 0
		for _, n := range totals {
			if n < 0 {
				return -1
			}
			sum += n
		}
		return sum
	}
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(max(concurrency, 1))
	for _, src := range sources {
		g.Go(func() error {
			err := list(gctx, src, func(p connector.Page) error {
				mu.Lock()
				defer mu.Unlock()
				fetched += len(p.Tickets)
				totals[src] = p.Total
				p.Fetched, p.Total = fetched, total()
				return page(p)
			})
			if err == nil {
				mu.Lock()
				done[src] = true
				mu.Unlock()
			}
			return err
		})
	}
	err := g.Wait()
	return done, err
}

// Poller keeps, per source, the since of a poll that source missed, and the since of a poll that found
// nothing in it: that source is asked from there again (the very same request, which a system with
// conditional requests answers 304 for free) rather than from a since another source's changes moved.
type Poller struct {
	mu     sync.Mutex
	behind map[string]time.Time
	quiet  map[string]time.Time
}

// Behind makes the next polls ask source from since (if that is earlier than theirs) until one succeeds: a
// source that appeared after the last poll (a repository new to the organisation) has changes older than the
// store's newest.
func (p *Poller) Behind(source string, since time.Time) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.behind == nil {
		p.behind, p.quiet = map[string]time.Time{}, map[string]time.Time{}
	}
	if b, ok := p.behind[source]; !ok || since.Before(b) {
		p.behind[source] = since
	}
}

// SinceFunc lists one source's changes since a time.
type SinceFunc func(ctx context.Context, source string, since time.Time, page connector.PageFunc) error

// Changed lists every source's changes since since, or since the poll a source missed if that is earlier.
func (p *Poller) Changed(ctx context.Context, sources []string, since time.Time, concurrency int, list SinceFunc, page connector.PageFunc) error {
	from := make(map[string]time.Time, len(sources))
	p.mu.Lock()
	for _, s := range sources {
		from[s] = since
		if b, ok := p.behind[s]; ok && b.Before(from[s]) {
			from[s] = b
		}
		if q, ok := p.quiet[s]; ok && q.Before(from[s]) {
			from[s] = q // nothing changed there since q: a superset of since's changes, asked the same way
		}
	}
	p.mu.Unlock()
	var countMu sync.Mutex
	delivered := map[string]int{}
	done, err := each(ctx, sources, concurrency, func(ctx context.Context, s string, pf connector.PageFunc) error {
		return list(ctx, s, from[s], func(pg connector.Page) error {
			countMu.Lock()
			delivered[s] += len(pg.Tickets) + len(pg.Deleted)
			countMu.Unlock()
			return pf(pg)
		})
	}, page)
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.behind == nil {
		p.behind, p.quiet = map[string]time.Time{}, map[string]time.Time{}
	}
	for _, s := range sources {
		switch {
		case !done[s]:
			p.behind[s] = from[s]
		case delivered[s] == 0:
			delete(p.behind, s)
			p.quiet[s] = from[s]
		default:
			delete(p.behind, s)
			delete(p.quiet, s)
		}
	}
	return err
}

package syncer_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/spacetime/tickets/pkg/connector"
	"github.com/spacetime/tickets/pkg/connector/fanout"
	"github.com/spacetime/tickets/pkg/mapping"
	"github.com/spacetime/tickets/pkg/store"
	"github.com/spacetime/tickets/pkg/syncer"
	"github.com/spacetime/tickets/pkg/tickets"
)

// twoRepos is a system read as GitHub and GitLab read theirs: one listing per repository, each newest first
// in pages of 10, merged by fanout.Each, so the merged pages are not newest first overall. Repository "a"
// holds 100 tickets spread over the newest backfill slice (t0-35h..t0); repository "b" holds 20 opened in
// the last 200 minutes, and its listing answers only once a's has ended well: an old page of a comes before
// every page of b. It says it interleaves (connector.Interleaver).
type twoRepos struct {
	latency time.Duration
	// failAfter fails a's listing once, after that many of its pages: a failure past the retries.
	failAfter int

	mu       sync.Mutex
	failed   bool
	listings []syncer.Span
}

func (f *twoRepos) Interleaved() bool { return true }

func (f *twoRepos) repo(name string) []tickets.Ticket {
	n, step := 100, 35*time.Hour/100
	if name == "b" {
		n, step = 20, 10*time.Minute
	}
	var out []tickets.Ticket
	for i := 1; i <= n; i++ {
		opened := t0.Add(-time.Duration(i) * step).Add(-time.Duration(name[0]-'a'+1) * time.Second) // a and b never share a second
		out = append(out, tickets.Ticket{ID: fmt.Sprintf("%s#%d", name, i), Number: int64(i), Title: name, Opened: opened, Updated: opened})
	}
	return out
}

func (f *twoRepos) all() []tickets.Ticket { return append(f.repo("a"), f.repo("b")...) }

func (f *twoRepos) Opened(ctx context.Context, from, to time.Time, page connector.PageFunc) error {
	f.mu.Lock()
	f.listings = append(f.listings, syncer.Span{From: from, To: to})
	f.mu.Unlock()
	aDone := make(chan struct{})
	return fanout.Each(ctx, []string{"a", "b"}, 2, func(ctx context.Context, repo string, pf connector.PageFunc) (err error) {
		if repo == "a" {
			defer func() {
				if err == nil {
					close(aDone)
				}
			}()
		} else {
			select {
			case <-aDone:
			case <-ctx.Done():
				return ctx.Err()
			}
		}
		var list []tickets.Ticket
		for _, t := range f.repo(repo) {
			if !t.Opened.Before(from) && t.Opened.Before(to) {
				list = append(list, t)
			}
		}
		sort.Slice(list, func(i, j int) bool { return list[i].Opened.After(list[j].Opened) })
		for start, n := 0, 0; start == 0 || start < len(list); start, n = start+10, n+1 {
			if err := f.request(ctx, repo, n, len(list) > 0); err != nil {
				return err
			}
			chunk := list[min(start, len(list)):min(start+10, len(list))]
			if err := pf(connector.Page{List: tickets.List{Tickets: chunk}, Fetched: start + len(chunk), Total: len(list)}); err != nil {
				return err
			}
		}
		return nil
	}, page)
}

// request is one page's request: it takes latency when it has tickets, and fails a's page failAfter once.
func (f *twoRepos) request(ctx context.Context, repo string, n int, any bool) error {
	if any {
		select {
		case <-time.After(f.latency):
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if repo == "a" && f.failAfter > 0 && n == f.failAfter && !f.failed {
		f.failed = true
		return errors.New("the system failed past the retries")
	}
	return nil
}

func (f *twoRepos) Changed(context.Context, time.Time, connector.PageFunc) error { return nil }
func (f *twoRepos) Severities(context.Context) ([]tickets.Severity, error)       { return nil, nil }

func wantEveryTicket(t *testing.T, sys *twoRepos, st *store.Store) {
	t.Helper()
	var want []string
	for _, tk := range sys.all() {
		want = append(want, tk.ID)
	}
	slices.Sort(want)
	if got := storedIDs(st); !slices.Equal(got, want) {
		var lost []string
		for _, id := range want {
			if _, ok := slices.BinarySearch(got, id); !ok {
				lost = append(lost, id)
			}
		}
		sys.mu.Lock()
		defer sys.mu.Unlock()
		t.Fatalf("%d of %d tickets stored; lost %v (listings %v)", len(got), len(want), lost, sys.listings)
	}
}

// TestAnInterleavedSliceIsNotSplit: with every ticket in the newest slice, the three idle slices would take
// over its older half once its first page is in. Its listing then ends at the first page of a below the
// split, while b, still to list, holds tickets above it: those must not be lost. (Wrapped in the mapping
// rules, as the plugin runs a connector with rules, which must pass Interleaved through.)
func TestAnInterleavedSliceIsNotSplit(t *testing.T) {
	sys := &twoRepos{latency: 20 * time.Millisecond}
	conn := mapping.Wrap(sys, []mapping.Rule{{From: "labels", To: "service"}})
	st := store.New()
	ready(t, startSync(t, conn, st, syncer.Config{Slices: 4}))
	wantEveryTicket(t, sys, st)
}

// TestAnInterleavedSliceResumesWholly: a's listing fails after 6 pages, all older than every ticket of b,
// which has not answered yet. The next attempt must list the slice again from its top, not from a's oldest
// ticket seen, or b's tickets are never listed.
func TestAnInterleavedSliceResumesWholly(t *testing.T) {
	sys := &twoRepos{failAfter: 6}
	st := store.New()
	ready(t, startSync(t, sys, st, syncer.Config{Slices: 1}))
	wantEveryTicket(t, sys, st)
	sys.mu.Lock()
	defer sys.mu.Unlock()
	if !sys.failed || len(sys.listings) != 2 || !sys.listings[1].To.Equal(sys.listings[0].To) {
		t.Fatalf("listings %v (failed: %v); want a failed first and a second listing from the same top", sys.listings, sys.failed)
	}
}

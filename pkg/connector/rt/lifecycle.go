package rt

import (
	"context"
	"net/url"
	"strings"
	"sync"

	"github.com/spacetime/tickets/pkg/connector/httpapi"
)

// lifecycles knows which statuses are inactive (closed) in which lifecycle. REST2 does not publish the
// lifecycle definitions, but TicketSQL's __Active__ and __Inactive__ apply them: RT is asked once per
// (lifecycle, status) the tickets show.
type lifecycles struct {
	mu       sync.Mutex
	inactive map[string]bool
}

func newLifecycles() *lifecycles { return &lifecycles{inactive: map[string]bool{}} }

// defaultInactive are the inactive statuses of RT's default lifecycle, used only when RT cannot tell (no
// ticket has that status any more by the time it is asked).
var defaultInactive = map[string]bool{"resolved": true, "rejected": true, "deleted": true}

func lifeKey(lifecycle, status string) string { return lifecycle + "\x00" + strings.ToLower(status) }

// learnLifecycles asks RT about every (lifecycle, status) of items not known yet and returns the lookup.
func (c *Connector) learnLifecycles(ctx context.Context, items []Item) (func(lifecycle, status string) bool, error) {
	type pair struct{ lifecycle, status string }
	var missing []pair
	c.life.mu.Lock()
	asked := map[string]bool{}
	for _, it := range items {
		k := lifeKey(it.Queue.Lifecycle, it.Status)
		if _, ok := c.life.inactive[k]; !ok && !asked[k] && it.Queue.Lifecycle != "" {
			asked[k] = true
			missing = append(missing, pair{it.Queue.Lifecycle, it.Status})
		}
	}
	c.life.mu.Unlock()
	for _, p := range missing {
		base := "Lifecycle = " + quote(p.lifecycle) + " AND Status = " + quote(p.status)
		inactive, err := c.any(ctx, base+" AND Status = '__Inactive__'")
		if err != nil {
			return nil, err
		}
		known := inactive
		if !inactive {
			if known, err = c.any(ctx, base+" AND Status = '__Active__'"); err != nil {
				return nil, err
			}
		}
		if known {
			c.life.mu.Lock()
			c.life.inactive[lifeKey(p.lifecycle, p.status)] = inactive
			c.life.mu.Unlock()
		}
	}
	return func(lifecycle, status string) bool {
		c.life.mu.Lock()
		defer c.life.mu.Unlock()
		if v, ok := c.life.inactive[lifeKey(lifecycle, status)]; ok {
			return v
		}
		return defaultInactive[strings.ToLower(status)]
	}, nil
}

// any reports whether a TicketSQL query (not scoped) matches a ticket.
func (c *Connector) any(ctx context.Context, query string) (bool, error) {
	var p Page
	q := url.Values{"query": {query}, "per_page": {"1"}, "fields": {"id"}}
	if _, err := c.http.Do(ctx, httpapi.Request{Path: "/REST/2.0/tickets", Query: q}, &p); err != nil {
		return false, err
	}
	return len(p.Items) > 0, nil
}

// quote writes a TicketSQL string literal.
func quote(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(s) + "'"
}

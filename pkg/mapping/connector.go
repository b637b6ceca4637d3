package mapping

import (
	"context"
	"time"

	"github.com/spacetime/tickets/pkg/connector"
)

// Connector runs rules on every page another connector delivers; reconciliation passes through.
type Connector struct {
	connector.Connector
	rules []Rule
}

// Wrap returns c with rules applied to its pages (c itself when there are none).
func Wrap(c connector.Connector, rules []Rule) connector.Connector {
	if len(rules) == 0 {
		return c
	}
	return &Connector{Connector: c, rules: rules}
}

func (m *Connector) mapped(page connector.PageFunc) connector.PageFunc {
	return func(p connector.Page) error {
		Apply(m.rules, &p.List)
		return page(p)
	}
}

// Changed pages the wrapped connector's changes, mapped.
func (m *Connector) Changed(ctx context.Context, since time.Time, page connector.PageFunc) error {
	return m.Connector.Changed(ctx, since, m.mapped(page))
}

// Opened pages the wrapped connector's tickets opened in [from, to), mapped.
func (m *Connector) Opened(ctx context.Context, from, to time.Time, page connector.PageFunc) error {
	return m.Connector.Opened(ctx, from, to, m.mapped(page))
}

// Existing passes reconciliation through when the wrapped connector supports it, else keeps every ticket.
func (m *Connector) Existing(ctx context.Context, ids []string) (map[string]bool, error) {
	return connector.ExistingThrough(ctx, m.Connector, ids)
}

// Budget passes the wrapped connector's rate-limit budget through.
func (m *Connector) Budget() connector.Budget { return connector.BudgetThrough(m.Connector) }

// MinPollInterval passes the wrapped connector's poll floor through.
func (m *Connector) MinPollInterval() time.Duration {
	return connector.MinPollIntervalThrough(m.Connector)
}

// Interleaved passes the wrapped connector's answer through.
func (m *Connector) Interleaved() bool { return connector.InterleavedThrough(m.Connector) }

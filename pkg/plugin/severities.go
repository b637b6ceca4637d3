package plugin

import (
	"context"
	"time"

	"github.com/spacetime/tickets/pkg/connector"
	"github.com/spacetime/tickets/pkg/settings"
	"github.com/spacetime/tickets/pkg/tickets"
)

// severityOverride replaces the system's severity order and colours with the datasource settings'.
type severityOverride struct {
	connector.Connector
	severities []tickets.Severity
}

func withSeverities(c connector.Connector, s []settings.Severity) connector.Connector {
	o := severityOverride{Connector: c}
	for i, sv := range s {
		o.severities = append(o.severities, tickets.Severity{Name: sv.Name, Rank: i, Color: sv.Color})
	}
	return o
}

func (o severityOverride) Severities(context.Context) ([]tickets.Severity, error) {
	return o.severities, nil
}

// Existing passes reconciliation through when the wrapped connector supports it.
func (o severityOverride) Existing(ctx context.Context, ids []string) (map[string]bool, error) {
	return connector.ExistingThrough(ctx, o.Connector, ids)
}

// Budget passes the wrapped connector's rate-limit budget through.
func (o severityOverride) Budget() connector.Budget { return connector.BudgetThrough(o.Connector) }

// MinPollInterval passes the wrapped connector's poll floor through.
func (o severityOverride) MinPollInterval() time.Duration {
	return connector.MinPollIntervalThrough(o.Connector)
}

// Interleaved passes the wrapped connector's answer through.
func (o severityOverride) Interleaved() bool { return connector.InterleavedThrough(o.Connector) }

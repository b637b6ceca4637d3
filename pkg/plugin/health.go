package plugin

import (
	"context"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/spacetime/tickets/pkg/connector/httpapi"
)

// CheckHealth answers Grafana's "Save & test": the settings, then the system's own checks (reachable,
// credentials accepted and as whom, what the settings select).
func (d *Datasource) CheckHealth(ctx context.Context, _ *backend.CheckHealthRequest) (*backend.CheckHealthResult, error) {
	// Someone is waiting on Save & test: one retry, not the sync's patience.
	ctx = httpapi.WithAttempts(ctx, 2)
	if d.settingsErr != nil {
		return healthError(d.settings.Redact(d.settingsErr.Error())), nil
	}
	return d.system.Health(ctx, d), nil
}

func healthError(msg string) *backend.CheckHealthResult {
	return &backend.CheckHealthResult{Status: backend.HealthStatusError, Message: msg}
}

func login(l string) string {
	if l == "" {
		return "an unnamed user"
	}
	return l
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

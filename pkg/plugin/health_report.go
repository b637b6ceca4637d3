package plugin

import (
	"context"
	"strings"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
)

// healthFailed is Save & test's answer for an error the framework's sentences cover (unreachable, credential
// refused, rate limited…), logged as a warning.
func (d *Datasource) healthFailed(ctx context.Context, err error) *backend.CheckHealthResult {
	msg, _ := d.explain(err)
	d.logger(ctx).Warn("Health check failed", "error", msg)
	return healthError(msg)
}

// healthOK is a successful Save & test: the sentence, any snapshot problem after it, one full stop, secrets
// redacted.
func (d *Datasource) healthOK(msg string) *backend.CheckHealthResult {
	msg = strings.TrimSuffix(msg+d.snapshotProblem(), ".") + "."
	return &backend.CheckHealthResult{Status: backend.HealthStatusOk, Message: d.settings.Redact(msg)}
}

package plugin

import (
	"context"
	"errors"
	"fmt"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/spacetime/tickets/pkg/connector/httpapi"
	"github.com/spacetime/tickets/pkg/connector/redmine"
)

// CheckHealth answers Grafana's "Save & test": it checks the settings, that Redmine answers, that the API key
// is accepted (GET /users/current.json) and how many tickets the key can see (in the configured project, if any).
func (d *Datasource) CheckHealth(ctx context.Context, _ *backend.CheckHealthRequest) (*backend.CheckHealthResult, error) {
	// Someone is waiting on Save & test: one retry, not the sync's patience.
	ctx = httpapi.WithAttempts(ctx, 2)
	if d.settingsErr != nil {
		return healthError(d.settings.Redact(d.settingsErr.Error())), nil
	}
	if d.jira != nil {
		return d.jiraHealth(ctx), nil
	}
	user, err := d.redmine.CurrentUser(ctx)
	if err != nil {
		msg, _ := d.explain(err)
		d.logger(ctx).Warn("Health check failed", "error", msg)
		return healthError(msg), nil
	}
	d.keyAccepted()
	count, err := d.redmine.CountIssues(ctx)
	if err != nil {
		msg, _ := d.explain(err)
		if errors.As(err, new(*redmine.UnknownProjectError)) {
			return healthError(msg), nil
		}
		return healthError(d.settings.Redact(fmt.Sprintf("Connected to Redmine at %s as %s, but listing issues failed: %s", d.settings.URL, login(user.Login), msg))), nil
	}
	where := ""
	if d.settings.Project != "" {
		where = fmt.Sprintf(" in project %s", d.settings.Project)
	}
	return &backend.CheckHealthResult{
		Status:  backend.HealthStatusOk,
		Message: d.settings.Redact(fmt.Sprintf("Connected to Redmine at %s as %s; %d %s visible%s%s", d.settings.URL, login(user.Login), count, plural(count, "ticket", "tickets"), where, d.snapshotProblem())),
	}, nil
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

package plugin

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/spacetime/tickets/pkg/connector"
	"github.com/spacetime/tickets/pkg/connector/httpapi"
	"github.com/spacetime/tickets/pkg/connector/redmine"
	"github.com/spacetime/tickets/pkg/frames"
	"github.com/spacetime/tickets/pkg/settings"
)

func init() { registerSystem(settings.SystemRedmine, newRedmineSystem) }

// redmineSystem is Redmine: one client, scoped to the configured project, so every issue listing (sync,
// deletion check, health count) reads that project only.
type redmineSystem struct {
	client *redmine.Client
	conn   connector.Connector
}

func newRedmineSystem(cfg settings.Settings, httpClient *http.Client, tune func(*httpapi.Options)) ticketSystem {
	client := redmine.New(cfg.URL, cfg.APIKey, httpClient, tune).InProject(cfg.Project)
	return &redmineSystem{client: client, conn: redmine.NewConnector(client, cfg.URL, frames.FixedFieldNames)}
}

func (r *redmineSystem) Connector() connector.Connector { return r.conn }

// CheckKey asks Redmine who the API key belongs to (GET /users/current.json): a wrong key fails here.
func (r *redmineSystem) CheckKey(ctx context.Context) error {
	_, err := r.client.CurrentUser(ctx)
	return err
}

// Health checks that Redmine answers, that the API key is accepted (GET /users/current.json) and how many
// tickets the key can see (in the configured project, if any).
func (r *redmineSystem) Health(ctx context.Context, d *Datasource) *backend.CheckHealthResult {
	user, err := r.client.CurrentUser(ctx)
	if err != nil {
		msg, _ := d.explain(err)
		d.logger(ctx).Warn("Health check failed", "error", msg)
		return healthError(msg)
	}
	d.keyAccepted()
	count, err := r.client.CountIssues(ctx)
	if err != nil {
		msg, _ := d.explain(err)
		if errors.As(err, new(*redmine.UnknownProjectError)) {
			return healthError(msg)
		}
		return healthError(d.settings.Redact(fmt.Sprintf("Connected to Redmine at %s as %s, but listing issues failed: %s", d.settings.URL, login(user.Login), msg)))
	}
	where := ""
	if d.settings.Project != "" {
		where = fmt.Sprintf(" in project %s", d.settings.Project)
	}
	return &backend.CheckHealthResult{
		Status:  backend.HealthStatusOk,
		Message: d.settings.Redact(fmt.Sprintf("Connected to Redmine at %s as %s; %d %s visible%s%s", d.settings.URL, login(user.Login), count, plural(count, "ticket", "tickets"), where, d.snapshotProblem())),
	}
}

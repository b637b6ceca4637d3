package plugin

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/spacetime/tickets/pkg/connector"
	"github.com/spacetime/tickets/pkg/connector/httpapi"
	"github.com/spacetime/tickets/pkg/connector/pagerduty"
	"github.com/spacetime/tickets/pkg/settings"
)

func init() { registerSystem(settings.SystemPagerDuty, newPagerDutySystem) }

type pagerDutySystem struct{ conn *pagerduty.Connector }

func newPagerDutySystem(cfg settings.Settings, httpClient *http.Client, tune func(*httpapi.Options)) ticketSystem {
	pd := cfg.PagerDuty
	return &pagerDutySystem{conn: pagerduty.New(pagerduty.Config{BaseURL: cfg.URL, Token: pd.APIKey, ServiceIDs: pd.ServiceIDs,
		TeamIDs: pd.TeamIDs, HTTPClient: httpClient, Tune: []func(*httpapi.Options){tune}})}
}

func (p *pagerDutySystem) Connector() connector.Connector { return p.conn }

// Health says: the region's API answers, the key is accepted (as whom, for a user token), the scope, and
// how many incidents the sync window holds.
func (p *pagerDutySystem) Health(ctx context.Context, d *Datasource) *backend.CheckHealthResult {
	pd := d.settings.PagerDuty
	days := int(d.settings.SyncWindow / (24 * time.Hour))
	h, err := p.conn.Check(ctx, time.Now().Add(-d.settings.SyncWindow))
	if err != nil {
		msg, _ := d.explain(err)
		d.logger(ctx).Warn("Health check failed", "error", msg)
		return healthError(msg)
	}
	who := "with an account-level API key"
	if h.User != "" {
		who = "as " + h.User
	}
	var scope []string
	if len(pd.ServiceIDs) > 0 {
		scope = append(scope, "services "+strings.Join(pd.ServiceIDs, ", "))
	}
	if len(pd.TeamIDs) > 0 {
		scope = append(scope, "teams "+strings.Join(pd.TeamIDs, ", "))
	}
	where := "every service and team the key sees"
	if len(scope) > 0 {
		where = strings.Join(scope, " and ")
	}
	msg := fmt.Sprintf("Connected to PagerDuty at %s (%s service region) %s; %s; %d %s created in the last %d %s visible; changes are read from the log entries.",
		d.settings.URL, strings.ToUpper(pd.Region), who, where, h.Count, plural(h.Count, "incident", "incidents"), days, plural(days, "day", "days"))
	if p := d.snapshotProblem(); p != "" {
		msg = strings.TrimSuffix(msg, ".") + p
	}
	return &backend.CheckHealthResult{Status: backend.HealthStatusOk, Message: d.settings.Redact(msg)}
}

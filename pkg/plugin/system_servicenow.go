package plugin

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/spacetime/tickets/pkg/connector"
	"github.com/spacetime/tickets/pkg/connector/httpapi"
	"github.com/spacetime/tickets/pkg/connector/servicenow"
	"github.com/spacetime/tickets/pkg/settings"
)

func init() { registerSystem(settings.SystemServiceNow, newServiceNowSystem) }

type serviceNowSystem struct{ conn *servicenow.Connector }

func newServiceNowSystem(cfg settings.Settings, httpClient *http.Client, tune func(*httpapi.Options)) ticketSystem {
	sn := cfg.ServiceNow
	auth := servicenow.Auth{User: sn.Username, Password: sn.Secret}
	if sn.OAuth {
		auth = servicenow.Auth{OAuth: true, ClientID: sn.ClientID, ClientSecret: sn.Secret}
	}
	return &serviceNowSystem{conn: servicenow.New(servicenow.Config{Instance: cfg.URL, Table: sn.Table, Auth: auth, Query: sn.Query,
		HTTPClient: httpClient, Tune: []func(*httpapi.Options){tune}})}
}

func (s *serviceNowSystem) Connector() connector.Connector { return s.conn }

// Health says: reachable, the credentials accepted (a token fetched, with OAuth), the table and encoded
// query, how many records the sync window holds, and where deletions come from.
func (s *serviceNowSystem) Health(ctx context.Context, d *Datasource) *backend.CheckHealthResult {
	sn, site := d.settings.ServiceNow, d.settings.URL
	days := int(d.settings.SyncWindow / (24 * time.Hour))
	h, err := s.conn.Check(ctx, time.Now().Add(-d.settings.SyncWindow))
	var te *servicenow.TableError
	switch {
	case errors.As(err, &te):
		return healthError(d.settings.Redact(fmt.Sprintf("Connected to ServiceNow at %s, but it has no table %q (%s): fix the table setting.", site, sn.Table, strings.TrimSuffix(te.Err.Detail, "."))))
	case err != nil:
		msg, _ := d.explain(err)
		d.logger(ctx).Warn("Health check failed", "error", msg)
		return healthError(msg)
	}
	who := "as " + sn.Username
	if sn.OAuth {
		who = "with OAuth client " + sn.ClientID
	}
	scope := "no encoded query (every record of the table)"
	if sn.Query != "" {
		scope = fmt.Sprintf("encoded query %q", sn.Query)
	}
	deletions := "deletions are read from sys_audit_delete"
	if !h.AuditReadable {
		deletions = "sys_audit_delete is not readable for this account, so deletions are found by reconciling ids"
	}
	msg := fmt.Sprintf("Connected to ServiceNow at %s %s (table %s, times in UTC); %s; %d %s updated in the last %d %s visible; %s.",
		site, who, sn.Table, scope, h.Count, plural(h.Count, "record", "records"), days, plural(days, "day", "days"), deletions)
	if p := d.snapshotProblem(); p != "" {
		msg = strings.TrimSuffix(msg, ".") + p
	}
	return &backend.CheckHealthResult{Status: backend.HealthStatusOk, Message: d.settings.Redact(msg)}
}

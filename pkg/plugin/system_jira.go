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
	"github.com/spacetime/tickets/pkg/connector/jira"
	"github.com/spacetime/tickets/pkg/settings"
)

func init() {
	registerSystem(settings.SystemJiraCloud, newJiraSystem)
	registerSystem(settings.SystemJiraDC, newJiraSystem)
}

// jiraSystem is Jira Cloud or Data Center.
type jiraSystem struct{ conn *jira.Connector }

func newJiraSystem(cfg settings.Settings, httpClient *http.Client, tune func(*httpapi.Options)) ticketSystem {
	return &jiraSystem{conn: newJira(cfg, httpClient, tune)}
}

func (j *jiraSystem) Connector() connector.Connector { return j.conn }

// SystemFields lists the site's fields for "Fields from Jira".
func (j *jiraSystem) SystemFields(ctx context.Context) (any, error) {
	fields, err := j.conn.SiteFields(ctx)
	if fields == nil {
		fields = []jira.SiteField{}
	}
	return fields, err
}

// newJira builds the Jira connector of a datasource's settings.
func newJira(cfg settings.Settings, httpClient *http.Client, tune ...func(*httpapi.Options)) *jira.Connector {
	j := cfg.Jira
	c := jira.Config{Flavor: jira.Cloud, Site: cfg.URL, Scope: j.JQL, HTTPClient: httpClient, Tune: tune,
		Auth: jira.Auth{User: j.Email, Secret: j.Secret}}
	if cfg.System == settings.SystemJiraDC {
		c.Flavor = jira.DataCenter
		c.Auth = jira.Auth{Bearer: j.Bearer, User: j.Username, Secret: j.Secret}
	}
	for _, f := range j.CustomFields {
		c.CustomFields = append(c.CustomFields, jira.CustomField{ID: f.ID, Key: f.Key, Name: f.Name, Multi: f.Multi})
	}
	return jira.New(c)
}

// jiraHealth is Save & test for Jira: reachable, credentials accepted (as whom), JQL scope valid (Jira's own
// message quoted when not), and how many issues the sync window holds.
func (j *jiraSystem) Health(ctx context.Context, d *Datasource) *backend.CheckHealthResult {
	name, site := d.settings.DisplayName(), d.settings.URL
	days := int(d.settings.SyncWindow / (24 * time.Hour))
	h, err := j.conn.Check(ctx, time.Now().Add(-d.settings.SyncWindow))
	var je *jira.JQLError
	switch {
	case errors.As(err, &je):
		return healthError(d.settings.Redact(fmt.Sprintf("Connected to %s at %s as %s, but Jira rejected the JQL scope %q: %s Fix the JQL scope setting.",
			name, site, accountName(h.User), d.settings.Jira.JQL, strings.TrimSuffix(je.Err.Detail, ".")+".")))
	case err != nil:
		msg, _ := d.explain(err)
		d.logger(ctx).Warn("Health check failed", "error", msg)
		return healthError(msg)
	}
	zone := "JQL dates in " + h.User.TimeZone
	if h.User.TimeZone == "" {
		zone = "Jira does not say the account's time zone, so incremental searches overlap by 12 hours"
	}
	scope := "no JQL scope (every project the account can browse)"
	if q := d.settings.Jira.JQL; q != "" {
		scope = fmt.Sprintf("JQL scope %q is valid", q)
	}
	msg := fmt.Sprintf("Connected to %s at %s as %s (%s); %s; %d %s updated in the last %d %s visible.",
		name, site, accountName(h.User), zone, scope, h.Count, plural(h.Count, "issue", "issues"), days, plural(days, "day", "days"))
	if h.Count == 0 {
		msg = strings.TrimSuffix(msg, ".") + ": check the JQL scope and that the account may browse its projects."
	}
	return &backend.CheckHealthResult{Status: backend.HealthStatusOk, Message: d.settings.Redact(msg)}
}

func accountName(u jira.User) string {
	for _, s := range []string{u.DisplayName, u.Email, u.Name, u.AccountID} {
		if s != "" {
			return s
		}
	}
	return "an unnamed account"
}

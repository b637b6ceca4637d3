package plugin

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/spacetime/tickets/pkg/connector"
	"github.com/spacetime/tickets/pkg/connector/httpapi"
	"github.com/spacetime/tickets/pkg/connector/rt"
	"github.com/spacetime/tickets/pkg/frames"
	"github.com/spacetime/tickets/pkg/settings"
)

func init() { registerSystem(settings.SystemRT, newRTSystem) }

// rtSystem is Request Tracker 5 (REST2).
type rtSystem struct{ conn *rt.Connector }

func newRTSystem(cfg settings.Settings, httpClient *http.Client, tune func(*httpapi.Options)) ticketSystem {
	s := cfg.RT
	c := rt.Config{URL: cfg.URL, Scope: s.TicketSQL, HTTPClient: httpClient, Tune: []func(*httpapi.Options){tune},
		Auth: rt.Auth{Token: s.Secret}, Reserved: frames.FixedFieldNames, Severity: rt.Severity{Field: s.SeverityField}}
	if s.Username != "" {
		c.Auth = rt.Auth{User: s.Username, Password: s.Secret}
	}
	for _, r := range s.PriorityRanges {
		c.Severity.Ranges = append(c.Severity.Ranges, rt.PriorityRange{Name: r.Name, From: r.From})
	}
	return &rtSystem{conn: rt.New(c)}
}

func (r *rtSystem) Connector() connector.Connector { return r.conn }

// Health is Save & test for Request Tracker: REST2 answers, the credentials are accepted (as whom), the
// TicketSQL scope is valid (RT's own message when not), the severity field exists, and how many tickets
// were updated within the sync window.
func (r *rtSystem) Health(ctx context.Context, d *Datasource) *backend.CheckHealthResult {
	days := int(d.settings.SyncWindow / (24 * time.Hour))
	h, err := r.conn.Check(ctx, time.Now().Add(-d.settings.SyncWindow))
	if err != nil && h.Version == "" {
		return d.healthFailed(ctx, err)
	}
	if err != nil { // RT answered and took the credentials; the scope or the severity field is wrong
		msg, _ := d.explain(err)
		msg = fmt.Sprintf("Connected to Request Tracker %s at %s as %s, but: %s", h.Version, d.settings.URL, rtUser(h.User), msg)
		d.logger(ctx).Warn("Health check failed", "error", msg)
		return healthError(d.settings.Redact(msg))
	}
	scope := "no TicketSQL scope (every queue the user can see)"
	if q := d.settings.RT.TicketSQL; q != "" {
		scope = fmt.Sprintf("TicketSQL scope %q is valid", q)
	}
	severity := "severity from the priority"
	if f := d.settings.RT.SeverityField; f != "" {
		severity = fmt.Sprintf("severity from custom field %q", f)
	}
	count := fmt.Sprintf("%d %s", h.Count, plural(h.Count, "ticket", "tickets"))
	if h.Count < 0 {
		count = fmt.Sprintf("%d or more tickets", h.AtLeast)
		if h.AtLeast < rt.MaxPageSize {
			count = fmt.Sprintf("%d %s", h.AtLeast, plural(h.AtLeast, "ticket", "tickets"))
		}
	}
	msg := fmt.Sprintf("Connected to Request Tracker %s at %s as %s; %s; %s; %s updated in the last %d %s visible",
		h.Version, d.settings.URL, rtUser(h.User), scope, severity, count, days, plural(days, "day", "days"))
	if h.Count == 0 || (h.Count < 0 && h.AtLeast == 0) {
		msg += ": check the TicketSQL scope and that the user has ShowTicket on its queues"
	}
	return d.healthOK(msg)
}

func rtUser(name string) string {
	if name == "" {
		return "the auth token's user"
	}
	return name
}

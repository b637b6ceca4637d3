package rt

import (
	"context"
	"net/url"
	"strings"
	"time"

	"github.com/spacetime/tickets/pkg/connector/httpapi"
)

// Health is what Save & test found.
type Health struct {
	// Version is RT's version ("5.0.3"); User the account the credentials belong to.
	Version, User string
	// Count is how many tickets within the scope were updated since the window's start (-1: RT did not say,
	// as for a user without the global ShowTicket right; AtLeast then holds the tickets seen on one page).
	Count, AtLeast int
}

// Check is Save & test: RT answers at REST2, accepts the credentials (as whom), the TicketSQL scope is
// valid (RT's own message when not), the severity field exists, and how many tickets the window holds.
func (c *Connector) Check(ctx context.Context, since time.Time) (Health, error) {
	if c.err != nil {
		return Health{}, c.err
	}
	var rt struct {
		Version string `json:"Version"`
	}
	resp, err := c.http.Do(ctx, httpapi.Request{Path: "/REST/2.0/rt"}, &rt)
	if err != nil {
		return Health{}, err
	}
	c.clock.observe(resp.Header)
	h := Health{Version: strings.SplitN(rt.Version, "+", 2)[0], User: c.userName(ctx)}
	var p Page
	q := url.Values{"query": {c.where("LastUpdated >= '" + c.clock.relative(since) + "'")}, "per_page": {"100"}, "fields": {"id"}}
	if _, err := c.http.Do(ctx, httpapi.Request{Path: "/REST/2.0/tickets", Query: q}, &p); err != nil {
		return h, c.scopeError(err)
	}
	h.Count, h.AtLeast = -1, len(p.Items)
	if p.Total != nil {
		h.Count = *p.Total
	}
	if c.cfg.Severity.Field != "" {
		if _, err := c.fieldValues(ctx, c.cfg.Severity.Field); err != nil {
			return h, err
		}
	}
	return h, nil
}

// userName is the account's name: the Basic user, or for an auth token (RT writes them "1-<user id>-<secret>")
// the name of that user id; "" when RT does not tell.
func (c *Connector) userName(ctx context.Context) string {
	if c.cfg.Auth.Token == "" {
		return c.cfg.Auth.User
	}
	parts := strings.SplitN(c.cfg.Auth.Token, "-", 3)
	if len(parts) != 3 || parts[1] == "" {
		return ""
	}
	var u struct {
		Name     string `json:"Name"`
		RealName string `json:"RealName"`
	}
	if _, err := c.http.Do(ctx, httpapi.Request{Path: "/REST/2.0/user/" + url.PathEscape(parts[1])}, &u); err != nil {
		return ""
	}
	return u.Name
}

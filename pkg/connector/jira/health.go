package jira

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/spacetime/tickets/pkg/connector/httpapi"
)

// Health is what Save & test found.
type Health struct {
	User User
	// Count is how many issues within the scope were updated since the window's start.
	Count int
}

// JQLError is Jira refusing the JQL scope (400); Err's Detail holds Jira's own messages.
type JQLError struct{ Err *httpapi.Error }

func (e *JQLError) Error() string { return e.Err.Error() }
func (e *JQLError) Unwrap() error { return e.Err }

// Check is Save & test: the site answers, the credentials are accepted (as whom), the JQL scope is valid,
// and how many issues updated since since it shows. Cloud counts with /search/approximate-count; Data Center
// reads a search's total.
func (c *Connector) Check(ctx context.Context, since time.Time) (Health, error) {
	u, err := c.Myself(ctx)
	if err != nil {
		return Health{}, err
	}
	jql := c.jql(ctx, span{field: "updated", from: since}, "created ASC")
	jql = jql[:len(jql)-len(" ORDER BY created ASC")] // a count takes no ORDER BY
	var n int
	if c.cfg.Flavor == Cloud {
		var body struct {
			Count int `json:"count"`
		}
		err = c.call(ctx, "POST", "/rest/api/3/search/approximate-count", map[string]any{"jql": jql}, &body)
		n = body.Count
	} else {
		var p dcPage
		err = c.call(ctx, "POST", "/rest/api/2/search", map[string]any{"jql": jql, "fields": []string{"id"}, "maxResults": 0, "startAt": 0}, &p)
		n = p.Total
	}
	var he *httpapi.Error
	if errors.As(err, &he) && he.Status == http.StatusBadRequest {
		return Health{User: u}, &JQLError{Err: he}
	}
	if err != nil {
		return Health{User: u}, err
	}
	return Health{User: u, Count: n}, nil
}

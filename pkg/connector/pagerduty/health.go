package pagerduty

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/spacetime/tickets/pkg/connector/httpapi"
)

// Health is what Save & test found.
type Health struct {
	// User is the key's user ("" for an account-level key).
	User string
	// Count is how many incidents in scope were created since the window's start.
	Count int
}

// Check is Save & test: the region's API answers, the key is accepted (as whom, for a user token), and how
// many incidents in scope were created since since.
func (c *Connector) Check(ctx context.Context, since time.Time) (Health, error) {
	var me struct {
		User struct {
			Name  string `json:"name"`
			Email string `json:"email"`
		} `json:"user"`
	}
	_, err := c.http.Do(ctx, httpapi.Request{Path: "/users/me"}, &me)
	var he *httpapi.Error
	if err != nil && !(errors.As(err, &he) && he.Status == http.StatusBadRequest) { // 400: an account-level key
		return Health{}, err
	}
	h := Health{User: me.User.Name}
	q := c.scope()
	q.Set("since", rfc(since))
	q.Set("until", rfc(c.cfg.Now().Add(time.Minute)))
	q.Set("limit", "1")
	q.Set("total", "true")
	var p listPage
	if _, err := c.http.Do(ctx, httpapi.Request{Path: "/incidents", Query: q}, &p); err != nil {
		return h, err
	}
	if p.Total != nil {
		h.Count = *p.Total
	}
	return h, nil
}

package jira

import (
	"context"
	"time"

	"github.com/spacetime/tickets/pkg/connector/httpapi"
)

// User is the account the credentials belong to (GET /myself).
type User struct {
	AccountID   string `json:"accountId"` // Cloud
	Name        string `json:"name"`      // Data Center
	DisplayName string `json:"displayName"`
	Email       string `json:"emailAddress"`
	TimeZone    string `json:"timeZone"`
}

// Myself returns the API user, and remembers its time zone for JQL dates.
func (c *Connector) Myself(ctx context.Context) (User, error) {
	var u User
	if err := c.call(ctx, "GET", c.cfg.Flavor.api()+"/myself", nil, &u); err != nil {
		return User{}, err
	}
	loc, err := httpapi.LoadZone(u.TimeZone)
	c.zoneMu.Lock()
	if err == nil && u.TimeZone != "" {
		c.zone = loc
	}
	c.zoned = true
	c.zoneMu.Unlock()
	return u, nil
}

// userZone is the API user's zone, asked once; nil when Jira does not say (JQL dates then widen, see atOrBefore).
func (c *Connector) userZone(ctx context.Context) *time.Location {
	c.zoneMu.Lock()
	known := c.zoned
	c.zoneMu.Unlock()
	if !known {
		_, _ = c.Myself(ctx) // a failure here fails the search that follows, with its own message
	}
	c.zoneMu.Lock()
	defer c.zoneMu.Unlock()
	return c.zone
}

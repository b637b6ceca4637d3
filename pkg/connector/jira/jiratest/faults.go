package jiratest

import (
	"net/http"
	"strings"
	"time"

	"github.com/spacetime/tickets/pkg/connector/replay"
)

// Faults are replay's (Server embeds replay.Faults), written in Atlassian's shapes: a Forbidden answer has
// two errorMessages, an expired SSO session answers the HTML login page with 200 (replay.HTMLPage).

const loginPage = `<!DOCTYPE html><html><head><title>Log in with Atlassian account</title></head>
<body><form method="post" action="/login"><input name="username"><input name="password" type="password"></form></body></html>`

func vendor(flavor Flavor) replay.Vendor {
	v := replay.Vendor{
		// Jira's errorMessages are the message's lines.
		Error: func(w http.ResponseWriter, status int, message string) {
			writeErrors(w, status, strings.Split(message, "\n")...)
		},
		HTML:      loginPage,
		Truncated: `{"issues":[{"id":"10001","key":"OPS-1","fields":{"summary":"Checko`,
		Messages: map[replay.Fault]string{
			replay.RateLimited:  "Rate limit exceeded.",
			replay.Unauthorized: "You are not authenticated. Authentication required to perform this operation.",
			replay.Forbidden:    "You do not have the permission to see the specified issue.\nLogin Required",
		},
		// Cloud's quota headers.
		RateLimitHeaders: func(h http.Header) {
			h.Set("X-RateLimit-Limit", "100")
			h.Set("X-RateLimit-Remaining", "0")
			h.Set("X-RateLimit-Reset", time.Now().Add(time.Second).UTC().Format(time.RFC3339))
			h.Set("RateLimit-Reason", "jira-quota-tenant-based")
		},
	}
	if flavor == DataCenter {
		// Data Center's optional admin rate limiting (a token bucket).
		v.RateLimitHeaders = func(h http.Header) {
			h.Set("X-RateLimit-Limit", "20")
			h.Set("X-RateLimit-Remaining", "0")
			h.Set("X-RateLimit-Interval-Seconds", "1")
			h.Set("X-RateLimit-FillRate", "10")
		}
	}
	return v
}

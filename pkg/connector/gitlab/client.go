package gitlab

import (
	"net/http"
	"time"

	"github.com/spacetime/tickets/pkg/connector/httpapi"
)

// bareLimitWait is the wait after a 429 that says nothing (no Retry-After, no RateLimit-*): GitLab's limits
// are per minute.
const bareLimitWait = time.Minute

// client builds the framework client: PRIVATE-TOKEN, the API root, GitLab's error shape and rate limits.
func client(cfg Config) *httpapi.Client {
	opts := httpapi.Options{
		System: "GitLab", BaseURL: cfg.URL + "/api/v4", HTTPClient: cfg.HTTPClient,
		Auth: httpapi.APIKey{Header: "PRIVATE-TOKEN", Key: cfg.Token, Name: "access token"},
		Hints: httpapi.Hints{
			Unauthorized: "check the access token in the datasource settings (it needs the read_api scope and may have expired)",
			Forbidden:    "check that the token's user or bot may read the projects' issues (Reporter role or higher on private projects)",
			NotFound:     "check the project or group path (as in its URL, like group/project) and that the token can see it",
		},
		RateLimitWait: func(status int, _ http.Header, _ []byte) time.Duration {
			if status == http.StatusTooManyRequests {
				return bareLimitWait
			}
			return 0
		},
	}
	for _, f := range cfg.Tune {
		f(&opts)
	}
	return httpapi.MustNew(opts)
}

package github

import (
	"bytes"
	"net/http"
	"time"

	"github.com/spacetime/tickets/pkg/connector/httpapi"
)

// APIVersion is the REST API version asked for (X-GitHub-Api-Version).
const APIVersion = "2022-11-28"

// secondaryWait is what GitHub asks after a secondary rate limit that carries no retry-after: wait at least
// a minute.
const secondaryWait = time.Minute

// client builds the framework client: the token, GitHub's media type and version, and its rate limits.
func client(cfg Config) *httpapi.Client {
	opts := httpapi.Options{
		System: "GitHub", BaseURL: cfg.API, HTTPClient: cfg.HTTPClient,
		Auth: httpapi.Bearer{Token: cfg.Token, Name: "token"},
		Header: http.Header{
			"Accept":               {"application/vnd.github+json"},
			"X-Github-Api-Version": {APIVersion},
		},
		Hints: httpapi.Hints{
			Unauthorized: "check the token in the datasource settings; it may have expired or been revoked",
			Forbidden:    "check that the token may read issues of the repositories (fine-grained: Issues read-only; classic: repo or public_repo), and that an organisation using SAML single sign-on has authorised it",
			NotFound:     "check the repository or organisation name and that the token can see it; on Enterprise Server the URL is https://<host>/api/v3",
		},
		RateLimitWait: rateLimitWait,
		// A poll of a repository that did not change asks the same URL again: its 304 costs no budget.
		Revalidate: true,
	}
	for _, f := range cfg.Tune {
		f(&opts)
	}
	return httpapi.MustNew(opts)
}

// rateLimitWait reads GitHub's rate-limit answers that carry no retry-after and no spent primary budget: a
// secondary limit (403 or 429 whose message says so) or any 429. GitHub says to wait at least a minute.
func rateLimitWait(status int, _ http.Header, body []byte) time.Duration {
	if status == http.StatusTooManyRequests || bytes.Contains(bytes.ToLower(body), []byte("secondary rate limit")) {
		return secondaryWait
	}
	return 0
}

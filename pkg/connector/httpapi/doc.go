// Package httpapi is the one place that does what every HTTP ticket API needs, so that each system's
// connector (pkg/connector/<system>) holds only its mapping and its query language.
//
// A connector builds one Client per datasource instance:
//
//	hc, _ := httpapi.NewHTTPClient(ctx, instanceSettings) // Grafana's TLS, proxy and timeouts
//	c, err := httpapi.New(httpapi.Options{
//		System:     "Jira Cloud",
//		BaseURL:    site,
//		HTTPClient: hc,
//		Auth:       httpapi.Basic{User: email, Password: token, Name: "email and API token"},
//		Hints:      httpapi.Hints{Unauthorized: "check the email and API token in the datasource settings"},
//	})
//
// and sends requests with Do (one answer decoded into a struct) or Walk (a paged listing):
//
//	p := &httpapi.NextToken{Param: "nextPageToken", InBody: true}
//	err := c.Walk(ctx, httpapi.Request{Method: "POST", Path: "/rest/api/3/search/jql", Body: body}, p,
//		func(r *httpapi.Response) (httpapi.PageInfo, error) {
//			var page searchPage
//			if err := json.Unmarshal(r.Body, &page); err != nil { return httpapi.PageInfo{}, err }
//			deliver(page.Issues)
//			return httpapi.PageInfo{Items: len(page.Issues), Total: -1, Next: page.NextPageToken}, nil
//		})
//
// What the Client does for every request:
//   - credentials through an Auth (APIKey header, Basic, Bearer/PAT, TokenHeader); their values are redacted
//     from every error;
//   - each request retried on its own, within Retry's bound, with exponential backoff and jitter, when the
//     failure is transient: no answer (refused or reset connection), a timeout, 5xx, 429 or 503 (honouring
//     Retry-After in seconds or as an HTTP date), or a 2xx body that is not complete JSON (a truncated
//     answer, a proxy's HTML page). 400, 401, 403, 404 return at once;
//   - rate limits read from Retry-After, X-RateLimit-* and RateLimit-* (ParseBudget); requests are spaced
//     out when the budget is nearly spent and held back until the reset when it is spent. Client.Budget
//     exposes the latest budget (connector.BudgetReporter) so the sync can stretch its polls. A wait longer
//     than Retry.MaxWait ends the request with a KindRateLimited error that connector.RetryAfter reads;
//   - a redirect to another site (an SSO login page) is reported, never followed with the credentials;
//   - with Options.Revalidate, a GET asked again is sent with the earlier answer's ETag (If-None-Match) and a 304
//     is answered from the earlier answer (GitHub does not count 304s against its rate limit).
//
// WithAttempts(ctx, n) bounds the attempts for someone waiting on the answer (Save & test); Options.OnAttempt
// hears about each retried failure (debug logs).
//
// Paging strategies are small stateful types (OffsetLimit, PageNumber, LinkHeader, NextToken, Cursor): the
// value holds the listing's position, so a page that fails even after its retries leaves it there, and
// calling Walk again with the same value resumes at that page, never at the first. A connector's Opened
// should list newest first by opening time: the sync then resumes a failed backfill below the oldest ticket
// it loaded.
//
// Every error is an *Error whose Error() is one sentence for users ("Cannot reach Redmine at …", "Jira
// Cloud rejected the email and API token (401): …", "The answer to /rest/api/3/search/jql from … is not
// JSON (text/html): maybe a login page or a proxy; check the URL."). It names the request's path, never
// its query or headers, and never contains a secret. Kind says what happened for code that must decide
// (KindOf, StatusOf); a system's own error shape can be read with Options.Detail (DefaultDetail knows the
// common ones).
//
// Tests put faultproxy (a sub-package) in front of a live server or a replay handler to fail a share of the
// requests in each of the ways above.
//
// ParseTime, FormatIn and LoadZone handle the systems' timestamps and the time zones their query languages
// read times in (Jira's JQL in the API user's zone, minute precision).
package httpapi

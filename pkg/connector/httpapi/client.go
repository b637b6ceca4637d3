package httpapi

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Options configure a Client for one ticket system.
type Options struct {
	// System names the ticket system in sentences ("Redmine", "Jira Cloud").
	System string
	// BaseURL is the system's root URL (a sub-path is kept); request paths are relative to it.
	BaseURL string
	// HTTPClient should come from NewHTTPClient (Grafana's TLS, proxy and timeout settings); nil uses a
	// plain client.
	HTTPClient *http.Client
	// Auth puts the credentials on every request; nil sends none.
	Auth Auth
	// Header is sent with every request (Accept defaults to application/json).
	Header http.Header
	Retry  Retry
	// Hints say what the user should do about a refused or missing request; empty ones have generic texts.
	Hints Hints
	// Detail extracts the system's own message from an error answer's JSON body; nil uses DefaultDetail.
	Detail func(body []byte) string
	// NearLimit is the share of the rate-limit budget below which requests are spaced out (default 0.1).
	NearLimit float64
	// MaxSpacing caps the space between requests near the limit (default 10 s).
	MaxSpacing time.Duration
	// MaxBody caps an answer's size (default 64 MiB).
	MaxBody int64
	// OnAttempt, if set, is told about every failed attempt that is retried (logs, tests).
	OnAttempt func(err *Error, wait time.Duration)
	// Revalidate asks each GET again with If-None-Match when an earlier answer to the same URL carried an
	// ETag, and answers a 304 Not Modified from that earlier answer (Response.NotModified). GitHub does not
	// count a 304 against its rate limit.
	Revalidate bool
	// RateLimitWait, if set, reads a 403 or 429 that carries neither Retry-After nor a spent budget: the
	// least wait the system wants, or 0 when the answer is not a rate limit. GitHub's secondary limits
	// (403 "You have exceeded a secondary rate limit": wait at least 60 s) and GitLab's bare 429s need it.
	RateLimitWait func(status int, header http.Header, body []byte) time.Duration
}

// Hints are sentences telling the user what to do about an answer, for one system.
type Hints struct {
	Unauthorized, Forbidden, NotFound string
}

// Client sends requests to one ticket system: credentials, retries of each request on its own, rate-limit
// pacing, JSON checking and errors as sentences.
type Client struct {
	opts   Options
	base   *url.URL
	shown  string // base URL as shown to users
	http   *http.Client
	retry  Retry
	limit  *limiter
	redact func(string) string
	sleep  func(ctx context.Context, d time.Duration) error
	now    func() time.Time
	kept   revalidation
}

// New returns a client for opts.
func New(opts Options) (*Client, error) {
	base, err := url.Parse(strings.TrimRight(opts.BaseURL, "/"))
	if err != nil || (base.Scheme != "http" && base.Scheme != "https") || base.Host == "" {
		return nil, fmt.Errorf("the URL %q is not an http(s) URL", displayBase(opts.BaseURL))
	}
	if opts.Auth == nil {
		opts.Auth = NoAuth{}
	}
	if opts.NearLimit <= 0 {
		opts.NearLimit = 0.1
	}
	if opts.MaxSpacing <= 0 {
		opts.MaxSpacing = 10 * time.Second
	}
	if opts.MaxBody <= 0 {
		opts.MaxBody = 64 << 20
	}
	if opts.Detail == nil {
		opts.Detail = DefaultDetail
	}
	hc := opts.HTTPClient
	if hc == nil {
		hc = &http.Client{}
	}
	c := &Client{
		opts: opts, base: base, shown: displayBase(opts.BaseURL), retry: opts.Retry.withDefaults(),
		limit: &limiter{maxSpacing: opts.MaxSpacing}, now: time.Now, sleep: sleepCtx,
	}
	var secrets []string
	if base.User != nil {
		pw, _ := base.User.Password()
		secrets = append(secrets, pw)
	}
	c.redact = redactor(append(secrets, opts.Auth.Secrets()...))
	if _, dynamic := opts.Auth.(ContextAuth); dynamic {
		// The access tokens change while the client lives: redact the ones issued so far, each time.
		c.redact = func(s string) string { return redactor(append(secrets, c.opts.Auth.Secrets()...))(s) }
	}
	// A redirect to another site (an SSO login page) must not take the credentials along, and is an answer
	// the user should hear about: stop there.
	cp := *hc
	cp.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		if !sameOrigin(req.URL, base) || len(via) >= 10 {
			return http.ErrUseLastResponse
		}
		return nil
	}
	c.http = &cp
	return c, nil
}

// MustNew is New for URLs already validated (settings, tests); it panics on a bad URL.
func MustNew(opts Options) *Client {
	c, err := New(opts)
	if err != nil {
		panic(err)
	}
	return c
}

// BaseURL is the system's URL as shown to users (no user info).
func (c *Client) BaseURL() string { return c.shown }

// Budget returns the rate-limit budget of the latest answer that carried one.
func (c *Client) Budget() Budget { return c.limit.current() }

// Redact removes the client's secrets from a text.
func (c *Client) Redact(s string) string { return c.redact(s) }

// Request is one API request.
type Request struct {
	// Method defaults to GET.
	Method string
	// Path is relative to the base URL ("/issues.json"); URL, if set, is an absolute URL on the same site
	// (a Link header's next page) and replaces Path and Query.
	Path, URL string
	Query     url.Values
	// Body is sent as JSON (POST searches such as Jira's /rest/api/3/search/jql).
	Body   map[string]any
	Header http.Header
	// NotJSON skips the check that a 2xx answer is complete JSON.
	NotJSON bool
}

func (r Request) clone() Request {
	cp := r
	cp.Query = url.Values{}
	for k, v := range r.Query {
		cp.Query[k] = append([]string(nil), v...)
	}
	if r.Body != nil {
		cp.Body = make(map[string]any, len(r.Body))
		for k, v := range r.Body {
			cp.Body[k] = v
		}
	}
	return cp
}

// Response is a successful (2xx) answer, its body read whole.
type Response struct {
	Status int
	Header http.Header
	Body   []byte
	// URL is the URL that was asked (it may carry tokens in its query: never show it).
	URL *url.URL
	// Attempts is how many times the request was sent.
	Attempts int
	// NotModified is true when the system answered 304 and Body is the earlier answer (Options.Revalidate).
	NotModified bool
}

// Do sends req, retrying it on its own on transient failures (no answer, timeout, 5xx, 429/503, an
// incomplete or non-JSON body) within Options.Retry, and decodes the JSON answer into into (if not nil).
// Other answers (400, 401, 403, 404...) return at once. Every error is an *Error, or ctx's error.
func (c *Client) Do(ctx context.Context, req Request, into any) (*Response, error) {
	path := req.Path
	if req.URL != "" {
		u, err := url.Parse(req.URL)
		if err != nil || !sameOrigin(u, c.base) {
			return nil, c.finish(&Error{Kind: KindBadAnswer, Path: path, Detail: "a next-page link to another site", Err: errors.New("next-page link to another site")})
		}
		path = u.Path
	}
	attempts := c.retry.Attempts
	if n, ok := ctx.Value(attemptsKey{}).(int); ok && n > 0 {
		attempts = n
	}
	var last *Error
	refreshed := false
	for attempt := 1; ; attempt++ {
		if d := c.limit.reserve(c.now()); d > 0 {
			if d > c.retry.MaxWait {
				return nil, c.finish(&Error{Kind: KindRateLimited, Path: path, Status: http.StatusTooManyRequests, Wait: d, Attempts: attempt - 1})
			}
			if err := c.sleep(ctx, d); err != nil {
				return nil, err
			}
		}
		resp, aerr := c.attempt(ctx, req, path)
		if aerr == nil {
			resp.Attempts = attempt
			if into != nil {
				if err := json.Unmarshal(resp.Body, into); err != nil {
					return nil, c.finish(&Error{Kind: KindBadAnswer, Path: path, Status: resp.Status, ContentType: resp.Header.Get("Content-Type"), Attempts: attempt, Err: err, shape: true})
				}
			}
			return resp, nil
		}
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		aerr.Attempts = attempt
		last = aerr
		if ca, ok := c.opts.Auth.(ContextAuth); ok && aerr.Kind == KindAuth && aerr.Status == http.StatusUnauthorized && !refreshed && ca.Refresh() {
			refreshed = true // the access token expired or was revoked mid-sync: fetch a new one, once
			attempts++
			continue
		}
		if !aerr.Transient() || attempt >= attempts {
			return nil, c.finish(last)
		}
		wait := c.retry.backoff(attempt)
		if aerr.Kind == KindRateLimited || (aerr.Status == http.StatusServiceUnavailable && aerr.Wait > 0) {
			if aerr.Wait > c.retry.MaxWait {
				return nil, c.finish(last) // the caller waits; holding the request that long helps no one
			}
			if aerr.Wait > 0 {
				wait = aerr.Wait
			}
		}
		if c.opts.OnAttempt != nil {
			c.opts.OnAttempt(c.finish(aerr), wait)
		}
		if err := c.sleep(ctx, wait); err != nil {
			return nil, err
		}
	}
}

type attemptsKey struct{}

// WithAttempts bounds the attempts of every request made with the returned context to n: for a person
// waiting on the answer (Save & test), who should hear about a dead server in a second, not after the
// retries a background sync can afford.
func WithAttempts(ctx context.Context, n int) context.Context {
	return context.WithValue(ctx, attemptsKey{}, n)
}

// attempt sends req once; its error (never ctx's) says whether and how it failed.
func (c *Client) attempt(ctx context.Context, req Request, path string) (*Response, *Error) {
	actx, cancel := context.WithTimeout(ctx, c.retry.AttemptTimeout)
	defer cancel()
	hreq, err := c.build(actx, req)
	var berr *Error
	if errors.As(err, &berr) {
		return nil, berr // the token endpoint's answer
	}
	if err != nil {
		return nil, &Error{Kind: KindOther, Path: path, Err: err}
	}
	revalidate := c.opts.Revalidate && hreq.Method == http.MethodGet
	key := hreq.URL.String()
	var asked kept
	var askedOK bool
	if revalidate {
		asked, askedOK = c.kept.ask(key, hreq.Header)
	}
	hresp, err := c.http.Do(hreq)
	if err != nil {
		return nil, transportError(actx, path, err)
	}
	defer func() { _ = hresp.Body.Close() }()
	if b, ok := ParseBudget(hresp.Header, c.now(), c.opts.NearLimit); ok {
		c.limit.observe(b)
	}
	body, err := io.ReadAll(io.LimitReader(hresp.Body, c.opts.MaxBody+1))
	ct := hresp.Header.Get("Content-Type")
	if err != nil {
		// The connection broke (or stalled past the timeout) in the middle of the answer.
		e := transportError(actx, path, err)
		e.Status, e.ContentType = hresp.StatusCode, ct
		return nil, e
	}
	if int64(len(body)) > c.opts.MaxBody {
		return nil, &Error{Kind: KindOther, Path: path, Status: hresp.StatusCode, Err: fmt.Errorf("the answer is larger than %d MiB", c.opts.MaxBody>>20)}
	}
	status := hresp.StatusCode
	if status == http.StatusNotModified && askedOK {
		h, body := asked.notModified(hresp.Header)
		return &Response{Status: http.StatusOK, Header: h, Body: body, URL: hreq.URL, NotModified: true}, nil
	}
	if status >= 200 && status < 300 {
		if !req.NotJSON && !json.Valid(body) {
			return nil, &Error{Kind: KindBadAnswer, Path: path, Status: status, ContentType: ct}
		}
		if revalidate {
			c.kept.keep(key, hresp.Header, body)
		}
		return &Response{Status: status, Header: hresp.Header, Body: body, URL: hreq.URL}, nil
	}
	e := &Error{Path: path, Status: status, ContentType: ct}
	if isJSONType(ct) || json.Valid(body) {
		e.Detail = truncate(c.opts.Detail(body), 300)
	}
	now := c.now()
	wait := ParseRetryAfter(hresp.Header.Get("Retry-After"), now)
	budget, hasBudget := ParseBudget(hresp.Header, now, c.opts.NearLimit)
	spent := hasBudget && budget.Remaining == 0 && budget.Reset.After(now)
	if wait == 0 && spent {
		wait = budget.Reset.Sub(now)
	}
	if wait == 0 && c.opts.RateLimitWait != nil && (status == http.StatusForbidden || status == http.StatusTooManyRequests) {
		if w := c.opts.RateLimitWait(status, hresp.Header, body); w > 0 {
			wait, spent = w, status == http.StatusForbidden // a 403 the system calls a rate limit is one
		}
	}
	e.Wait = wait
	switch {
	case status >= 300 && status < 400:
		e.Kind, e.Detail = KindBadAnswer, redirectTarget(hresp)
	case status == http.StatusTooManyRequests,
		status == http.StatusForbidden && (spent || wait > 0): // GitHub's primary and secondary rate limits
		e.Kind = KindRateLimited
	case status == http.StatusUnauthorized:
		e.Kind = KindAuth
	case status == http.StatusForbidden:
		e.Kind = KindForbidden
	case status == http.StatusNotFound || status == http.StatusGone:
		e.Kind = KindNotFound
	case status == http.StatusRequestTimeout:
		e.Kind = KindTimeout
	case status >= 500:
		e.Kind = KindServer
	default:
		e.Kind = KindBadRequest
	}
	return nil, e
}

func (c *Client) build(ctx context.Context, req Request) (*http.Request, error) {
	method := orDefault(req.Method, http.MethodGet)
	var u string
	if req.URL != "" {
		u = req.URL
		if len(req.Query) > 0 { // paging parameters on a templated URL (the JSON API connector)
			u = withQuery(u, func(q url.Values) {
				for k, v := range req.Query {
					q[k] = v
				}
			})
		}
	} else {
		u = c.base.String() + "/" + strings.TrimLeft(req.Path, "/")
		if len(req.Query) > 0 {
			u += "?" + req.Query.Encode()
		}
	}
	if qa, ok := c.opts.Auth.(QueryAuth); ok {
		u = withQuery(u, qa.ApplyQuery)
	}
	var body io.Reader
	if req.Body != nil {
		b, err := json.Marshal(req.Body)
		if err != nil {
			return nil, fmt.Errorf("encoding the request body: %w", err)
		}
		body = bytes.NewReader(b)
	}
	hreq, err := http.NewRequestWithContext(ctx, method, u, body)
	if err != nil {
		return nil, errors.New("building the request failed")
	}
	hreq.Header.Set("Accept", "application/json")
	if req.Body != nil {
		hreq.Header.Set("Content-Type", "application/json")
	}
	for k, v := range c.opts.Header {
		hreq.Header[k] = v
	}
	for k, v := range req.Header {
		hreq.Header[k] = v
	}
	if ca, ok := c.opts.Auth.(ContextAuth); ok {
		if err := ca.ApplyContext(ctx, hreq.Header); err != nil {
			return nil, err
		}
	} else {
		c.opts.Auth.Apply(hreq.Header)
	}
	return hreq, nil
}

// withQuery edits the query of a URL; a URL that does not parse is left for NewRequest to refuse.
func withQuery(raw string, edit func(url.Values)) string {
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	q := u.Query()
	edit(q)
	u.RawQuery = q.Encode()
	return u.String()
}

// finish completes an error with what the client knows (system, URL, hints, redaction).
func (c *Client) finish(e *Error) *Error {
	e.System, e.Base, e.Credential, e.redact = c.opts.System, c.shown, c.opts.Auth.Credential(), c.redact
	e.Detail = c.redact(e.Detail)
	switch e.Kind {
	case KindAuth:
		e.Hint = c.opts.Hints.Unauthorized
	case KindForbidden:
		e.Hint = c.opts.Hints.Forbidden
	case KindNotFound:
		e.Hint = c.opts.Hints.NotFound
	}
	return e
}

func transportError(ctx context.Context, path string, err error) *Error {
	err = stripURL(err)
	var ne net.Error
	if errors.Is(err, context.DeadlineExceeded) || ctx.Err() != nil || (errors.As(err, &ne) && ne.Timeout()) {
		return &Error{Kind: KindTimeout, Path: path, Err: err}
	}
	return &Error{Kind: KindUnreachable, Path: path, Err: err}
}

func redirectTarget(resp *http.Response) string {
	loc, err := resp.Location()
	if err != nil {
		return "no Location"
	}
	return loc.Host
}

func sameOrigin(u, base *url.URL) bool {
	return strings.EqualFold(u.Scheme, base.Scheme) && strings.EqualFold(u.Host, base.Host)
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

// DefaultDetail extracts the message of the common JSON error shapes: Redmine {"errors":["..."]}, Jira
// {"errorMessages":[...],"errors":{"field":"..."}}, GitHub/GitLab {"message":"..."}, ServiceNow and PagerDuty
// {"error":{"message":"...","detail":"..."}}, OAuth {"error":"...","error_description":"..."}.
func DefaultDetail(body []byte) string {
	var v struct {
		Errors        json.RawMessage `json:"errors"`
		ErrorMessages []string        `json:"errorMessages"`
		Message       string          `json:"message"`
		Error         json.RawMessage `json:"error"`
		Description   string          `json:"error_description"`
	}
	if json.Unmarshal(body, &v) != nil {
		return ""
	}
	var parts []string
	parts = append(parts, v.ErrorMessages...)
	var list []string
	var fields map[string]string
	if json.Unmarshal(v.Errors, &list) == nil {
		parts = append(parts, list...)
	} else if json.Unmarshal(v.Errors, &fields) == nil {
		for _, k := range sortedKeys(fields) {
			parts = append(parts, k+": "+fields[k])
		}
	}
	if v.Message != "" {
		parts = append(parts, v.Message)
	}
	var s string
	var obj struct{ Message, Detail string }
	if json.Unmarshal(v.Error, &s) == nil && s != "" {
		parts = append(parts, s)
	} else if json.Unmarshal(v.Error, &obj) == nil {
		for _, p := range []string{obj.Message, obj.Detail} {
			if p != "" {
				parts = append(parts, p)
			}
		}
	}
	if v.Description != "" {
		parts = append(parts, v.Description)
	}
	return strings.Join(parts, "; ")
}

// Package redmine is the connector for Redmine's REST API (https://www.redmine.org/projects/redmine/wiki/Rest_api).
//
// It authenticates with the X-Redmine-API-Key header, reads /users/current.json (health) and pages
// /issues.json (tickets), and maps issues onto tickets.Ticket.
package redmine

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// MaxPageSize is the largest page Redmine serves (it caps `limit` at 100).
const MaxPageSize = 100

// maxErrorBody caps how much of an error response is kept for messages.
const maxErrorBody = 512

// Client talks to one Redmine server.
type Client struct {
	base    string // without trailing slash
	apiKey  string
	http    *http.Client
	project string // "" for every project
}

// New returns a client for the Redmine at baseURL (http(s), no trailing slash needed).
// httpClient should come from the SDK's backend/httpclient so Grafana's proxy, TLS and middleware settings apply.
func New(baseURL, apiKey string, httpClient *http.Client) *Client {
	if httpClient == nil {
		httpClient = http.DefaultClient
	}
	return &Client{base: strings.TrimRight(baseURL, "/"), apiKey: apiKey, http: httpClient}
}

// InProject returns a copy of c whose issue listings (ListIssues, CountIssues) read only the given project,
// named by its identifier ("ops") or numeric id, and its subprojects (Redmine's project_id). An empty project
// means every project the API key can see.
func (c *Client) InProject(project string) *Client {
	cp := *c
	cp.project = project
	return &cp
}

// Project is the project the client's issue listings read ("" for every project).
func (c *Client) Project() string { return c.project }

// User is the account the API key belongs to.
type User struct {
	ID        int64  `json:"id"`
	Login     string `json:"login"`
	Firstname string `json:"firstname"`
	Lastname  string `json:"lastname"`
	Admin     bool   `json:"admin"`
}

// CurrentUser returns the account of the API key (GET /users/current.json).
func (c *Client) CurrentUser(ctx context.Context) (User, error) {
	var body struct {
		User User `json:"user"`
	}
	if err := c.get(ctx, "/users/current.json", nil, &body); err != nil {
		return User{}, err
	}
	return body.User, nil
}

// CountIssues returns how many issues (open and closed) the API key can see, in the client's project if it has one.
func (c *Client) CountIssues(ctx context.Context) (int, error) {
	page, err := c.ListIssues(ctx, ListOptions{Limit: 1})
	if err != nil {
		return 0, err
	}
	return page.TotalCount, nil
}

// ListOptions selects a page of issues.
type ListOptions struct {
	Offset int
	Limit  int // 1..MaxPageSize
	// Sort is Redmine's sort parameter; empty means "updated_on:desc" (most recently updated first).
	Sort string
	// Filters are extra query parameters, e.g. updated_on=">=2026-11-20T10:00:00Z".
	Filters url.Values
}

// IssuePage is one page of GET /issues.json.
type IssuePage struct {
	Issues     []Issue `json:"issues"`
	TotalCount int     `json:"total_count"`
	Offset     int     `json:"offset"`
	Limit      int     `json:"limit"`
}

// ListIssues fetches one page of issues of every status, in the client's project if it has one.
//
// Redmine answers 404 when the project does not exist: that is an *UnknownProjectError.
func (c *Client) ListIssues(ctx context.Context, opts ListOptions) (IssuePage, error) {
	if opts.Limit <= 0 || opts.Limit > MaxPageSize {
		opts.Limit = MaxPageSize
	}
	if opts.Sort == "" {
		opts.Sort = "updated_on:desc"
	}
	q := url.Values{}
	for k, v := range opts.Filters {
		q[k] = v
	}
	if c.project != "" {
		q.Set("project_id", c.project)
	}
	q.Set("status_id", "*")
	q.Set("limit", strconv.Itoa(opts.Limit))
	q.Set("offset", strconv.Itoa(opts.Offset))
	q.Set("sort", opts.Sort)
	var page IssuePage
	if err := c.get(ctx, "/issues.json", q, &page); err != nil {
		var he *HTTPError
		// Redmine answers an unknown project_id with an empty JSON 404 (ApplicationController#find_project);
		// a wrong base URL gets an HTML 404 page instead, which stays an HTTPError about the URL.
		if c.project != "" && errors.As(err, &he) && he.StatusCode == http.StatusNotFound && isJSON(he.ContentType) {
			return IssuePage{}, &UnknownProjectError{Project: c.project, Err: he}
		}
		return IssuePage{}, err
	}
	return page, nil
}

func isJSON(contentType string) bool {
	mt, _, _ := strings.Cut(contentType, ";")
	return strings.EqualFold(strings.TrimSpace(mt), "application/json")
}

func (c *Client) get(ctx context.Context, path string, query url.Values, into any) error {
	u := c.base + path
	if len(query) > 0 {
		u += "?" + query.Encode()
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return fmt.Errorf("building request for %s: %w", path, err)
	}
	req.Header.Set("X-Redmine-API-Key", c.apiKey)
	req.Header.Set("Accept", "application/json")

	resp, err := c.http.Do(req)
	if err != nil {
		return &UnreachableError{URL: c.base, Err: err}
	}
	defer func() { _ = resp.Body.Close() }()

	if resp.StatusCode != http.StatusOK {
		snippet, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
		return &HTTPError{Path: path, StatusCode: resp.StatusCode, Body: strings.TrimSpace(string(snippet)),
			ContentType: resp.Header.Get("Content-Type"), RetryAfter: parseRetryAfter(resp.Header.Get("Retry-After"), time.Now())}
	}
	if err := json.NewDecoder(resp.Body).Decode(into); err != nil {
		return &BadResponseError{Path: path, ContentType: resp.Header.Get("Content-Type"), Err: err}
	}
	return nil
}

// UnreachableError means no HTTP answer came back (DNS, refused connection, TLS, timeout...).
type UnreachableError struct {
	URL string
	Err error
}

func (e *UnreachableError) Error() string {
	return fmt.Sprintf("cannot reach Redmine at %s: %s", e.URL, DescribeNetError(e.Err))
}
func (e *UnreachableError) Unwrap() error { return e.Err }

// DescribeNetError describes a transport error without the method and URL net/http prefixes to it.
func DescribeNetError(err error) string {
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	var oe *net.OpError
	if errors.As(err, &oe) && oe.Err != nil {
		return oe.Op + ": " + oe.Err.Error()
	}
	return err.Error()
}

// HTTPError is a non-200 answer from Redmine.
type HTTPError struct {
	Path       string
	StatusCode int
	Body       string
	// ContentType is the answer's Content-Type header.
	ContentType string
	// RetryAfter is the wait the Retry-After header asked for (0 when absent).
	RetryAfter time.Duration
}

func (e *HTTPError) Error() string { return "Redmine answered " + e.Describe() }

// Describe says "<code> <text> for <path>", followed by Redmine's error messages if it sent any.
func (e *HTTPError) Describe() string {
	msg := fmt.Sprintf("%d %s for %s", e.StatusCode, http.StatusText(e.StatusCode), e.Path)
	if d := e.detail(); d != "" {
		msg += ": " + d
	}
	return msg
}

// detail extracts Redmine's {"errors":[...]} messages, if any.
func (e *HTTPError) detail() string {
	var body struct {
		Errors []string `json:"errors"`
	}
	if json.Unmarshal([]byte(e.Body), &body) == nil && len(body.Errors) > 0 {
		return strings.Join(body.Errors, "; ")
	}
	return ""
}

// UnknownProjectError means Redmine has no project with the identifier or id the client lists issues of.
type UnknownProjectError struct {
	Project string
	Err     *HTTPError
}

func (e *UnknownProjectError) Error() string {
	return fmt.Sprintf("Redmine has no project %q (%s)", e.Project, e.Err.Describe())
}
func (e *UnknownProjectError) Unwrap() error { return e.Err }

// BadResponseError means Redmine (or whatever answers at the URL) sent something that is not the expected JSON.
type BadResponseError struct {
	Path        string
	ContentType string
	Err         error
}

func (e *BadResponseError) Error() string {
	ct := e.ContentType
	if ct == "" {
		ct = "no content type"
	}
	return fmt.Sprintf("the answer to %s is not Redmine JSON (%s): %v", e.Path, ct, e.Err)
}
func (e *BadResponseError) Unwrap() error { return e.Err }

// StatusCode returns the HTTP status of err if it is an HTTPError, else 0.
func StatusCode(err error) int {
	var he *HTTPError
	if errors.As(err, &he) {
		return he.StatusCode
	}
	return 0
}

// IsUnreachable reports whether err means Redmine did not answer at all.
func IsUnreachable(err error) bool {
	var ue *UnreachableError
	return errors.As(err, &ue)
}

// parseRetryAfter reads a Retry-After header: delay seconds or an HTTP date.
func parseRetryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	if secs, err := strconv.Atoi(v); err == nil && secs > 0 {
		return time.Duration(secs) * time.Second
	}
	if at, err := http.ParseTime(v); err == nil && at.After(now) {
		return at.Sub(now)
	}
	return 0
}

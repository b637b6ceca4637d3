// Package redmine is the connector for Redmine's REST API (https://www.redmine.org/projects/redmine/wiki/Rest_api).
//
// It holds Redmine's endpoints (/users/current.json for health, /issues.json paged by offset/limit,
// /enumerations/issue_priorities.json), its query language (status_id=*, created_on, updated_on, issue_id,
// project_id) and error shape, and maps issues onto tickets.Ticket. HTTP, retries, rate limits, paging and
// error sentences are pkg/connector/httpapi's.
package redmine

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/spacetime/tickets/pkg/connector/httpapi"
)

// MaxPageSize is the largest page Redmine serves (it caps `limit` at 100).
const MaxPageSize = 100

// Client talks to one Redmine server.
type Client struct {
	api     *httpapi.Client
	err     error // a base URL the framework refused; every call returns it
	opts    httpapi.Options
	project string // "" for every project
}

// New returns a client for the Redmine at baseURL (http(s), no trailing slash needed). httpClient should
// come from httpapi.NewHTTPClient so Grafana's proxy, TLS and middleware settings apply. tune adjusts the
// framework options (retries in tests).
func New(baseURL, apiKey string, httpClient *http.Client, tune ...func(*httpapi.Options)) *Client {
	opts := httpapi.Options{
		System:     "Redmine",
		BaseURL:    baseURL,
		HTTPClient: httpClient,
		Auth:       httpapi.APIKey{Header: "X-Redmine-API-Key", Key: apiKey},
		Detail:     errorMessages,
	}
	for _, f := range tune {
		f(&opts)
	}
	return (&Client{opts: opts}).build()
}

func (c *Client) build() *Client {
	may := "may view issues"
	if c.project != "" {
		// Redmine also answers 403 for a private project the key's user is not a member of.
		may = fmt.Sprintf("may view issues of project %q (the Project setting)", c.project)
	}
	c.opts.Hints = httpapi.Hints{
		Forbidden: "enable the REST API in Redmine under Administration → Settings → API (\"Enable REST web service\") and check that the API key's user " + may,
		NotFound:  "check that the URL is Redmine's root URL, including any sub-path",
	}
	c.api, c.err = httpapi.New(c.opts)
	return c
}

// InProject returns a copy of c whose issue listings (ListIssues, CountIssues) read only the given project,
// named by its identifier ("ops") or numeric id, and its subprojects (Redmine's project_id). An empty project
// means every project the API key can see.
func (c *Client) InProject(project string) *Client {
	cp := &Client{opts: c.opts, project: project}
	return cp.build()
}

// Project is the project the client's issue listings read ("" for every project).
func (c *Client) Project() string { return c.project }

// API is the framework client (its rate-limit budget, redaction).
func (c *Client) API() *httpapi.Client { return c.api }

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

// ListOptions selects issues.
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
func (c *Client) ListIssues(ctx context.Context, opts ListOptions) (IssuePage, error) {
	paging := &httpapi.OffsetLimit{Offset: opts.Offset, Limit: opts.Limit}
	var page IssuePage
	err := c.walk(ctx, opts, paging, func(p IssuePage) error { page = p; return errStop })
	if errors.Is(err, errStop) {
		err = nil
	}
	return page, err
}

var errStop = errors.New("one page is enough")

// walk pages /issues.json from paging's position, calling each for every page. Redmine answers 404 when the
// project does not exist: that is an *UnknownProjectError.
func (c *Client) walk(ctx context.Context, opts ListOptions, paging *httpapi.OffsetLimit, each func(IssuePage) error) error {
	if c.err != nil {
		return c.err
	}
	if paging.Limit <= 0 || paging.Limit > MaxPageSize {
		paging.Limit = MaxPageSize
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
	q.Set("sort", opts.Sort)
	err := c.api.Walk(ctx, httpapi.Request{Path: "/issues.json", Query: q}, paging, func(r *httpapi.Response) (httpapi.PageInfo, error) {
		var p IssuePage
		if err := json.Unmarshal(r.Body, &p); err != nil {
			return httpapi.PageInfo{}, fmt.Errorf("the answer to /issues.json is not Redmine's issue list: %w", err)
		}
		if err := each(p); err != nil {
			return httpapi.PageInfo{}, err
		}
		return httpapi.PageInfo{Items: len(p.Issues), Total: p.TotalCount}, nil
	})
	// Redmine answers an unknown project_id with an empty JSON 404 (ApplicationController#find_project); a
	// wrong base URL gets an HTML 404 page instead, which stays an error about the URL.
	var ae *httpapi.Error
	if c.project != "" && errors.As(err, &ae) && ae.Status == http.StatusNotFound && isJSON(ae.ContentType) {
		return &UnknownProjectError{Project: c.project, Err: ae}
	}
	return err
}

func (c *Client) get(ctx context.Context, path string, query url.Values, into any) error {
	if c.err != nil {
		return c.err
	}
	_, err := c.api.Do(ctx, httpapi.Request{Path: path, Query: query}, into)
	return err
}

// errorMessages reads Redmine's error shape, {"errors":["Status is invalid", ...]}.
func errorMessages(body []byte) string {
	var b struct {
		Errors []string `json:"errors"`
	}
	if json.Unmarshal(body, &b) == nil && len(b.Errors) > 0 {
		return strings.Join(b.Errors, "; ")
	}
	return ""
}

func isJSON(contentType string) bool {
	mt, _, _ := strings.Cut(contentType, ";")
	return strings.EqualFold(strings.TrimSpace(mt), "application/json")
}

// UnknownProjectError means Redmine has no project with the identifier or id the client lists issues of.
type UnknownProjectError struct {
	Project string
	Err     *httpapi.Error
}

func (e *UnknownProjectError) Error() string {
	return fmt.Sprintf("Redmine has no project %q visible to this API key: check the Project setting.", e.Project)
}
func (e *UnknownProjectError) Unwrap() error { return e.Err }

// StatusCode returns the HTTP status of err if Redmine answered, else 0.
func StatusCode(err error) int { return httpapi.StatusOf(err) }

// IsUnreachable reports whether err means Redmine did not answer at all.
func IsUnreachable(err error) bool { return httpapi.KindOf(err) == httpapi.KindUnreachable }

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

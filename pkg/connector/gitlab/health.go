package gitlab

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/spacetime/tickets/pkg/connector"
	"github.com/spacetime/tickets/pkg/connector/httpapi"
)

// Health is what Save & test found.
type Health struct {
	// Username is the token's user (or bot).
	Username string
	// Sources are the projects and groups, by their full path.
	Sources []string
	// Count is how many issues were updated since the window's start; -1 when GitLab gives no total
	// (above 10,000). Over is true when any source's total was missing.
	Count int
	Over  bool
	// Budget is the rate limit GitLab reported.
	Budget connector.Budget
}

// SourceError is a project or group GitLab does not show the token.
type SourceError struct {
	// Kind is "project" or "group"; Ref the path or id as configured.
	Kind, Ref string
	Err       *httpapi.Error
}

func (e *SourceError) Error() string { return e.Err.Error() }
func (e *SourceError) Unwrap() error { return e.Err }

// Check is Save & test: the site answers and accepts the token (as whom), each project and group is
// visible, and how many issues the sync window holds (from X-Total, one request each).
func (c *Connector) Check(ctx context.Context, since time.Time) (Health, error) {
	var me struct {
		Username string `json:"username"`
	}
	if _, err := c.http.Do(ctx, httpapi.Request{Path: "/user"}, &me); err != nil {
		return Health{}, err
	}
	h := Health{Username: me.Username}
	for _, s := range c.sources() {
		src := parseSource(s)
		var info struct {
			PathWithNamespace string `json:"path_with_namespace"`
			FullPath          string `json:"full_path"`
		}
		_, err := c.http.Do(ctx, httpapi.Request{Path: src.path()}, &info)
		var he *httpapi.Error
		if errors.As(err, &he) && (he.Status == http.StatusNotFound || he.Status == http.StatusForbidden) {
			return h, &SourceError{Kind: map[string]string{"projects": "project", "groups": "group"}[src.kind], Ref: src.ref, Err: he}
		} else if err != nil {
			return h, err
		}
		h.Sources = append(h.Sources, info.PathWithNamespace+info.FullPath)
		q := url.Values{"updated_after": {iso(since)}, "scope": {"all"}, "state": {"all"}, "per_page": {"1"}}
		r, err := c.http.Do(ctx, httpapi.Request{Path: src.path() + "/issues", Query: q}, nil)
		if err != nil {
			return h, err
		}
		if n, err := strconv.Atoi(r.Header.Get("X-Total")); err == nil {
			h.Count += n
		} else {
			h.Over = true
		}
	}
	if h.Over {
		h.Count = -1
	}
	h.Budget = c.Budget()
	return h, nil
}

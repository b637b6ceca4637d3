package jira

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/spacetime/tickets/pkg/connector"
)

// RetryPolicy bounds how one request is retried on transient failures (connection errors, 5xx, 429/503,
// a truncated or non-JSON body). Each request is retried on its own: a listing resumes at the page that failed.
type RetryPolicy struct {
	Attempts int           // tries per request (default 6)
	Base     time.Duration // first backoff (default 500 ms), doubled per try with jitter
	Max      time.Duration // longest wait, Retry-After included (default 30 s)
}

func (p RetryPolicy) withDefaults() RetryPolicy {
	if p.Attempts <= 0 {
		p.Attempts = 6
	}
	if p.Base <= 0 {
		p.Base = 500 * time.Millisecond
	}
	if p.Max <= 0 {
		p.Max = 30 * time.Second
	}
	return p
}

const maxErrorBody = 4096

// call sends one request to the Jira API (path under /rest/api/N) and decodes the JSON answer into into,
// retrying transient failures. The last failure is returned once the attempts are spent.
func (c *Connector) call(ctx context.Context, method, path string, body, into any) error {
	var payload []byte
	if body != nil {
		var err error
		if payload, err = json.Marshal(body); err != nil {
			return err
		}
	}
	p := c.cfg.Retry
	var last error
	for attempt := 0; attempt < p.Attempts; attempt++ {
		err := c.once(ctx, method, path, payload, into)
		if err == nil || !transient(err) {
			return err
		}
		last = err
		if attempt == p.Attempts-1 {
			break
		}
		wait := min(p.Base<<attempt, p.Max)
		wait = wait/2 + rand.N(wait/2+1)
		if ra, ok := connector.RetryAfter(err); ok && ra > wait {
			wait = min(ra, p.Max)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(wait):
		}
	}
	return last
}

func (c *Connector) once(ctx context.Context, method, path string, payload []byte, into any) error {
	var rd io.Reader
	if payload != nil {
		rd = bytes.NewReader(payload)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.site+path, rd)
	if err != nil {
		return fmt.Errorf("building request for %s: %w", path, err)
	}
	req.Header.Set("Accept", "application/json")
	if payload != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if a := c.cfg.Auth; a.Bearer {
		req.Header.Set("Authorization", "Bearer "+a.Secret)
	} else {
		req.SetBasicAuth(a.User, a.Secret)
	}
	resp, err := c.cfg.HTTPClient.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return &UnreachableError{Site: c.site, Err: err}
	}
	defer func() { _ = resp.Body.Close() }()
	ct := resp.Header.Get("Content-Type")
	if resp.StatusCode != http.StatusOK {
		raw, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
		he := &HTTPError{Path: path, StatusCode: resp.StatusCode, ContentType: ct}
		he.Messages = errorMessages(raw)
		he.RetryAfter = retryAfter(resp.Header, time.Now())
		if resp.StatusCode == http.StatusTooManyRequests || (resp.StatusCode == http.StatusServiceUnavailable && he.RetryAfter > 0) {
			wait := he.RetryAfter
			if wait == 0 {
				wait = 5 * time.Second
			}
			return &connector.RetryAfterError{Wait: wait, Err: he}
		}
		return he
	}
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return &BadResponseError{Path: path, ContentType: ct, Err: err}
	}
	if mt, _, _ := mime.ParseMediaType(ct); mt != "application/json" {
		return &BadResponseError{Path: path, ContentType: ct, Err: errors.New("not JSON")}
	}
	if err := json.Unmarshal(raw, into); err != nil {
		return &BadResponseError{Path: path, ContentType: ct, Err: err}
	}
	return nil
}

// transient reports whether a failure may pass when the request is sent again.
func transient(err error) bool {
	var he *HTTPError
	var ue *UnreachableError
	var be *BadResponseError
	switch {
	case errors.As(err, new(*connector.RetryAfterError)):
		return true
	case errors.As(err, &he):
		return he.StatusCode >= 500
	case errors.As(err, &ue):
		return true
	case errors.As(err, &be):
		// A proxy's HTML page or a cut-off body; an SSO login page stays the same, but costs only the bounded tries.
		return true
	}
	return false
}

// errorMessages reads Jira's {"errorMessages": [...], "errors": {"field": "message"}}.
func errorMessages(raw []byte) []string {
	var body struct {
		ErrorMessages []string          `json:"errorMessages"`
		Errors        map[string]string `json:"errors"`
	}
	if json.Unmarshal(raw, &body) != nil {
		return nil
	}
	out := append([]string(nil), body.ErrorMessages...)
	for k, v := range body.Errors {
		out = append(out, k+": "+v)
	}
	return out
}

func retryAfter(h http.Header, now time.Time) time.Duration {
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0
	}
	if secs, err := strconv.Atoi(v); err == nil && secs >= 0 {
		return time.Duration(secs) * time.Second
	}
	if at, err := http.ParseTime(v); err == nil && at.After(now) {
		return at.Sub(now)
	}
	return 0
}

// HTTPError is an answer other than 200 from Jira.
type HTTPError struct {
	Path        string
	StatusCode  int
	ContentType string
	// Messages are Jira's errorMessages and errors, in its own words.
	Messages   []string
	RetryAfter time.Duration
}

func (e *HTTPError) Error() string {
	msg := fmt.Sprintf("Jira answered %d %s for %s", e.StatusCode, http.StatusText(e.StatusCode), e.Path)
	if len(e.Messages) > 0 {
		msg += ": " + strings.Join(e.Messages, " ")
	}
	return msg
}

// UnreachableError means no HTTP answer came back.
type UnreachableError struct {
	Site string
	Err  error
}

func (e *UnreachableError) Error() string {
	return fmt.Sprintf("cannot reach Jira at %s: %v", e.Site, e.Err)
}
func (e *UnreachableError) Unwrap() error { return e.Err }

// BadResponseError means the answer was not Jira's JSON (an SSO login page, a proxy's error page, a cut-off body).
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
	return fmt.Sprintf("the answer to %s is not Jira JSON (%s): %v", e.Path, ct, e.Err)
}
func (e *BadResponseError) Unwrap() error { return e.Err }

// LoginPage reports whether the answer was an HTML page, as an SSO proxy sends once a token has expired.
func (e *BadResponseError) LoginPage() bool { return strings.HasPrefix(e.ContentType, "text/html") }

// StatusCode returns the HTTP status of err if Jira answered one, else 0.
func StatusCode(err error) int {
	var he *HTTPError
	if errors.As(err, &he) {
		return he.StatusCode
	}
	return 0
}

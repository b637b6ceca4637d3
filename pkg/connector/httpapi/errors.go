package httpapi

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"time"
)

// Kind says what went wrong, in the terms a user acts on.
type Kind int

const (
	KindOther       Kind = iota
	KindUnreachable      // no HTTP answer: DNS, refused or reset connection, TLS
	KindTimeout          // no answer in time
	KindAuth             // 401: the credentials were refused
	KindForbidden        // 403: the credentials are accepted but may not do this
	KindNotFound         // 404 (and 410)
	KindRateLimited      // 429, or 503/403 with a rate-limit answer
	KindBadRequest       // any other 4xx: the system's message says why
	KindServer           // 5xx
	KindBadAnswer        // 2xx that is not (complete) JSON, or a redirect away to another site
)

// Error is a failed request to a ticket system. Error() is one sentence for users that never contains a
// secret: credentials are redacted and only the request's path is named, never its query or headers.
type Error struct {
	Kind Kind
	// System names the ticket system ("Redmine"); Base is its URL without user info.
	System, Base string
	// Path is the request's path ("/issues.json"), without the query.
	Path string
	// Status is the HTTP status (0 without an answer); ContentType the answer's Content-Type.
	Status      int
	ContentType string
	// Detail is the system's own message from the answer ("Status is invalid"), redacted.
	Detail string
	// Hint tells the user what to do (from Options.Hints).
	Hint string
	// Credential names the credential ("API key").
	Credential string
	// Wait is how long the system asked to wait (rate limits).
	Wait time.Duration
	// Attempts is how many times the request was sent.
	Attempts int
	// Err is the cause, with any URL stripped.
	Err error

	redact func(string) string
	shape  bool // complete JSON, but not shaped as the system's answers are
}

func (e *Error) Unwrap() error { return e.Err }

// RetryAfter reports the wait a rate-limited answer (or a 503 with Retry-After) asked for;
// connector.RetryAfter reads it so the sync waits that long.
func (e *Error) RetryAfter() (time.Duration, bool) {
	switch {
	case e.Kind == KindRateLimited:
		return max(e.Wait, time.Second), true
	case e.Wait > 0: // a 503 with Retry-After: the system said when to come back
		return e.Wait, true
	}
	return 0, false
}

// Transient reports whether trying again later may succeed.
func (e *Error) Transient() bool {
	switch e.Kind {
	case KindUnreachable, KindTimeout, KindRateLimited, KindServer:
		return true
	case KindBadAnswer:
		return !e.shape && (e.Status < 300 || e.Status >= 400)
	}
	return false
}

// HTTPStatus returns the HTTP status the answer had (0 without an answer).
func (e *Error) HTTPStatus() int { return e.Status }

func (e *Error) Error() string {
	msg := e.sentence()
	if e.redact != nil {
		msg = e.redact(msg)
	}
	return msg
}

func (e *Error) sentence() string {
	sys, at := e.System, e.System+" at "+e.Base
	withHint := func(s, hint string) string {
		if hint != "" {
			s += ": " + hint
		}
		return s + "."
	}
	withDetail := func(s string) string {
		if e.Detail != "" {
			s += ": " + e.Detail
		}
		return s
	}
	tries := ""
	if e.Attempts > 1 {
		tries = fmt.Sprintf(" (%d attempts)", e.Attempts)
	}
	switch e.Kind {
	case KindUnreachable:
		return fmt.Sprintf("Cannot reach %s at %s: %s%s.", sys, e.Base, describeNetError(e.Err), tries)
	case KindTimeout:
		return fmt.Sprintf("%s did not answer %s in time%s.", at, e.Path, tries)
	case KindAuth:
		return withHint(fmt.Sprintf("%s rejected the %s (401)", sys, e.Credential), orDefault(e.Hint, "check the "+e.Credential+" in the datasource settings"))
	case KindForbidden:
		return withHint(withDetail(fmt.Sprintf("%s refused the request for %s (403)", sys, e.Path)), orDefault(e.Hint, "check that the account behind the "+e.Credential+" may read the tickets"))
	case KindNotFound:
		return withHint(fmt.Sprintf("%s answered %d %s for %s", at, e.Status, http.StatusText(e.Status), e.Path), orDefault(e.Hint, "check the URL setting"))
	case KindRateLimited:
		again := "try again later"
		if e.Wait > 0 {
			again = "try again in " + roundWait(e.Wait)
		}
		return fmt.Sprintf("%s is rate limiting requests (%d): %s.", at, e.Status, again)
	case KindBadRequest:
		return withDetail(fmt.Sprintf("%s answered %d %s for %s", at, e.Status, http.StatusText(e.Status), e.Path)) + "."
	case KindServer:
		return withDetail(fmt.Sprintf("%s answered %d %s for %s", at, e.Status, http.StatusText(e.Status), e.Path)) + tries + "."
	case KindBadAnswer:
		if e.Status == 0 && e.Detail != "" {
			return fmt.Sprintf("%s sent %s: check the URL.", at, e.Detail)
		}
		if e.Status >= 300 && e.Status < 400 {
			return fmt.Sprintf("%s redirected %s to another site (%s): maybe a login page (single sign-on); check the URL and the %s.", at, e.Path, e.Detail, e.Credential)
		}
		if e.shape {
			return fmt.Sprintf("The answer to %s from %s is JSON but not shaped like %s's (%s): check the URL.", e.Path, e.Base, e.System, describeNetError(e.Err))
		}
		ct := orDefault(e.ContentType, "no content type")
		what := "not JSON"
		if isJSONType(ct) {
			what = "not complete JSON"
		}
		return fmt.Sprintf("The answer to %s from %s is %s (%s): maybe a login page or a proxy; check the URL%s.", e.Path, e.Base, what, ct, tries)
	}
	if e.Err != nil {
		return fmt.Sprintf("Talking to %s failed: %v.", at, e.Err)
	}
	return fmt.Sprintf("Talking to %s failed.", at)
}

// KindOf returns the Kind of the first *Error in err's chain (KindOther if none).
func KindOf(err error) Kind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return KindOther
}

// StatusOf returns the HTTP status of the first *Error in err's chain (0 if none or no answer).
func StatusOf(err error) int {
	var e *Error
	if errors.As(err, &e) {
		return e.Status
	}
	return 0
}

func roundWait(d time.Duration) string {
	if d < time.Minute {
		return fmt.Sprintf("%d s", int((d+time.Second-1)/time.Second))
	}
	return fmt.Sprintf("%d min", int((d+time.Minute-1)/time.Minute))
}

// describeNetError describes a transport error without the method and URL net/http prefixes to it (the URL
// may carry a token in its query).
func describeNetError(err error) string {
	if err == nil {
		return "no answer"
	}
	err = stripURL(err)
	var oe *net.OpError
	if errors.As(err, &oe) && oe.Err != nil {
		return oe.Op + ": " + oe.Err.Error()
	}
	return err.Error()
}

func stripURL(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

// redactor replaces every secret in a text with "[redacted]".
func redactor(secrets []string) func(string) string {
	var pairs []string
	for _, s := range secrets {
		if len(s) >= 3 { // shorter strings would blank ordinary words; no real credential is that short
			pairs = append(pairs, s, "[redacted]")
			if q := url.QueryEscape(s); q != s {
				pairs = append(pairs, q, "[redacted]")
			}
		}
	}
	if len(pairs) == 0 {
		return func(s string) string { return s }
	}
	r := strings.NewReplacer(pairs...)
	return r.Replace
}

// displayBase is the base URL as shown to users: without user info, query or fragment.
func displayBase(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "the configured URL"
	}
	u.User, u.RawQuery, u.Fragment = nil, "", ""
	return strings.TrimRight(u.String(), "/")
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func isJSONType(ct string) bool {
	mt, _, _ := strings.Cut(ct, ";")
	mt = strings.ToLower(strings.TrimSpace(mt))
	return mt == "application/json" || strings.HasSuffix(mt, "+json")
}

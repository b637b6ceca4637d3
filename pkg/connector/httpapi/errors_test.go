package httpapi

import (
	"context"
	"encoding/base64"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// A secret placed anywhere a server or a user can put it never reaches an error's sentence.
func TestNoSecretInAnyError(t *testing.T) {
	echo := func(code int) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(code)
			// A server that echoes what it got: the Authorization header, the query, and the token in its message.
			msg := "bad token " + secret + " in " + r.Header.Get("Authorization") + " for " + r.URL.RawQuery
			_, _ = w.Write([]byte(`{"errors":["` + msg + `"],"message":"` + url.QueryEscape(secret) + `"}`))
		}
	}
	auths := []Auth{
		Bearer{Token: secret},
		APIKey{Header: "X-Api-Key", Key: secret},
		Basic{User: "me", Password: secret},
		TokenHeader{Prefix: "Token token=", Token: secret},
	}
	for _, auth := range auths {
		for _, code := range []int{400, 401, 403, 404, 409, 422, 429, 500} {
			tc := newTestClient(t, echo(code), func(o *Options) { o.Auth = auth; o.Retry.Attempts = 1 })
			_, err := tc.Do(context.Background(), Request{Path: "/issues", Query: url.Values{"access_token": {secret}}}, nil)
			if err == nil {
				t.Fatalf("%T %d: no error", auth, code)
			}
			msg := err.Error()
			b64 := base64.StdEncoding.EncodeToString([]byte("me:" + secret))
			if strings.Contains(msg, secret) || strings.Contains(msg, url.QueryEscape(secret)) || strings.Contains(msg, b64) {
				t.Errorf("%T %d: secret in %q", auth, code, msg)
			}
		}
	}

	// In the base URL's user info, and in the URL of a connection that failed.
	tc := newTestClient(t, echo(401))
	tc.srv.Close()
	u, _ := url.Parse(tc.srv.URL)
	u.User = url.UserPassword("admin", secret)
	c, err := New(Options{System: "Tracker", BaseURL: u.String(), Auth: NoAuth{}, Retry: Retry{Attempts: 1}})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Do(context.Background(), Request{Path: "/x", Query: url.Values{"token": {secret}}}, nil)
	if KindOf(err) != KindUnreachable || strings.Contains(err.Error(), secret) || strings.Contains(err.Error(), "admin") {
		t.Errorf("unreachable: %q", err)
	}
	// A next-page link elsewhere is refused without naming its query.
	_, err = c.Do(context.Background(), Request{URL: "https://evil.example/page?token=" + secret}, nil)
	if err == nil || strings.Contains(err.Error(), secret) || strings.Contains(err.Error(), "evil") ||
		err.Error() != "Tracker at "+tc.srv.URL+" sent a next-page link to another site: check the URL." {
		t.Errorf("link elsewhere: %v", err)
	}
	// A bad base URL is named without its user info.
	if _, err := New(Options{BaseURL: "ftp://admin:" + secret + "@host"}); err == nil || strings.Contains(err.Error(), secret) {
		t.Errorf("bad base URL: %v", err)
	}
}

func TestEachKindIsOneSentence(t *testing.T) {
	cases := []struct {
		h    http.HandlerFunc
		want string
	}{
		{status(401), "Tracker rejected the token (401): check the token in the datasource settings."},
		{body("application/json", `{"errorMessages":["You may not browse OPS"]}`, "X", "1"), ""},
		{func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(403)
			_, _ = w.Write([]byte(`{"errorMessages":["You may not browse OPS"]}`))
		}, "Tracker refused the request for /x (403): You may not browse OPS: check that the account behind the token may read the tickets."},
		{status(404), "Tracker at {base} answered 404 Not Found for /x: check the URL setting."},
		{func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(400)
			_, _ = w.Write([]byte(`{"errorMessages":["Error in the JQL Query: Expecting ')' before the end of the query."],"errors":{}}`))
		}, "Tracker at {base} answered 400 Bad Request for /x: Error in the JQL Query: Expecting ')' before the end of the query.."},
		{body("text/html; charset=utf-8", "<html>Sign in</html>"), "The answer to /x from {base} is not JSON (text/html; charset=utf-8): maybe a login page or a proxy; check the URL."},
		{ok(`{"a":`), "The answer to /x from {base} is not complete JSON (application/json): maybe a login page or a proxy; check the URL."},
	}
	for i, c := range cases {
		if c.want == "" {
			continue
		}
		tc := newTestClient(t, c.h, func(o *Options) { o.Retry.Attempts = 1 })
		_, err := tc.Do(context.Background(), Request{Path: "/x"}, nil)
		want := strings.ReplaceAll(c.want, "{base}", tc.srv.URL)
		if err == nil || err.Error() != want {
			t.Errorf("case %d:\n got %v\nwant %s", i, err, want)
		}
	}
}

func TestHintsReplaceTheGenericAdvice(t *testing.T) {
	tc := newTestClient(t, status(403), func(o *Options) {
		o.Hints.Forbidden = "enable the REST API"
		o.Auth = APIKey{Header: "X-Redmine-API-Key", Key: "k123"}
	})
	_, err := tc.Do(context.Background(), Request{Path: "/issues.json"}, nil)
	if want := "Tracker refused the request for /issues.json (403): enable the REST API."; err == nil || err.Error() != want {
		t.Fatalf("got %v, want %s", err, want)
	}
}

func TestDefaultDetailReadsTheCommonShapes(t *testing.T) {
	for body, want := range map[string]string{
		`{"errors":["Status is invalid"]}`:                                          "Status is invalid",
		`{"errorMessages":["Field 'x' does not exist"],"errors":{"jql":"bad"}}`:     "Field 'x' does not exist; jql: bad",
		`{"message":"Bad credentials","documentation_url":"https://docs"}`:          "Bad credentials",
		`{"error":{"message":"No Record found","detail":"ACL"},"status":"failure"}`: "No Record found; ACL",
		`{"error":"invalid_grant","error_description":"expired"}`:                   "invalid_grant; expired",
		`<html>`: "",
	} {
		if got := DefaultDetail([]byte(body)); got != want {
			t.Errorf("%s: %q, want %q", body, got, want)
		}
	}
}

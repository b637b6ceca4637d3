package httpapi

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

// oauthServer issues tokens at /oauth_token.do (client id and secret in the form) and serves /items to a
// valid token; revoke makes every token issued so far invalid, as an expiry on the server's side would.
type oauthServer struct {
	mu        sync.Mutex
	issued    int
	valid     map[string]bool
	grants    int
	expiresIn int
}

func (s *oauthServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch r.URL.Path {
	case "/oauth_token.do":
		_ = r.ParseForm()
		s.grants++
		if r.Form.Get("grant_type") != "client_credentials" || r.Form.Get("client_id") != "cid" || r.Form.Get("client_secret") != secret {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusUnauthorized)
			_, _ = w.Write([]byte(`{"error":"access_denied","error_description":"access_denied"}`))
			return
		}
		s.issued++
		tok := fmt.Sprintf("access-token-%03d-%s", s.issued, strings.Repeat("x", 20))
		s.valid[tok] = true
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]any{"access_token": tok, "token_type": "Bearer", "expires_in": s.expiresIn, "scope": "useraccount"})
	default:
		tok := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
		if !s.valid[tok] {
			w.WriteHeader(http.StatusUnauthorized)
			_, _ = w.Write([]byte(`{"error":{"message":"User Not Authenticated","detail":"Required to provide Auth information"},"status":"failure"}`))
			return
		}
		_, _ = w.Write([]byte(`{"result":[{"echo":"` + tok + `"}]}`))
	}
}

func (s *oauthServer) revoke() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.valid = map[string]bool{}
}

func oauthClient(t *testing.T, srv *oauthServer, clientSecret string) *Client {
	hs := httptest.NewServer(srv)
	t.Cleanup(hs.Close)
	auth := &ClientCredentials{TokenURL: hs.URL + "/oauth_token.do", ClientID: "cid", ClientSecret: clientSecret, InParams: true,
		HTTPClient: hs.Client(), System: "ServiceNow", Path: "/oauth_token.do"}
	return MustNew(Options{System: "ServiceNow", BaseURL: hs.URL, HTTPClient: hs.Client(), Auth: auth, Retry: Retry{Base: 1, Max: 1}})
}

func TestClientCredentialsFetchesAgainWhenTheTokenIsRefusedMidSync(t *testing.T) {
	srv := &oauthServer{valid: map[string]bool{}, expiresIn: 1800}
	c := oauthClient(t, srv, secret)
	ctx := context.Background()
	for i := 0; i < 3; i++ {
		if _, err := c.Do(ctx, Request{Path: "/items"}, nil); err != nil {
			t.Fatal(err)
		}
	}
	if srv.grants != 1 {
		t.Fatalf("%d token requests for three calls, want 1 (the token is kept until it expires)", srv.grants)
	}
	srv.revoke()
	if _, err := c.Do(ctx, Request{Path: "/items"}, nil); err != nil {
		t.Fatalf("after the token expired on the server: %v", err)
	}
	if srv.grants != 2 {
		t.Errorf("%d token requests, want 2 (one more after the 401)", srv.grants)
	}
	// An answer echoing the token: redacted in any error built from it.
	if got := c.Redact("token access-token-002-" + strings.Repeat("x", 20)); strings.Contains(got, "access-token-002") {
		t.Errorf("the access token survives redaction: %s", got)
	}
}

func TestClientCredentialsRefreshesATokenAboutToExpire(t *testing.T) {
	srv := &oauthServer{valid: map[string]bool{}, expiresIn: 5} // within oauth2's 10 s margin: stale at once
	c := oauthClient(t, srv, secret)
	for i := 0; i < 2; i++ {
		if _, err := c.Do(context.Background(), Request{Path: "/items"}, nil); err != nil {
			t.Fatal(err)
		}
	}
	if srv.grants != 2 {
		t.Errorf("%d token requests, want 2 (a token about to expire is fetched again before use)", srv.grants)
	}
}

func TestClientCredentialsRefusedSaysWhichCredential(t *testing.T) {
	srv := &oauthServer{valid: map[string]bool{}, expiresIn: 1800}
	c := oauthClient(t, srv, "wrong-secret-value")
	_, err := c.Do(context.Background(), Request{Path: "/items"}, nil)
	want := "ServiceNow rejected the OAuth client id and secret (401): check the OAuth client id and secret in the datasource settings."
	if err == nil || err.Error() != want {
		t.Fatalf("got %v\nwant %s", err, want)
	}
	if srv.grants != 1 {
		t.Errorf("%d token requests: a refused client is not retried", srv.grants)
	}
}

func TestAPIKeyQueryAndPagingOnAURLWithAQuery(t *testing.T) {
	var seen []string
	c := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		seen = append(seen, r.URL.RawQuery)
		w.WriteHeader(http.StatusUnauthorized)
	}, func(o *Options) { o.Auth = APIKeyQuery{Param: "api_key", Key: secret} })
	_, err := c.Do(context.Background(), Request{URL: c.srv.URL + "/export?since=1", Query: map[string][]string{"page": {"2"}}}, nil)
	if len(seen) != 1 || seen[0] != "api_key="+secret+"&page=2&since=1" {
		t.Fatalf("query sent: %v", seen)
	}
	if err == nil || strings.Contains(err.Error(), secret) || !strings.Contains(err.Error(), "rejected the API key (401)") {
		t.Errorf("error: %v", err)
	}
}

// TestClientCredentialsKeepsAFewIssuedTokensForRedaction: a sync runs for months and fetches a token every
// expiry; the tokens kept for redaction (and the redactor built from them on every error) must not grow with
// it, while the latest ones are still redacted.
func TestClientCredentialsKeepsAFewIssuedTokensForRedaction(t *testing.T) {
	srv := &oauthServer{valid: map[string]bool{}, expiresIn: 5} // stale at once: a new token every request
	c := oauthClient(t, srv, secret)
	for range 100 {
		if _, err := c.Do(context.Background(), Request{Path: "/items"}, nil); err != nil {
			t.Fatal(err)
		}
	}
	auth := c.opts.Auth.(*ClientCredentials)
	if n := len(auth.Secrets()); n > 1+2*keptTokens {
		t.Errorf("%d secrets kept after 100 tokens, want at most %d", n, 1+2*keptTokens)
	}
	for _, n := range []int{100, 99} {
		tok := fmt.Sprintf("access-token-%03d-%s", n, strings.Repeat("x", 20))
		if got := c.Redact("token " + tok); strings.Contains(got, tok) {
			t.Errorf("token %d survives redaction: %s", n, got)
		}
	}
}

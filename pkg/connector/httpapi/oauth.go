package httpapi

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"sync"

	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"
)

// ContextAuth is an Auth that fetches its credential before a request (an OAuth access token) and can drop a
// credential the system refused, so that the next request fetches a fresh one.
type ContextAuth interface {
	Auth
	// ApplyContext sets the credential headers on h, fetching a credential first when it has none that is
	// still valid. Its error is an *Error (the token endpoint refused, or did not answer).
	ApplyContext(ctx context.Context, h http.Header) error
	// Refresh drops the current credential after a 401 and reports whether there was one to drop.
	Refresh() bool
}

// QueryAuth is an Auth that puts its credential in the query string (an API key parameter).
type QueryAuth interface {
	ApplyQuery(q url.Values)
}

// ClientCredentials is OAuth 2.0's client-credentials grant (RFC 6749 §4.4), as ServiceNow's /oauth_token.do
// offers it: an access token is fetched with the client id and secret (golang.org/x/oauth2), kept until it
// expires, fetched again before it does, and dropped when the system refuses it (401) mid-sync.
type ClientCredentials struct {
	TokenURL, ClientID, ClientSecret string
	Scopes                           []string
	// InParams sends the client id and secret in the form body (ServiceNow) instead of Basic auth.
	InParams bool
	// HTTPClient sends the token requests (Grafana's TLS and proxy settings); nil uses a plain client.
	HTTPClient *http.Client
	// System and Path name the token endpoint in sentences ("ServiceNow", "/oauth_token.do").
	System, Path string
	// Name overrides the credential's name in sentences (default "OAuth client id and secret").
	Name string

	mu    sync.Mutex
	token *oauth2.Token
	// issued are every access token handed out, for redaction (an old one may still be echoed).
	issued []string
}

var _ ContextAuth = (*ClientCredentials)(nil)

// keptTokens is how many of the latest access (and refresh) tokens are redacted besides the current one: an
// answer may still echo one issued a little earlier, not one from months ago.
const keptTokens = 4

// Apply without a context cannot fetch a token: it sends the current one, if any.
func (a *ClientCredentials) Apply(h http.Header) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.token != nil {
		a.token.SetAuthHeader(&http.Request{Header: h})
	}
}

func (a *ClientCredentials) ApplyContext(ctx context.Context, h http.Header) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	if !a.token.Valid() { // nil, or within oauth2's expiry margin: fetch before it lapses mid-request
		tok, err := a.config().Token(context.WithValue(ctx, oauth2.HTTPClient, a.client()))
		if err != nil {
			return a.tokenError(err)
		}
		a.token = tok
		a.issued = append(a.issued, tok.AccessToken, tok.RefreshToken)
		if len(a.issued) > 2*keptTokens {
			a.issued = append(a.issued[:0], a.issued[len(a.issued)-2*keptTokens:]...)
		}
	}
	a.token.SetAuthHeader(&http.Request{Header: h})
	return nil
}

func (a *ClientCredentials) Refresh() bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	had := a.token != nil
	a.token = nil
	return had
}

func (a *ClientCredentials) Secrets() []string {
	a.mu.Lock()
	defer a.mu.Unlock()
	return append([]string{a.ClientSecret}, a.issued...)
}

func (a *ClientCredentials) Credential() string {
	return orDefault(a.Name, "OAuth client id and secret")
}

func (a *ClientCredentials) config() *clientcredentials.Config {
	style := oauth2.AuthStyleInHeader
	if a.InParams {
		style = oauth2.AuthStyleInParams
	}
	return &clientcredentials.Config{ClientID: a.ClientID, ClientSecret: a.ClientSecret, TokenURL: a.TokenURL,
		Scopes: a.Scopes, AuthStyle: style}
}

func (a *ClientCredentials) client() *http.Client {
	if a.HTTPClient != nil {
		return a.HTTPClient
	}
	return http.DefaultClient
}

// tokenError turns a failed token request into the framework's sentence: refused credentials are KindAuth,
// a token endpoint's 5xx is transient.
func (a *ClientCredentials) tokenError(err error) *Error {
	e := &Error{Path: orDefault(a.Path, "the token endpoint"), Err: stripURL(err)}
	var re *oauth2.RetrieveError
	if !errors.As(err, &re) {
		e.Kind = KindUnreachable
		return e
	}
	e.Status = re.Response.StatusCode
	e.ContentType = re.Response.Header.Get("Content-Type")
	e.Detail = re.ErrorDescription
	if e.Detail == "" {
		e.Detail = re.ErrorCode
	}
	switch {
	case e.Status == http.StatusTooManyRequests:
		e.Kind = KindRateLimited
	case e.Status >= 500:
		e.Kind = KindServer
	case e.Status >= 400:
		e.Kind = KindAuth // OAuth answers a wrong client id or secret with 400 invalid_client or 401
	default:
		e.Kind = KindBadAnswer
	}
	return e
}

// APIKeyQuery sends the key as a query parameter (?api_key=…) for APIs that take no header. The key is in
// the URL, which no error, log line or frame ever shows.
type APIKeyQuery struct {
	Param, Key string
	// Name overrides the credential's name in sentences (default "API key").
	Name string
}

var _ QueryAuth = APIKeyQuery{}

func (a APIKeyQuery) Apply(http.Header)       {}
func (a APIKeyQuery) ApplyQuery(q url.Values) { q.Set(a.Param, a.Key) }
func (a APIKeyQuery) Secrets() []string       { return []string{a.Key} }
func (a APIKeyQuery) Credential() string      { return orDefault(a.Name, "API key") }

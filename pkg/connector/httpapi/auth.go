package httpapi

import (
	"encoding/base64"
	"net/http"
)

// Auth puts a ticket system's credentials on each request.
type Auth interface {
	// Apply sets the credential headers on h.
	Apply(h http.Header)
	// Secrets are the strings that must never appear in an error, a log line or a frame.
	Secrets() []string
	// Credential names the credential in sentences for users ("API key", "token", "email and API token").
	Credential() string
}

// APIKey sends the key as the whole value of a header: X-Redmine-API-Key, GitLab's PRIVATE-TOKEN.
type APIKey struct {
	Header, Key string
	// Name overrides the credential's name in sentences (default "API key").
	Name string
}

func (a APIKey) Apply(h http.Header) { h.Set(a.Header, a.Key) }
func (a APIKey) Secrets() []string   { return []string{a.Key} }
func (a APIKey) Credential() string  { return orDefault(a.Name, "API key") }

// Basic is HTTP Basic authentication: Jira Cloud's email + API token, ServiceNow, Redmine's login.
type Basic struct {
	User, Password string
	// Name overrides the credential's name in sentences (default "user name and password").
	Name string
}

func (a Basic) Apply(h http.Header) { h.Set("Authorization", "Basic "+a.encoded()) }
func (a Basic) Secrets() []string   { return []string{a.Password, a.encoded()} }
func (a Basic) Credential() string  { return orDefault(a.Name, "user name and password") }
func (a Basic) encoded() string {
	return base64.StdEncoding.EncodeToString([]byte(a.User + ":" + a.Password))
}

// Bearer sends "Authorization: Bearer <token>": OAuth 2.0 access tokens, personal access tokens (Jira Data
// Center, GitHub).
type Bearer struct {
	Token string
	// Name overrides the credential's name in sentences (default "token").
	Name string
}

func (a Bearer) Apply(h http.Header) { h.Set("Authorization", "Bearer "+a.Token) }
func (a Bearer) Secrets() []string   { return []string{a.Token} }
func (a Bearer) Credential() string  { return orDefault(a.Name, "token") }

// TokenHeader sends a token after a fixed prefix: PagerDuty's "Authorization: Token token=<key>".
type TokenHeader struct {
	// Header defaults to Authorization.
	Header, Prefix, Token string
	// Name overrides the credential's name in sentences (default "token").
	Name string
}

func (a TokenHeader) Apply(h http.Header) {
	h.Set(orDefault(a.Header, "Authorization"), a.Prefix+a.Token)
}
func (a TokenHeader) Secrets() []string  { return []string{a.Token} }
func (a TokenHeader) Credential() string { return orDefault(a.Name, "token") }

// NoAuth sends no credentials (public APIs, tests).
type NoAuth struct{}

func (NoAuth) Apply(http.Header)  {}
func (NoAuth) Secrets() []string  { return nil }
func (NoAuth) Credential() string { return "credentials" }

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

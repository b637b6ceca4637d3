package redmine_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/spacetime/tickets/pkg/connector/redmine"
	"github.com/spacetime/tickets/pkg/connector/redmine/redminetest"
)

const key = "0123456789abcdef0123456789abcdef01234567"

func TestCurrentUserSendsAPIKeyHeader(t *testing.T) {
	srv := redminetest.NewServer(t, key, nil)
	u, err := redmine.New(srv.URL+"/", key, srv.Client()).CurrentUser(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if u.Login != "admin" {
		t.Fatalf("login = %q", u.Login)
	}
	reqs := srv.Requests()
	if len(reqs) != 1 || reqs[0].URL.Path != "/users/current.json" || reqs[0].Header.Get("X-Redmine-API-Key") != key {
		t.Fatalf("unexpected request %+v", reqs)
	}
}

func TestWrongKeyIsHTTP401(t *testing.T) {
	srv := redminetest.NewServer(t, key, nil)
	_, err := redmine.New(srv.URL, "wrong", srv.Client()).CurrentUser(context.Background())
	if redmine.StatusCode(err) != http.StatusUnauthorized {
		t.Fatalf("err = %v", err)
	}
}

func TestErrorsAreTyped(t *testing.T) {
	t.Run("422 keeps Redmine's messages", func(t *testing.T) {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			w.WriteHeader(http.StatusUnprocessableEntity)
			_, _ = w.Write([]byte(`{"errors":["Status is invalid"]}`))
		}))
		defer srv.Close()
		_, err := redmine.New(srv.URL, key, nil).CountIssues(context.Background())
		var he *redmine.HTTPError
		if !asHTTP(err, &he) || he.Describe() != "422 Unprocessable Entity for /issues.json: Status is invalid" {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("HTML instead of JSON", func(t *testing.T) {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			_, _ = w.Write([]byte(`<html>login</html>`))
		}))
		defer srv.Close()
		_, err := redmine.New(srv.URL, key, nil).CurrentUser(context.Background())
		var be *redmine.BadResponseError
		if !asBad(err, &be) {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("connection refused", func(t *testing.T) {
		srv := httptest.NewServer(http.NotFoundHandler())
		url := srv.URL
		srv.Close()
		_, err := redmine.New(url, key, nil).CurrentUser(context.Background())
		if !redmine.IsUnreachable(err) {
			t.Fatalf("err = %v", err)
		}
	})
}

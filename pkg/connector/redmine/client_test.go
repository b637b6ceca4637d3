package redmine_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/spacetime/tickets/pkg/connector/httpapi"
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

func TestWrongKeyIsHTTP401AtOnce(t *testing.T) {
	srv := redminetest.NewServer(t, key, nil)
	_, err := redmine.New(srv.URL, "wrong", srv.Client()).CurrentUser(context.Background())
	if redmine.StatusCode(err) != http.StatusUnauthorized || len(srv.Requests()) != 1 {
		t.Fatalf("err = %v after %d requests, want one 401", err, len(srv.Requests()))
	}
	if want := "Redmine rejected the API key (401): check the API key in the datasource settings."; err.Error() != want {
		t.Fatalf("sentence %q, want %q", err, want)
	}
}

func TestErrorsAreTyped(t *testing.T) {
	t.Run("422 keeps Redmine's messages", func(t *testing.T) {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "application/json; charset=utf-8")
			w.WriteHeader(http.StatusUnprocessableEntity)
			_, _ = w.Write([]byte(`{"errors":["Status is invalid","Created is invalid"]}`))
		}))
		defer srv.Close()
		_, err := newClient(srv.URL, nil).CountIssues(context.Background())
		var ae *httpapi.Error
		if !asAPI(err, &ae) || ae.Kind != httpapi.KindBadRequest ||
			err.Error() != "Redmine at "+srv.URL+" answered 422 Unprocessable Entity for /issues.json: Status is invalid; Created is invalid." {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("HTML instead of JSON, retried, then a bad answer", func(t *testing.T) {
		var n atomic.Int32
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			n.Add(1)
			w.Header().Set("Content-Type", "text/html")
			_, _ = w.Write([]byte(`<html>login</html>`))
		}))
		defer srv.Close()
		_, err := newClient(srv.URL, nil).CurrentUser(context.Background())
		if httpapi.KindOf(err) != httpapi.KindBadAnswer || n.Load() != 5 || !strings.Contains(err.Error(), "is not JSON (text/html): maybe a login page or a proxy") {
			t.Fatalf("err = %v after %d requests", err, n.Load())
		}
	})
	t.Run("connection refused", func(t *testing.T) {
		srv := httptest.NewServer(http.NotFoundHandler())
		url := srv.URL
		srv.Close()
		_, err := newClient(url, nil).CurrentUser(context.Background())
		if !redmine.IsUnreachable(err) || !strings.HasPrefix(err.Error(), "Cannot reach Redmine at "+url+": ") {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("403 says to enable the REST API, for the project", func(t *testing.T) {
		srv := redminetest.NewServer(t, key, nil)
		srv.DisableREST()
		_, err := redmine.New(srv.URL, key, srv.Client()).InProject("ops").CountIssues(context.Background())
		if httpapi.KindOf(err) != httpapi.KindForbidden || !strings.Contains(err.Error(), "Administration → Settings → API") ||
			!strings.Contains(err.Error(), `project "ops"`) {
			t.Fatalf("err = %v", err)
		}
	})
}

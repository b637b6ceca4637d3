package redmine_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

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

func TestRecentIssuesPagesAt100(t *testing.T) {
	srv := redminetest.NewServer(t, key, redminetest.GenerateIssues(250, time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)))
	c := redmine.New(srv.URL, key, srv.Client())

	issues, total, err := c.RecentIssues(context.Background(), 230)
	if err != nil {
		t.Fatal(err)
	}
	if total != 250 || len(issues) != 230 {
		t.Fatalf("total=%d len=%d", total, len(issues))
	}
	if issues[0].ID != 250 || issues[229].ID != 21 {
		t.Fatalf("not most recently updated first: first=%d last=%d", issues[0].ID, issues[229].ID)
	}
	var got []string
	for _, r := range srv.Requests() {
		q := r.URL.Query()
		if q.Get("status_id") != "*" || q.Get("sort") != "updated_on:desc" {
			t.Errorf("query %s lacks status_id=* or sort=updated_on:desc", r.URL.RawQuery)
		}
		got = append(got, q.Get("offset")+"+"+q.Get("limit"))
	}
	want := []string{"0+100", "100+100", "200+30"}
	if len(got) != len(want) {
		t.Fatalf("pages %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("pages %v, want %v", got, want)
		}
	}
}

func TestRecentIssuesStopsAtTotal(t *testing.T) {
	srv := redminetest.NewServer(t, key, redminetest.GenerateIssues(120, time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)))
	issues, total, err := redmine.New(srv.URL, key, srv.Client()).RecentIssues(context.Background(), 1000)
	if err != nil {
		t.Fatal(err)
	}
	if total != 120 || len(issues) != 120 || len(srv.Requests()) != 2 {
		t.Fatalf("total=%d len=%d requests=%d", total, len(issues), len(srv.Requests()))
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

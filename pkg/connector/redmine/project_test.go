package redmine_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"
	"time"

	"github.com/spacetime/tickets/pkg/connector"
	"github.com/spacetime/tickets/pkg/connector/redmine"
	"github.com/spacetime/tickets/pkg/connector/redmine/redminetest"
)

// twoProjects serves issues 1..10: odd ids in project ops (id 1), even ids in project shop (id 2).
func twoProjects(t *testing.T) *redminetest.Server {
	t.Helper()
	issues := redminetest.GenerateIssues(10, start)
	for _, is := range issues {
		if is["id"].(int)%2 == 0 {
			is["project"] = map[string]any{"id": 2, "name": "Shop"}
		}
	}
	srv := redminetest.NewServer(t, key, issues)
	srv.AddProject(1, "ops")
	srv.AddProject(2, "shop")
	return srv
}

func TestProjectScopesEveryIssueListing(t *testing.T) {
	srv := twoProjects(t)
	client := newClient(srv.URL, srv.Client()).InProject("shop")
	c := redmine.NewConnector(client, srv.URL, nil)
	ctx := context.Background()

	changed, _ := collect(t, func(p connector.PageFunc) error { return c.Changed(ctx, start, p) })
	opened, _ := collect(t, func(p connector.PageFunc) error { return c.Opened(ctx, start, start.Add(time.Hour), p) })
	slices.Sort(changed)
	slices.Sort(opened)
	if want := []int64{2, 4, 6, 8, 10}; !slices.Equal(changed, want) || !slices.Equal(opened, want) {
		t.Fatalf("changed %v, opened %v; want shop's issues %v", changed, opened, want)
	}
	existing, err := c.Existing(ctx, []string{"1", "2", "3", "4"})
	if err != nil {
		t.Fatal(err)
	}
	if len(existing) != 2 || !existing["2"] || !existing["4"] {
		t.Fatalf("existing = %v, want 2 and 4 (1 and 3 are not in shop)", existing)
	}
	n, err := client.CountIssues(ctx)
	if err != nil || n != 5 {
		t.Fatalf("count = %d, %v; want 5", n, err)
	}

	reqs := srv.Requests()
	if len(reqs) == 0 {
		t.Fatal("no requests")
	}
	for _, r := range reqs {
		if r.URL.Path == "/issues.json" && r.URL.Query().Get("project_id") != "shop" {
			t.Errorf("%s without project_id=shop", r.URL)
		}
	}
}

func TestNoProjectListsEveryProject(t *testing.T) {
	srv := twoProjects(t)
	client := newClient(srv.URL, srv.Client())
	if n, err := client.CountIssues(context.Background()); err != nil || n != 10 {
		t.Fatalf("count = %d, %v; want 10", n, err)
	}
	if n, err := client.InProject("1").CountIssues(context.Background()); err != nil || n != 5 {
		t.Fatalf("project id 1: count = %d, %v; want 5", n, err)
	}
	if r := srv.Requests()[0]; r.URL.Query().Has("project_id") {
		t.Fatalf("%s: project_id without a project", r.URL)
	}
}

func TestUnknownProjectIsTyped(t *testing.T) {
	srv := twoProjects(t)
	c := redmine.NewConnector(newClient(srv.URL, srv.Client()).InProject("nope"), srv.URL, nil)
	err := c.Changed(context.Background(), start, func(connector.Page) error { return nil })
	var upe *redmine.UnknownProjectError
	if !errors.As(err, &upe) || upe.Project != "nope" || redmine.StatusCode(err) != http.StatusNotFound {
		t.Fatalf("err = %v, want an UnknownProjectError for nope", err)
	}

	// A wrong base URL also answers 404, with an HTML page: that is not about the project.
	html := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusNotFound)
		_, _ = w.Write([]byte("<html>Redmine 404 error</html>"))
	}))
	defer html.Close()
	_, err = newClient(html.URL, nil).InProject("ops").CountIssues(context.Background())
	if errors.As(err, &upe) || redmine.StatusCode(err) != http.StatusNotFound {
		t.Fatalf("HTML 404: err = %v, want a plain HTTPError", err)
	}
}

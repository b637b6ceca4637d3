package github_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"

	"github.com/spacetime/tickets/pkg/connector"
	"github.com/spacetime/tickets/pkg/connector/github"
	"github.com/spacetime/tickets/pkg/connector/github/githubtest"
	"github.com/spacetime/tickets/pkg/connector/replay"
)

// GITHUB_OPENAPI names the folder holding GitHub's OpenAPI descriptions (package/generated of the npm package
// @octokit/openapi); scripts/github-openapi.sh fetches it into .cache/ with npm pack, as the test command does.
const openAPIEnv = "GITHUB_OPENAPI"

// TestReplayMatchesGitHubsOpenAPIDescription drives the connector through every path it uses (Save & test,
// the organisation's repositories, listings, single issues answering 200, 404, 410 and 301, the rate limits,
// a bad token) against the github.com and Enterprise Server replays, then validates every request the
// connector sent and every JSON answer the replay gave against GitHub's own description of that endpoint
// and status (statuses the description leaves out are checked as its basic-error). A fixture that drifts
// from GitHub's shape fails here.
func TestReplayMatchesGitHubsOpenAPIDescription(t *testing.T) {
	dir := os.Getenv(openAPIEnv)
	if dir == "" {
		t.Skipf("%s is not set: scripts/github-openapi.sh fetches @octokit/openapi (the test command runs it)", openAPIEnv)
	}
	for _, c := range []struct {
		spec       string
		enterprise bool
	}{{"api.github.com.json", false}, {"ghes-3.19.json", true}} {
		t.Run(c.spec, func(t *testing.T) {
			v := loadSpec(t, filepath.Join(dir, c.spec))
			srv := githubtest.New(t, githubtest.SampleRepos(), githubtest.SampleIssues(base), githubtest.Options{Enterprise: c.enterprise})
			exercise(t, srv)
			checked := map[string]bool{}
			for _, ex := range srv.Exchanges() {
				if !strings.HasPrefix(ex.RespHeader.Get("Content-Type"), "application/json") || !json.Valid(ex.Body) {
					continue // the scripted HTML pages and cut answers: not GitHub's JSON by design
				}
				v.check(t, srv, ex)
				checked[fmt.Sprintf("%s %d", ex.Path, ex.Status)] = true
			}
			for _, want := range []string{"/user 200", "/user 401", "/orgs/{org}/repos 200", "/search/issues 200",
				"/repos/{owner}/{repo} 200", "/repos/{owner}/{repo} 404", "/repos/{owner}/{repo}/issues 200",
				"/repos/{owner}/{repo}/issues 403", "/repos/{owner}/{repo}/issues 410", "/repos/{owner}/{repo}/issues 500",
				"/repos/{owner}/{repo}/issues/{issue_number} 200", "/repos/{owner}/{repo}/issues/{issue_number} 301",
				"/repos/{owner}/{repo}/issues/{issue_number} 404", "/repos/{owner}/{repo}/issues/{issue_number} 410",
				"/repositories/{id}/issues/{issue_number} 200"} {
				if !checked[want] {
					t.Errorf("no answer %s was validated", want)
				}
			}
			// The check itself can fail: an issue without node_id is not GitHub's shape.
			broken := githubtest.Exchange{Method: "GET", Path: "/repos/{owner}/{repo}/issues/{issue_number}", Status: 200,
				RespHeader: http.Header{"Content-Type": {"application/json"}}, Body: []byte(`{"id":1,"number":1,"title":"x"}`)}
			if err := v.response(srv, broken, "/repos/acme/shop/issues/1"); err == nil {
				t.Error("an issue missing GitHub's required properties passed the schema")
			}
		})
	}
}

func exercise(t *testing.T, srv *githubtest.Server) {
	ctx := context.Background()
	conn := newConnector(srv, nil)
	if _, err := conn.Check(ctx, base.Add(-time.Hour)); err != nil {
		t.Fatal(err)
	}
	nothing := func(connector.Page) error { return nil }
	if err := conn.Opened(ctx, base.Add(-time.Hour), base.Add(24*time.Hour), nothing); err != nil {
		t.Fatal(err)
	}
	paged := newConnector(srv, func(c *github.Config) { c.PageSize = 2 })
	if err := paged.Changed(ctx, base, nothing); err != nil {
		t.Fatal(err)
	}
	if _, err := conn.Existing(ctx, []string{"acme/shop#1", "acme/shop#5", "acme/payments#9", "acme/shop#6"}); err != nil {
		t.Fatal(err)
	}
	repos := newConnector(srv, func(c *github.Config) { c.Org, c.Repos = "", []string{"acme/shop", "acme/docs"} })
	if _, err := repos.Check(ctx, base); err != nil {
		t.Fatal(err)
	}
	_ = repos.Opened(ctx, base, base.Add(time.Hour), nothing) // docs has issues off: 410
	missing := newConnector(srv, func(c *github.Config) { c.Org, c.Repos = "", []string{"acme/nope"} })
	_, _ = missing.Check(ctx, base)
	bad := newConnector(srv, func(c *github.Config) { c.Token = "ghp_wrong" })
	_, _ = bad.Check(ctx, base)
	srv.Fail("", replay.ServerError, githubtest.SecondaryRetryAfter, replay.BadGateway)
	_ = conn.Opened(ctx, base, base.Add(time.Hour), nothing)
	srv.SetRemaining(0, time.Now().Add(time.Hour))
	_ = newConnector(srv, nil).Opened(ctx, base, base.Add(time.Hour), nothing)
}

// usedPaths are the endpoints the connector calls.
var usedPaths = []string{"/user", "/orgs/{org}/repos", "/search/issues", "/repos/{owner}/{repo}",
	"/repos/{owner}/{repo}/issues", "/repos/{owner}/{repo}/issues/{issue_number}"}

var repositoriesPath = regexp.MustCompile(`^/repositories/[0-9]+/issues/([0-9]+)$`)

type validator struct {
	doc    *openapi3.T
	router routers.Router
	basic  *openapi3.Schema
}

func loadSpec(t *testing.T, path string) *validator {
	t.Helper()
	started := time.Now()
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromFile(path)
	if err != nil {
		t.Fatalf("loading %s: %v", path, err)
	}
	doc.Servers = openapi3.Servers{{URL: "/"}} // requests are matched by path: the replay's host and port vary
	// Only the endpoints the connector uses are routed (GitHub's whole description has path templates that
	// kin-openapi's router calls conflicting, such as two names for one attestations parameter).
	used := openapi3.NewPaths()
	for _, p := range usedPaths {
		item := doc.Paths.Value(p)
		if item == nil {
			t.Fatalf("the description has no %s", p)
		}
		used.Set(p, item)
	}
	doc.Paths = used
	// GitHub's examples do not all match their own schemas (an image version 20.04 as a number): the
	// description is checked, its examples are not.
	router, err := legacy.NewRouter(doc, openapi3.DisableExamplesValidation())
	if err != nil {
		t.Fatal(err)
	}
	basic := doc.Components.Schemas["basic-error"]
	if basic == nil || basic.Value == nil {
		t.Fatal("the description has no basic-error schema")
	}
	t.Logf("%s (%s, OpenAPI %s) loaded in %v", filepath.Base(path), doc.Info.Version, doc.OpenAPI, time.Since(started).Round(time.Millisecond))
	return &validator{doc: doc, router: router, basic: basic.Value}
}

// check validates one exchange's request and answer.
func (v *validator) check(t *testing.T, srv *githubtest.Server, ex githubtest.Exchange) {
	t.Helper()
	path := ex.URLPath
	if err := v.response(srv, ex, path); err != nil {
		t.Errorf("%s %s → %d does not match GitHub's description: %v\nbody: %.300s", ex.Method, path, ex.Status, err, ex.Body)
	}
}

func (v *validator) response(_ *githubtest.Server, ex githubtest.Exchange, path string) error {
	// A transfer's 301 points to /repositories/{id}/issues/{number}, which the description leaves out: its
	// answer is the same issue object as /repos/{owner}/{repo}/issues/{issue_number}'s.
	if m := repositoriesPath.FindStringSubmatch(path); m != nil {
		path = "/repos/moved/to/issues/" + m[1]
	}
	u := &url.URL{Path: path, RawQuery: ex.Query.Encode()}
	req := &http.Request{Method: ex.Method, URL: u, Header: ex.Header}
	if req.Header == nil {
		req.Header = http.Header{}
	}
	route, params, err := v.router.FindRoute(req)
	if err != nil {
		return fmt.Errorf("no route for %s: %w", path, err)
	}
	in := &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route,
		Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc}}
	if err := openapi3filter.ValidateRequest(context.Background(), in); err != nil {
		return fmt.Errorf("the connector's request: %w", err)
	}
	if route.Operation.Responses.Status(ex.Status) == nil && route.Operation.Responses.Default() == nil {
		var body any
		if err := json.Unmarshal(ex.Body, &body); err != nil {
			return err
		}
		if err := v.basic.VisitJSON(body); err != nil {
			return fmt.Errorf("status %d is not in the description; as basic-error: %w", ex.Status, err)
		}
		return nil
	}
	out := &openapi3filter.ResponseValidationInput{RequestValidationInput: in, Status: ex.Status, Header: ex.RespHeader,
		Options: &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true}}
	out.SetBodyBytes(ex.Body)
	return openapi3filter.ValidateResponse(context.Background(), out)
}

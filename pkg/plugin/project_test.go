package plugin

import (
	"strings"
	"testing"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/spacetime/tickets/pkg/connector/redmine/redminetest"
)

// sampleProjects registers the sample issues' projects: 103 and 104 are in checkout, 101 and 102 in search.
func sampleProjects(srv *redminetest.Server) {
	srv.AddProject(2, "checkout")
	srv.AddProject(3, "search")
}

func TestProjectScopesHealthAndQueries(t *testing.T) {
	f := newProjectFixture(t, apiKey, "checkout", redminetest.SampleIssues(), sampleProjects)
	res := f.health(t, apiKey)
	want := "Connected to Redmine at http://redmine.example as admin; 2 tickets visible in project checkout"
	if res.Status != backend.HealthStatusOk || res.Message != want {
		t.Fatalf("got %v %q, want OK %q", res.Status, res.Message, want)
	}

	resp := f.query(t, apiKey, dataQuery("A", "tickets", `{"sort":[{"field":"id"}]}`))
	dr := resp.Responses["A"]
	if dr.Error != nil {
		t.Fatal(dr.Error)
	}
	ids, _ := dr.Frames[0].FieldByName("id")
	if ids == nil || ids.Len() != 2 || ids.At(0).(string) != "103" || ids.At(1).(string) != "104" {
		t.Fatalf("ids %v, want checkout's 103 and 104", ids)
	}

	lists := 0
	for _, r := range f.srv.Requests() {
		if r.URL.Path == "/issues.json" {
			lists++
			if got := r.URL.Query().Get("project_id"); got != "checkout" {
				t.Errorf("%s: project_id %q, want checkout", r.URL, got)
			}
		}
	}
	if lists < 2 { // the backfill and the health count at least
		t.Fatalf("%d issue listings", lists)
	}
}

func TestUnknownProjectNamesTheSetting(t *testing.T) {
	f := newProjectFixture(t, apiKey, "nope", redminetest.SampleIssues(), sampleProjects)
	want := `Redmine has no project "nope" visible to this API key: check the Project setting.`

	res := f.health(t, apiKey)
	if res.Status != backend.HealthStatusError || res.Message != want {
		t.Fatalf("health: got %v %q, want %q", res.Status, res.Message, want)
	}
	// Queries meet the same failure in the sync and say the same.
	resp := f.query(t, apiKey, dataQuery("A", "tickets", `{}`))
	if r := resp.Responses["A"]; r.Error == nil || r.Error.Error() != want || r.ErrorSource != backend.ErrorSourceDownstream {
		t.Fatalf("query: got %+v, want %q", r, want)
	}
}

func TestForbiddenProjectNamesIt(t *testing.T) {
	f := newProjectFixture(t, apiKey, "checkout", nil, sampleProjects)
	f.srv.DisableREST()
	res := f.health(t, apiKey)
	if res.Status != backend.HealthStatusError || !strings.HasSuffix(res.Message, `may view issues of project "checkout" (the Project setting).`) {
		t.Fatalf("got %v %q", res.Status, res.Message)
	}
}

//go:build integration

package pluginprotocol

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"
)

// liveRedmine is the Redmine the tests talk to, from REDMINE_URL and REDMINE_API_KEY; REDMINE_PROJECT, when
// set, is the project the plugin (pluginContext) and the direct issue listings read.
type liveRedmine struct {
	url     string
	key     string
	project string
}

func redmineFromEnv(t *testing.T) liveRedmine {
	t.Helper()
	r := liveRedmine{url: strings.TrimRight(os.Getenv("REDMINE_URL"), "/"), key: os.Getenv("REDMINE_API_KEY"), project: os.Getenv("REDMINE_PROJECT")}
	if r.url == "" || r.key == "" {
		t.Fatal("REDMINE_URL and REDMINE_API_KEY must be set to a live Redmine: run scripts/redmine/redmine.sh up, " +
			"then set -a; . .cache/redmine/env; set +a")
	}
	return r
}

type redmineIssue struct {
	ID      int64  `json:"id"`
	Subject string `json:"subject"`
	Status  struct {
		Name string `json:"name"`
	} `json:"status"`
	UpdatedOn time.Time `json:"updated_on"`
}

// get asks Redmine directly (not through the plugin), to check what the plugin returns; issue listings are of
// r.project, as the plugin's.
func (r liveRedmine) get(t *testing.T, path string, q url.Values) (issues []redmineIssue, total int) {
	t.Helper()
	if path == "/issues.json" && r.project != "" && !q.Has("project_id") {
		q.Set("project_id", r.project)
	}
	req, _ := http.NewRequest(http.MethodGet, r.url+path+"?"+q.Encode(), nil)
	req.Header.Set("X-Redmine-API-Key", r.key)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("Redmine: %v", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("Redmine %s: %s", path, resp.Status)
	}
	var body struct {
		Issues     []redmineIssue `json:"issues"`
		TotalCount int            `json:"total_count"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
		t.Fatalf("Redmine %s: %v", path, err)
	}
	return body.Issues, body.TotalCount
}

func (r liveRedmine) totalCount(t *testing.T) int {
	_, total := r.get(t, "/issues.json", url.Values{"status_id": {"*"}, "limit": {"1"}})
	return total
}

// byID fetches the given issues (of any status) by id.
func (r liveRedmine) byID(t *testing.T, ids []int64) map[int64]redmineIssue {
	out := map[int64]redmineIssue{}
	for start := 0; start < len(ids); start += 100 {
		chunk := ids[start:min(start+100, len(ids))]
		parts := make([]string, len(chunk))
		for i, id := range chunk {
			parts[i] = strconv.FormatInt(id, 10)
		}
		issues, _ := r.get(t, "/issues.json", url.Values{
			"issue_id": {strings.Join(parts, ",")}, "status_id": {"*"}, "limit": {"100"},
		})
		for _, is := range issues {
			out[is.ID] = is
		}
	}
	return out
}

func (r liveRedmine) String() string { return fmt.Sprintf("Redmine at %s", r.url) }

// countWhere counts the issues (any status) matching Redmine filters.
func (r liveRedmine) countWhere(t *testing.T, q url.Values) int {
	q.Set("status_id", "*")
	q.Set("limit", "1")
	_, total := r.get(t, "/issues.json", q)
	return total
}

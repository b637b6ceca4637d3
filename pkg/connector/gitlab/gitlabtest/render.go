package gitlabtest

import (
	"fmt"
	"strings"
	"time"
)

// The JSON GitLab's documentation shows for these endpoints.

func ts(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z") }

func tsp(t *time.Time) any {
	if t == nil {
		return nil
	}
	return ts(*t)
}

func (s *Server) userJSON(name string, id int) map[string]any {
	return map[string]any{"id": id, "username": name, "name": strings.ToUpper(name[:1]) + name[1:], "state": "active",
		"locked": false, "avatar_url": nil, "web_url": s.URL + "/" + name}
}

func (s *Server) projectJSON(p Project) map[string]any {
	parts := strings.Split(p.Path, "/")
	return map[string]any{"id": p.ID, "name": parts[len(parts)-1], "path": parts[len(parts)-1], "path_with_namespace": p.Path,
		"name_with_namespace": strings.Join(parts, " / "), "web_url": s.URL + "/" + p.Path, "issues_enabled": true,
		"created_at": ts(time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)), "visibility": "private"}
}

func (s *Server) projectID(path string) int64 {
	for _, p := range s.projects {
		if p.Path == path {
			return p.ID
		}
	}
	return 0
}

func (s *Server) issueID(is *Issue) int64 {
	if is.ID != 0 {
		return is.ID
	}
	return 80_000 + s.projectID(is.Project)*10_000 + is.IID
}

// issueJSON is one issue; callers hold s.mu.
func (s *Server) issueJSON(is *Issue) map[string]any {
	pid := s.projectID(is.Project)
	assignees := make([]any, len(is.Assignees))
	var assignee any
	for i, a := range is.Assignees {
		assignees[i] = s.userJSON(a, 200+i)
		if i == 0 {
			assignee = assignees[0]
		}
	}
	var milestone any
	if is.Milestone != "" {
		milestone = map[string]any{"id": 31, "iid": 3, "project_id": pid, "title": is.Milestone, "description": "", "state": "active",
			"created_at": ts(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)), "updated_at": ts(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)),
			"due_date": nil, "start_date": nil, "web_url": s.URL + "/" + is.Project + "/-/milestones/3"}
	}
	var closedBy any
	if is.Closed != nil {
		closedBy = s.userJSON("closer", 301)
	}
	labels := is.Labels
	if labels == nil {
		labels = []string{}
	}
	kind := "issues"
	if is.Type == "incident" {
		kind = "issues/incident"
	}
	parts := strings.Split(is.Project, "/")
	web := fmt.Sprintf("%s/%s/-/%s/%d", s.URL, is.Project, kind, is.IID)
	var desc any
	if is.Body != "" {
		desc = is.Body
	}
	return map[string]any{
		"id": s.issueID(is), "iid": is.IID, "project_id": pid, "title": is.Title, "description": desc, "state": is.State,
		"created_at": ts(is.Created), "updated_at": ts(is.Updated), "closed_at": tsp(is.Closed), "closed_by": closedBy,
		"labels": labels, "milestone": milestone, "assignees": assignees, "assignee": assignee, "author": s.userJSON("reporter", 300),
		"type": strings.ToUpper(is.Type), "issue_type": is.Type, "severity": is.Severity, "user_notes_count": 0,
		"merge_requests_count": 0, "upvotes": 0, "downvotes": 0, "due_date": nil, "confidential": false,
		"discussion_locked": nil, "web_url": web, "moved_to_id": nil, "service_desk_reply_to": nil,
		"time_stats":             map[string]any{"time_estimate": 0, "total_time_spent": 0, "human_time_estimate": nil, "human_total_time_spent": nil},
		"task_completion_status": map[string]any{"count": 0, "completed_count": 0},
		"blocking_issues_count":  0, "has_tasks": false,
		"_links": map[string]any{"self": fmt.Sprintf("%s/api/v4/projects/%d/issues/%d", s.URL, pid, is.IID),
			"notes":       fmt.Sprintf("%s/api/v4/projects/%d/issues/%d/notes", s.URL, pid, is.IID),
			"award_emoji": fmt.Sprintf("%s/api/v4/projects/%d/issues/%d/award_emoji", s.URL, pid, is.IID),
			"project":     fmt.Sprintf("%s/api/v4/projects/%d", s.URL, pid), "closed_as_duplicate_of": nil},
		"references": map[string]any{"short": fmt.Sprintf("#%d", is.IID), "relative": fmt.Sprintf("%s#%d", parts[len(parts)-1], is.IID),
			"full": fmt.Sprintf("%s#%d", is.Project, is.IID)},
		"subscribed": false,
	}
}

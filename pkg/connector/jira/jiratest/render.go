package jiratest

import (
	"slices"
	"strconv"
	"strings"
)

// jiraTime is how Jira writes times: milliseconds and a numeric offset without a colon.
const jiraTime = "2006-01-02T15:04:05.000-0700"

// render writes issues in the search answer's shape with the fields asked for ("*all" or none: every field;
// Cloud's default is id only, as documented).
func (s *Server) render(issues []*Issue, fields []string) []map[string]any {
	want := func(f string) bool {
		if len(fields) == 0 {
			return s.Flavor == DataCenter
		}
		return slices.Contains(fields, f) || slices.Contains(fields, "*all") || slices.Contains(fields, "*navigable")
	}
	out := make([]map[string]any, 0, len(issues))
	for _, is := range issues {
		f := map[string]any{}
		set := func(name string, v any) {
			if want(name) {
				f[name] = v
			}
		}
		set("summary", is.Summary)
		set("description", s.description(is))
		set("priority", map[string]any{"id": s.priorityID(is.Priority), "name": is.Priority})
		set("status", map[string]any{"name": is.Status, "statusCategory": map[string]any{"key": is.StatusCategory,
			"name": map[string]string{"new": "To Do", "indeterminate": "In Progress", "done": "Done"}[is.StatusCategory]}})
		set("issuetype", map[string]any{"name": is.IssueType})
		set("project", map[string]any{"key": is.ProjectKey, "name": is.ProjectName})
		comps := []any{}
		for _, c := range is.Components {
			comps = append(comps, map[string]any{"name": c})
		}
		set("components", comps)
		set("labels", append([]string{}, is.Labels...))
		if is.Assignee != nil {
			set("assignee", userJSON(is.Assignee))
		} else {
			set("assignee", nil)
		}
		set("created", is.Created.In(s.loc).Format(jiraTime))
		set("updated", is.Updated.In(s.loc).Format(jiraTime))
		if is.Resolution != nil {
			set("resolutiondate", is.Resolution.In(s.loc).Format(jiraTime))
		} else {
			set("resolutiondate", nil)
		}
		for _, fd := range s.fields {
			if fd.Custom && want(fd.ID) {
				f[fd.ID] = is.Custom[fd.ID] // nil (JSON null) when unset, as Jira sends
			}
		}
		id := strconv.FormatInt(is.ID, 10)
		out = append(out, map[string]any{"id": id, "key": is.Key, "self": s.URL + "/rest/api/" + s.apiVersion() + "/issue/" + id, "fields": f})
	}
	return out
}

func (s *Server) priorityID(name string) string {
	for _, p := range s.prios {
		if p.Name == name {
			return p.ID
		}
	}
	return ""
}

// description is an ADF document on Cloud (null when empty) and the wiki markup string on Data Center.
func (s *Server) description(is *Issue) any {
	if s.Flavor == DataCenter {
		if is.Description == "" {
			return nil
		}
		return is.Description
	}
	if is.ADF != nil {
		return is.ADF
	}
	if is.Description == "" {
		return nil
	}
	var paras []any
	for _, line := range strings.Split(is.Description, "\n") {
		paras = append(paras, map[string]any{"type": "paragraph", "content": []any{map[string]any{"type": "text", "text": line}}})
	}
	return map[string]any{"version": 1, "type": "doc", "content": paras}
}

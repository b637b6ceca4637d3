package githubtest

import (
	"fmt"
	"strings"
	"time"
)

// The JSON GitHub sends, with every property its OpenAPI description requires (the schema test checks).

func ts(t time.Time) string { return t.UTC().Format(time.RFC3339) }

func tsp(t *time.Time) any {
	if t == nil {
		return nil
	}
	return ts(*t)
}

func (s *Server) user(login string, id int64) map[string]any {
	api, web := s.api(), s.web()
	u := api + "/users/" + login
	return map[string]any{
		"login": login, "id": id, "node_id": fmt.Sprintf("U_kgDO%08d", id), "avatar_url": web + "/avatars/" + login,
		"gravatar_id": "", "url": u, "html_url": web + "/" + login, "followers_url": u + "/followers",
		"following_url": u + "/following{/other_user}", "gists_url": u + "/gists{/gist_id}",
		"starred_url": u + "/starred{/owner}{/repo}", "subscriptions_url": u + "/subscriptions",
		"organizations_url": u + "/orgs", "repos_url": u + "/repos", "events_url": u + "/events{/privacy}",
		"received_events_url": u + "/received_events", "type": "User", "site_admin": false,
	}
}

// privateUser is GET /user's answer.
func (s *Server) privateUser() map[string]any {
	u := s.user(Login, 9000)
	created := ts(time.Date(2020, 1, 2, 3, 4, 5, 0, time.UTC))
	for k, v := range map[string]any{
		"name": "Spacetime Bot", "company": nil, "blog": "", "location": nil, "email": nil, "hireable": nil, "bio": nil,
		"public_repos": 0, "public_gists": 0, "followers": 0, "following": 0, "created_at": created, "updated_at": created,
		"private_gists": 0, "total_private_repos": 0, "owned_private_repos": 0, "disk_usage": 0, "collaborators": 0,
		"two_factor_authentication": true, "user_view_type": "private",
	} {
		u[k] = v
	}
	return u
}

func (s *Server) repoURLs(full string) map[string]any {
	api := s.api() + "/repos/" + full
	out := map[string]any{"url": api, "html_url": s.web() + "/" + full}
	for _, k := range []string{"archive_url:/{archive_format}{/ref}", "assignees_url:/assignees{/user}", "blobs_url:/git/blobs{/sha}",
		"branches_url:/branches{/branch}", "collaborators_url:/collaborators{/collaborator}", "comments_url:/comments{/number}",
		"commits_url:/commits{/sha}", "compare_url:/compare/{base}...{head}", "contents_url:/contents/{+path}",
		"contributors_url:/contributors", "deployments_url:/deployments", "downloads_url:/downloads", "events_url:/events",
		"forks_url:/forks", "git_commits_url:/git/commits{/sha}", "git_refs_url:/git/refs{/sha}", "git_tags_url:/git/tags{/sha}",
		"hooks_url:/hooks", "issue_comment_url:/issues/comments{/number}", "issue_events_url:/issues/events{/number}",
		"issues_url:/issues{/number}", "keys_url:/keys{/key_id}", "labels_url:/labels{/name}", "languages_url:/languages",
		"merges_url:/merges", "milestones_url:/milestones{/number}", "notifications_url:/notifications{?since,all,participating}",
		"pulls_url:/pulls{/number}", "releases_url:/releases{/id}", "stargazers_url:/stargazers", "statuses_url:/statuses/{sha}",
		"subscribers_url:/subscribers", "subscription_url:/subscription", "tags_url:/tags", "teams_url:/teams", "trees_url:/git/trees{/sha}"} {
		name, suffix, _ := strings.Cut(k, ":")
		out[name] = api + suffix
	}
	return out
}

// minimalRepo is an entry of GET /orgs/{org}/repos.
func (s *Server) minimalRepo(r Repo) map[string]any {
	owner, name, _ := strings.Cut(r.FullName, "/")
	out := s.repoURLs(r.FullName)
	for k, v := range map[string]any{
		"id": r.ID, "node_id": fmt.Sprintf("R_kgDO%08d", r.ID), "name": name, "full_name": r.FullName,
		"owner": s.user(owner, 100), "private": false, "description": nil, "fork": false,
		"archived": r.Archived, "has_issues": r.HasIssues, "disabled": false, "visibility": "public",
		"created_at": ts(time.Date(2021, 5, 1, 0, 0, 0, 0, time.UTC)), "updated_at": ts(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)),
	} {
		out[k] = v
	}
	return out
}

// fullRepo is GET /repos/{owner}/{repo}'s answer.
func (s *Server) fullRepo(r Repo) map[string]any {
	out := s.minimalRepo(r)
	full := r.FullName
	for k, v := range map[string]any{
		"clone_url": s.web() + "/" + full + ".git", "git_url": "git://example/" + full + ".git", "ssh_url": "git@example:" + full + ".git",
		"svn_url": s.web() + "/" + full, "mirror_url": nil, "homepage": nil, "language": "Go", "default_branch": "main",
		"forks": 0, "forks_count": 0, "stargazers_count": 0, "watchers": 0, "watchers_count": 0, "size": 100,
		"open_issues": 0, "open_issues_count": 0, "has_projects": false, "has_wiki": false, "has_pages": false,
		"has_discussions": false, "license": nil, "pushed_at": ts(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)),
		"network_count": 0, "subscribers_count": 0,
	} {
		out[k] = v
	}
	return out
}

func (s *Server) label(repo, name string, i int) map[string]any {
	id := int64(5000 + i)
	return map[string]any{"id": id, "node_id": fmt.Sprintf("LA_kwDO%08d", id), "url": s.api() + "/repos/" + repo + "/labels/" + name,
		"name": name, "description": nil, "color": "ededed", "default": false}
}

func (s *Server) milestone(repo, title string) map[string]any {
	created := ts(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	api := s.api() + "/repos/" + repo + "/milestones/1"
	return map[string]any{
		"url": api, "html_url": s.web() + "/" + repo + "/milestone/1", "labels_url": api + "/labels", "id": int64(7001),
		"node_id": "MI_kwDO00007001", "number": 1, "state": "open", "title": title, "description": nil,
		"creator": s.user("alice", 101), "open_issues": 1, "closed_issues": 0, "created_at": created, "updated_at": created,
		"closed_at": nil, "due_on": nil,
	}
}

// issue is one issue (or pull request) as list and single-issue answers carry it.
func (s *Server) issue(is *Issue) map[string]any {
	api := s.api() + "/repos/" + is.Repo + "/issues/" + fmt.Sprint(is.Number)
	labels := make([]any, len(is.Labels))
	for i, l := range is.Labels {
		labels[i] = s.label(is.Repo, l, i)
	}
	assignees := make([]any, len(is.Assignees))
	var assignee any
	for i, a := range is.Assignees {
		assignees[i] = s.user(a, int64(200+i))
		if i == 0 {
			assignee = assignees[0]
		}
	}
	var milestone, reason, body any
	if is.Milestone != "" {
		milestone = s.milestone(is.Repo, is.Milestone)
	}
	if is.StateReason != "" {
		reason = is.StateReason
	}
	if is.Body != "" {
		body = is.Body
	}
	id := is.ID
	if id == 0 {
		id = 3_000_000 + is.Number*10 + int64(len(is.Repo))
	}
	kind := "issues"
	if is.PullRequest {
		kind = "pull"
	}
	out := map[string]any{
		"id": id, "node_id": fmt.Sprintf("I_kwDO%010d", id), "url": api, "repository_url": s.api() + "/repos/" + is.Repo,
		"labels_url": api + "/labels{/name}", "comments_url": api + "/comments", "events_url": api + "/events",
		"html_url": s.web() + "/" + is.Repo + "/" + kind + "/" + fmt.Sprint(is.Number), "number": is.Number,
		"state": is.State, "state_reason": reason, "title": is.Title, "body": body, "user": s.user("reporter", 300),
		"labels": labels, "assignee": assignee, "assignees": assignees, "milestone": milestone, "locked": false,
		"active_lock_reason": nil, "comments": 0, "closed_at": tsp(is.Closed), "created_at": ts(is.Created),
		"updated_at": ts(is.Updated), "author_association": "MEMBER",
	}
	if is.PullRequest {
		pr := s.api() + "/repos/" + is.Repo + "/pulls/" + fmt.Sprint(is.Number)
		out["pull_request"] = map[string]any{"url": pr, "html_url": s.web() + "/" + is.Repo + "/pull/" + fmt.Sprint(is.Number),
			"diff_url":  s.web() + "/" + is.Repo + "/pull/" + fmt.Sprint(is.Number) + ".diff",
			"patch_url": s.web() + "/" + is.Repo + "/pull/" + fmt.Sprint(is.Number) + ".patch", "merged_at": nil}
		out["draft"] = false
	}
	return out
}

// basicError is GitHub's error body.
func basicError(message, docs string) map[string]any {
	return map[string]any{"message": message, "documentation_url": "https://docs.github.com/rest" + docs, "status": ""}
}

package settings

import (
	"encoding/json"
	"regexp"
	"strings"
)

// SystemGitLab reads GitLab Issues on gitlab.com or a self-managed GitLab.
const SystemGitLab = "gitlab"

// GitLab is GitLab's own settings.
//
// jsonData:       { "gitlabProjects": ["acme/shop", "42"], "gitlabGroups": ["acme/platform"] }
// secureJsonData: { "gitlabToken": "glpat-…" }
//
// The URL setting is the site (https://gitlab.com); a trailing /api/v4 is dropped.
type GitLab struct {
	Projects, Groups []string
	// Token is a personal, group or project access token with read_api. It must never be logged or returned.
	Token string `json:"-"`
}

// A project is a path with a namespace (group/project, group/subgroup/project) or a numeric id; a group a
// path of one or more segments or a numeric id.
var (
	gitlabSegment = `[A-Za-z0-9_.][A-Za-z0-9_.-]*`
	gitlabProject = regexp.MustCompile(`^(?:[0-9]+|` + gitlabSegment + `(?:/` + gitlabSegment + `)+)$`)
	gitlabGroup   = regexp.MustCompile(`^(?:[0-9]+|` + gitlabSegment + `(?:/` + gitlabSegment + `)*)$`)
)

func loadGitLab(raw json.RawMessage, secure map[string]string, s *Settings) error {
	var jd struct {
		Projects []string `json:"gitlabProjects"`
		Groups   []string `json:"gitlabGroups"`
	}
	if err := decodeOwn(raw, &jd); err != nil {
		return err
	}
	var g GitLab
	var err error
	if g.Projects, err = gitlabPaths("Project", jd.Projects, gitlabProject, "a path with its group, like acme/shop, or the numeric project id"); err != nil {
		return err
	}
	if g.Groups, err = gitlabPaths("Group", jd.Groups, gitlabGroup, "a group path, like acme or acme/platform, or the numeric group id"); err != nil {
		return err
	}
	if len(g.Projects)+len(g.Groups) == 0 {
		return errorf("The projects and groups settings are empty: enter the projects (group/project, one per line) or groups whose issues to read.")
	}
	if g.Token = secret(secure, "gitlabToken"); g.Token == "" {
		return errorf("The access token setting is missing: create a personal, group or project access token with the read_api scope and enter it in the datasource settings.")
	}
	s.URL = strings.TrimSuffix(strings.TrimRight(s.URL, "/"), "/api/v4")
	s.GitLab = g
	return nil
}

func gitlabPaths(kind string, raw []string, pattern *regexp.Regexp, form string) ([]string, error) {
	var out []string
	seen := map[string]bool{}
	for i, p := range raw {
		p = strings.Trim(strings.TrimSpace(p), "/")
		switch {
		case p == "":
			continue
		case !pattern.MatchString(p):
			return nil, errorf("%s %d (%q) is not %s.", kind, i+1, raw[i], form)
		case seen[strings.ToLower(p)]:
			return nil, errorf("%s %q is listed twice: list each once.", kind, p)
		}
		seen[strings.ToLower(p)] = true
		out = append(out, p)
	}
	return out, nil
}

package settings

import (
	"encoding/json"
	"net/url"
	"regexp"
	"strings"
)

// SystemGitHub reads GitHub Issues on github.com or GitHub Enterprise Server.
const SystemGitHub = "github"

// GitHub is GitHub's own settings.
//
// jsonData:       { "githubRepositories": ["octo-org/api", "octo-org/web"] } or { "githubOrganization": "octo-org" }
// secureJsonData: { "githubToken": "github_pat_…" }
//
// The URL setting is https://api.github.com, or the Enterprise Server's address (https://github.example.com,
// to which /api/v3 is added).
type GitHub struct {
	Repositories []string
	Organization string
	// Token is a fine-grained or classic personal access token. It must never be logged or returned.
	Token string `json:"-"`
}

var (
	githubRepo  = regexp.MustCompile(`^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})/[A-Za-z0-9._-]{1,100}$`)
	githubOwner = regexp.MustCompile(`^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$`)
)

func loadGitHub(raw json.RawMessage, secure map[string]string, s *Settings) error {
	var jd struct {
		Repositories []string `json:"githubRepositories"`
		Organization string   `json:"githubOrganization"`
	}
	if err := decodeOwn(raw, &jd); err != nil {
		return err
	}
	g := GitHub{Organization: strings.TrimSpace(jd.Organization)}
	seen := map[string]bool{}
	for i, r := range jd.Repositories {
		r = strings.TrimSuffix(strings.TrimSpace(r), ".git")
		switch {
		case r == "":
			continue
		case !githubRepo.MatchString(r):
			return errorf("Repository %d (%q) is not owner/repo: enter each repository like octo-org/api, one per line.", i+1, jd.Repositories[i])
		case seen[strings.ToLower(r)]:
			return errorf("Repository %q is listed twice: list each repository once.", r)
		}
		seen[strings.ToLower(r)] = true
		g.Repositories = append(g.Repositories, r)
	}
	switch {
	case g.Organization != "" && len(g.Repositories) > 0:
		return errorf("Enter either repositories or an organisation, not both: an organisation reads every one of its repositories.")
	case g.Organization != "" && !githubOwner.MatchString(g.Organization):
		return errorf("The organisation %q is not a GitHub organisation name (letters, digits and -, as in github.com/<organisation>).", g.Organization)
	case g.Organization == "" && len(g.Repositories) == 0:
		return errorf("The repositories setting is empty: enter the repositories to read (owner/repo, one per line) or an organisation whose repositories to read.")
	}
	if g.Token = secret(secure, "githubToken"); g.Token == "" {
		return errorf("The token setting is missing: create a fine-grained personal access token with read-only access to Issues (a classic token needs repo, or public_repo for public repositories) and enter it in the datasource settings.")
	}
	s.URL = GitHubAPI(s.URL)
	s.GitHub = g
	return nil
}

// GitHubAPI is the REST API root for the URL setting: github.com's API for github.com, the address as given
// when it is an API host (api.github.com, api.<subdomain>.ghe.com) or already ends in /api/v3, else the
// Enterprise Server's /api/v3.
func GitHubAPI(base string) string {
	u, err := url.Parse(base)
	if err != nil {
		return base
	}
	host := strings.ToLower(u.Hostname())
	switch {
	case host == "github.com" || host == "www.github.com":
		return "https://api.github.com"
	case strings.HasPrefix(host, "api."), strings.HasSuffix(strings.TrimRight(u.Path, "/"), "/api/v3"):
		return strings.TrimRight(base, "/")
	}
	return strings.TrimRight(base, "/") + "/api/v3"
}

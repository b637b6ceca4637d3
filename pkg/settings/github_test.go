package settings_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/spacetime/tickets/pkg/settings"
)

func TestLoadGitHubAndGitLab(t *testing.T) {
	gh := map[string]string{"githubToken": "github_pat_secretvalue"}
	gl := map[string]string{"gitlabToken": "glpat-secretvalue"}
	tests := []struct {
		name, jsonData string
		secure         map[string]string
		wantErr        string
		check          func(t *testing.T, s settings.Settings)
	}{
		{"github repositories", `{"system":"github","url":"https://api.github.com","githubRepositories":["octo-org/api"," octo-org/web.git ",""]}`, gh, "", func(t *testing.T, s settings.Settings) {
			if s.URL != "https://api.github.com" || !reflect.DeepEqual(s.GitHub.Repositories, []string{"octo-org/api", "octo-org/web"}) || s.GitHub.Token != "github_pat_secretvalue" {
				t.Errorf("settings %+v %+v", s.URL, s.GitHub)
			}
		}},
		{"github.com's web address means its API", `{"system":"github","url":"https://github.com","githubOrganization":"octo-org"}`, gh, "", func(t *testing.T, s settings.Settings) {
			if s.URL != "https://api.github.com" || s.GitHub.Organization != "octo-org" {
				t.Errorf("settings %+v %+v", s.URL, s.GitHub)
			}
		}},
		{"enterprise server gets /api/v3", `{"system":"github","url":"https://github.example.com/","githubOrganization":"ops"}`, gh, "", func(t *testing.T, s settings.Settings) {
			if s.URL != "https://github.example.com/api/v3" {
				t.Errorf("url %s", s.URL)
			}
		}},
		{"enterprise server already with /api/v3", `{"system":"github","url":"https://github.example.com/api/v3","githubOrganization":"ops"}`, gh, "", func(t *testing.T, s settings.Settings) {
			if s.URL != "https://github.example.com/api/v3" {
				t.Errorf("url %s", s.URL)
			}
		}},
		{"github neither", `{"system":"github","url":"https://api.github.com"}`, gh, "The repositories setting is empty", nil},
		{"github both", `{"system":"github","url":"https://api.github.com","githubOrganization":"a","githubRepositories":["a/b"]}`, gh, "either repositories or an organisation, not both", nil},
		{"github bad repository", `{"system":"github","url":"https://api.github.com","githubRepositories":["a/b","octo org/api"]}`, gh, `Repository 2 ("octo org/api") is not owner/repo`, nil},
		{"github twice", `{"system":"github","url":"https://api.github.com","githubRepositories":["a/b","A/B"]}`, gh, `Repository "A/B" is listed twice`, nil},
		{"github bad organisation", `{"system":"github","url":"https://api.github.com","githubOrganization":"octo_org"}`, gh, `The organisation "octo_org" is not a GitHub organisation name`, nil},
		{"github without token", `{"system":"github","url":"https://api.github.com","githubOrganization":"a"}`, gl, "The token setting is missing: create a fine-grained personal access token", nil},
		{"gitlab projects and groups", `{"system":"gitlab","url":"https://gitlab.com/api/v4/","gitlabProjects":["acme/shop","42","/acme/platform/payments/"],"gitlabGroups":["acme/sre"]}`, gl, "", func(t *testing.T, s settings.Settings) {
			if s.URL != "https://gitlab.com" || !reflect.DeepEqual(s.GitLab.Projects, []string{"acme/shop", "42", "acme/platform/payments"}) ||
				!reflect.DeepEqual(s.GitLab.Groups, []string{"acme/sre"}) || s.GitLab.Token != "glpat-secretvalue" {
				t.Errorf("settings %s %+v", s.URL, s.GitLab)
			}
		}},
		{"gitlab empty", `{"system":"gitlab","url":"https://gitlab.com"}`, gl, "The projects and groups settings are empty", nil},
		{"gitlab project without group", `{"system":"gitlab","url":"https://gitlab.com","gitlabProjects":["shop"]}`, gl, `Project 1 ("shop") is not a path with its group, like acme/shop`, nil},
		{"gitlab bad group", `{"system":"gitlab","url":"https://gitlab.com","gitlabGroups":["acme sre"]}`, gl, `Group 1 ("acme sre") is not a group path`, nil},
		{"gitlab without token", `{"system":"gitlab","url":"https://gitlab.com","gitlabGroups":["acme"]}`, gh, "The access token setting is missing", nil},
		{"gitlab missing url", `{"system":"gitlab","gitlabGroups":["acme"]}`, gl, "enter the GitLab URL (like https://gitlab.com)", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := settings.Load(instance(tt.jsonData, "", tt.secure))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) || !settings.IsSettingsError(err) {
					t.Fatalf("err = %v, want it to contain %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			tt.check(t, s)
			for _, secret := range []string{"github_pat_secretvalue", "glpat-secretvalue"} {
				if got := s.Redact("token " + secret + " here"); strings.Contains(got, secret) && (s.GitHub.Token == secret || s.GitLab.Token == secret) {
					t.Errorf("Redact kept the secret: %s", got)
				}
			}
		})
	}
}

package settings_test

import (
	"strings"
	"testing"

	"github.com/spacetime/tickets/pkg/settings"
)

func TestLoadJira(t *testing.T) {
	cloudToken := map[string]string{"apiToken": "ATATT-secret"}
	tests := []struct {
		name, jsonData string
		secure         map[string]string
		wantErr        string
		check          func(t *testing.T, j settings.Jira)
	}{
		{"cloud", `{"system":"jira-cloud","url":"https://x.atlassian.net","email":"me@example.com","jql":"project = OPS",
			"customFields":[{"id":"customfield_10010","key":"service","name":"Service"},{"id":"customfield_10011","key":"regions","multi":true}]}`,
			cloudToken, "", func(t *testing.T, j settings.Jira) {
				if j.Email != "me@example.com" || j.Secret != "ATATT-secret" || j.Bearer || j.JQL != "project = OPS" || len(j.CustomFields) != 2 || !j.CustomFields[1].Multi {
					t.Errorf("cloud settings: %+v", j)
				}
			}},
		{"cloud without email", `{"system":"jira-cloud","url":"https://x.atlassian.net"}`, cloudToken, `The email setting "" is not an email address`, nil},
		{"cloud without token", `{"system":"jira-cloud","url":"https://x.atlassian.net","email":"me@example.com"}`, map[string]string{"apiKey": "redmine's"}, "The API token setting is missing", nil},
		{"dc with a PAT by default", `{"system":"jira-dc","url":"https://jira.example.com"}`, map[string]string{"personalAccessToken": "pat-123"}, "", func(t *testing.T, j settings.Jira) {
			if !j.Bearer || j.Secret != "pat-123" {
				t.Errorf("dc settings: %+v", j)
			}
		}},
		{"dc basic", `{"system":"jira-dc","url":"https://jira.example.com","authType":"basic","username":"me"}`, map[string]string{"password": "pw-123"}, "", func(t *testing.T, j settings.Jira) {
			if j.Bearer || j.Username != "me" || j.Secret != "pw-123" {
				t.Errorf("dc basic settings: %+v", j)
			}
		}},
		{"dc without a PAT", `{"system":"jira-dc","url":"https://j"}`, map[string]string{"password": "x"},
			"The personal access token setting is missing: create one in Jira under your profile → Personal Access Tokens and enter it in the datasource settings.", nil},
		{"dc basic without user", `{"system":"jira-dc","url":"https://j","authType":"basic"}`, map[string]string{"password": "x"},
			"The user name setting is missing: enter the Jira user name for basic authentication, or use a personal access token.", nil},
		{"dc basic without password", `{"system":"jira-dc","url":"https://j","authType":"basic","username":"me"}`, map[string]string{"personalAccessToken": "x"}, `The password setting is missing: enter the password of Jira user "me".`, nil},
		{"dc unknown auth", `{"system":"jira-dc","url":"https://j","authType":"oauth"}`, nil, `The authentication setting (authType) "oauth" is not supported: use "pat" (personal access token) or "basic" (user name and password).`, nil},
		{"scope with ORDER BY", `{"system":"jira-dc","url":"https://j","jql":"project = OPS order by created"}`, map[string]string{"personalAccessToken": "x"}, "contains ORDER BY", nil},
		{"custom field id", `{"system":"jira-dc","url":"https://j","customFields":[{"id":"service","key":"service"}]}`, map[string]string{"personalAccessToken": "x"}, `Custom field 1 has the id "service"`, nil},
		{"reserved key", `{"system":"jira-dc","url":"https://j","customFields":[{"id":"customfield_1","key":"labels","name":"Tags"}]}`, map[string]string{"personalAccessToken": "x"}, `Custom field 1 (Tags) has the key "labels", which a fixed field already uses`, nil},
		{"duplicate key", `{"system":"jira-dc","url":"https://j","customFields":[{"id":"customfield_1","key":"svc"},{"id":"customfield_2","key":"svc"}]}`, map[string]string{"personalAccessToken": "x"}, `Custom field 2 has the key "svc", which another custom field already uses`, nil},
		{"missing url names the site form", `{"system":"jira-cloud"}`, cloudToken, "enter the Jira Cloud URL (like https://your-site.atlassian.net)", nil},
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
			tt.check(t, s.Jira)
			if got := s.Redact("token " + s.Jira.Secret + " here"); strings.Contains(got, s.Jira.Secret) {
				t.Errorf("Redact kept the secret: %s", got)
			}
		})
	}
}

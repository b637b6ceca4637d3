package settings

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// Jira systems.
const (
	SystemJiraCloud = "jira-cloud"
	SystemJiraDC    = "jira-dc"
)

// Jira auth kinds on Data Center (Cloud always uses email + API token).
const (
	JiraAuthPAT   = "pat"
	JiraAuthBasic = authBasic
)

// Jira is a Jira site's own settings.
//
// jsonData:       { "email": "me@example.com" (Cloud), "authType": "pat" | "basic", "username": "me" (DC basic),
//
//	"jql": "project in (OPS, SHOP)", "customFields": [{"id":"customfield_10010","key":"service","name":"Service","multi":false}] }
//
// secureJsonData: { "apiToken" } (Cloud), { "personalAccessToken" } (DC, PAT) or { "password" } (DC, basic).
type Jira struct {
	// Email (Cloud) or Username (Data Center basic) identifies the account; Bearer sends Secret as a PAT.
	Email, Username string
	Bearer          bool
	// Secret is the API token, personal access token or password. It must never be logged or returned.
	Secret string `json:"-"`
	// JQL is the optional scope ANDed to every search.
	JQL          string
	CustomFields []JiraCustomField
}

// JiraCustomField is a custom field chosen to become a dimension.
type JiraCustomField struct {
	ID    string `json:"id"`
	Key   string `json:"key"`
	Name  string `json:"name"`
	Multi bool   `json:"multi"`
	Kind  string `json:"kind,omitempty"`
}

// JiraReservedKeys are the keys a custom field's dimension must not take: the ticket's fixed fields and
// Jira's fixed dimensions.
var JiraReservedKeys = []string{"id", "title", "description", "url", "severity", "status", "state", "opened",
	"updated", "resolved", "project", "type", "components", "labels", "assignee"}

var (
	customFieldID = regexp.MustCompile(`^customfield_[0-9]+$`)
	dimensionKey  = regexp.MustCompile(`^[a-z][a-z0-9_]{0,63}$`)
	orderBy       = regexp.MustCompile(`(?i)\border\s+by\b`)
	emailLike     = regexp.MustCompile(`^[^@\s]+@[^@\s]+$`)
)

var jiraAuth = tokenOrPassword{system: "Jira", token: JiraAuthPAT, tokenName: "personal access token", tokenKey: "personalAccessToken",
	tokenWhere: "your profile → Personal Access Tokens"}

func loadJira(cloud bool) func(json.RawMessage, map[string]string, *Settings) error {
	return func(raw json.RawMessage, secure map[string]string, s *Settings) error {
		var jd struct {
			Email        string            `json:"email"`
			AuthType     string            `json:"authType"`
			Username     string            `json:"username"`
			JQL          string            `json:"jql"`
			CustomFields []JiraCustomField `json:"customFields"`
		}
		if err := decodeOwn(raw, &jd); err != nil {
			return err
		}
		j := Jira{JQL: strings.TrimSpace(jd.JQL)}
		if cloud {
			j.Email = strings.TrimSpace(jd.Email)
			if !emailLike.MatchString(j.Email) {
				return errorf("The email setting %q is not an email address: enter the email of the Atlassian account the API token belongs to.", jd.Email)
			}
			if j.Secret = secret(secure, "apiToken"); j.Secret == "" {
				return errorf("The API token setting is missing: create one at id.atlassian.com → Security → API tokens and enter it in the datasource settings.")
			}
		} else {
			var err error
			if j.Username, j.Secret, err = jiraAuth.load(jd.AuthType, jd.Username, secure); err != nil {
				return err
			}
			j.Bearer = j.Username == ""
		}
		if orderBy.MatchString(j.JQL) {
			return errorf("The JQL scope %q contains ORDER BY: leave it out, Spacetime orders its searches itself.", j.JQL)
		}
		if err := checkCustomFields(jd.CustomFields); err != nil {
			return err
		}
		j.CustomFields = jd.CustomFields
		s.Jira = j
		return nil
	}
}

func checkCustomFields(fields []JiraCustomField) error {
	seen := map[string]bool{}
	for i, f := range fields {
		at := fmt.Sprintf("Custom field %d", i+1)
		if f.Name != "" {
			at = fmt.Sprintf("Custom field %d (%s)", i+1, f.Name)
		}
		switch {
		case !customFieldID.MatchString(f.ID):
			return errorf("%s has the id %q: a Jira custom field id looks like customfield_10010 (choose it with \"Fields from Jira\").", at, f.ID)
		case !dimensionKey.MatchString(f.Key):
			return errorf("%s has the key %q: a key is lower-case letters, digits and _, starting with a letter (like service).", at, f.Key)
		case slices.Contains(JiraReservedKeys, f.Key):
			return errorf("%s has the key %q, which a fixed field already uses (%s): choose another key.", at, f.Key, strings.Join(JiraReservedKeys, ", "))
		case seen[f.Key]:
			return errorf("%s has the key %q, which another custom field already uses: keys must differ.", at, f.Key)
		}
		seen[f.Key] = true
	}
	return nil
}

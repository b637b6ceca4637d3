package settings

import (
	"encoding/json"
	"strings"
)

// System is one ticket system a datasource can read: its id in jsonData.system, its name in sentences, and
// how its own settings (jsonData keys and secrets) are read (each system's loader is in its own file).
type System struct {
	ID, Name string
	// URLExample shows the URL setting's form in messages ("https://redmine.example.com").
	URLExample string
	// defaultURL, if set, is the URL setting's value when it is empty (PagerDuty's region).
	defaultURL func(jsonData json.RawMessage) string
	// load validates the system's own jsonData and secureJsonData into s (common settings already set).
	load func(jsonData json.RawMessage, secure map[string]string, s *Settings) error
}

// registry lists the systems in the order the config editor offers them. A new system adds one entry.
var registry = []System{
	{ID: SystemRedmine, Name: "Redmine", URLExample: "https://redmine.example.com", load: loadRedmine},
	{ID: SystemJiraCloud, Name: "Jira Cloud", URLExample: "https://your-site.atlassian.net", load: loadJira(true)},
	{ID: SystemJiraDC, Name: "Jira Data Center", URLExample: "https://jira.example.com", load: loadJira(false)},
	{ID: SystemGitHub, Name: "GitHub", URLExample: "https://api.github.com", load: loadGitHub},
	{ID: SystemGitLab, Name: "GitLab", URLExample: "https://gitlab.com", load: loadGitLab},
	{ID: SystemRT, Name: "Request Tracker", URLExample: "https://rt.example.com", load: loadRT},
	{ID: SystemServiceNow, Name: "ServiceNow", URLExample: "https://your-instance.service-now.com", load: loadServiceNow},
	{ID: SystemPagerDuty, Name: "PagerDuty", URLExample: "https://api.pagerduty.com", load: loadPagerDuty, defaultURL: pagerDutyURL},
	{ID: SystemJSONAPI, Name: "JSON API", URLExample: "https://tracker.example.com", load: loadJSONAPI},
}

// Lookup finds a registered system by id.
func Lookup(id string) (System, bool) {
	for _, s := range registry {
		if s.ID == id {
			return s, true
		}
	}
	return System{}, false
}

// SystemIDs lists the accepted jsonData.system values, in registration order.
func SystemIDs() []string {
	out := make([]string, len(registry))
	for i, s := range registry {
		out[i] = s.ID
	}
	return out
}

// decodeOwn reads a system's own jsonData keys (the common ones were read already).
func decodeOwn(raw json.RawMessage, into any) error {
	if len(raw) == 0 || strings.TrimSpace(string(raw)) == "null" {
		return nil
	}
	if err := json.Unmarshal(raw, into); err != nil {
		return errorf("The datasource's JSON settings (jsonData) cannot be read: %v.", err)
	}
	return nil
}

func secret(secure map[string]string, key string) string { return strings.TrimSpace(secure[key]) }

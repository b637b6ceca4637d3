package settings

import (
	"encoding/json"
	"regexp"
	"strings"
)

// SystemRedmine reads Redmine's REST API.
const SystemRedmine = "redmine"

// loadRedmine reads Redmine's own settings — jsonData: { "project": "ops" }; secureJsonData: { "apiKey": "..." }.
func loadRedmine(raw json.RawMessage, secure map[string]string, s *Settings) error {
	var jd struct {
		Project string `json:"project"`
	}
	if err := decodeOwn(raw, &jd); err != nil {
		return err
	}
	project := strings.TrimSpace(jd.Project)
	if project != "" && !ValidProject(project) {
		return errorf("Project %q is not a Redmine project identifier: enter the identifier from the project's URL (/projects/<identifier>: lower-case letters, digits, - and _, at most %d characters) or its numeric id, or leave it empty for all projects.", project, MaxProjectLength)
	}
	key := secret(secure, "apiKey")
	if key == "" {
		return errorf("The API key setting is missing: enter the Redmine API key in the datasource settings.")
	}
	s.Project, s.APIKey = project, key
	return nil
}

// MaxProjectLength is the longest project identifier Redmine accepts (Project::IDENTIFIER_MAX_LENGTH).
const MaxProjectLength = 100

// projectPattern is Redmine's identifier format (app/models/project.rb: /\A(?!\d+$)[a-z0-9\-_]*\z/, so an
// identifier may start with a digit), widened to digits only: an identifier is never all digits, so those
// are project ids, which Redmine's project_id also accepts.
var projectPattern = regexp.MustCompile(`^[a-z0-9_-]+$`)

// ValidProject reports whether p can name a Redmine project: an identifier or a numeric id.
func ValidProject(p string) bool {
	return len(p) <= MaxProjectLength && projectPattern.MatchString(p)
}

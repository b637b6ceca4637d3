// Package settings parses and validates a Spacetime datasource instance's settings.
//
// jsonData (every system): { "url": "https://...", "system": "redmine" | "jira-cloud" | "jira-dc" | "github" | "gitlab" | "rt",
//
//	"syncWindowDays": 7, "pollIntervalSeconds": 60, "backfillSlices": 4, "fields": [{"key","name","hidden"}],
//	"severities": [{"name","color"}], "mappings": [{"from","prefix","to","name"}] }
//
// plus each system's own keys and secrets (systems.go: one entry per system; redmine.go, jira.go, github.go, gitlab.go, rt.go).
// The datasource's own URL field (DataSourceInstanceSettings.URL) is accepted when jsonData.url is empty.
package settings

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"net/url"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/spacetime/tickets/pkg/frames"
	"github.com/spacetime/tickets/pkg/mapping"
)

// Settings are the validated settings of one datasource instance.
type Settings struct {
	// URL is the ticket system's base URL, without a trailing slash (e.g. "https://redmine.example.com/redmine").
	URL string
	// System names the connector (a registered System's ID: "redmine", "jira-cloud", "jira-dc").
	System string
	// Project scopes the datasource to one Redmine project (its identifier, like "ops", or its numeric id);
	// empty means every project the API key can see. Redmine includes the project's subprojects.
	Project string
	// APIKey authenticates against Redmine. It must never be logged or returned to users.
	APIKey string `json:"-"`
	// Jira holds the Jira Cloud / Data Center settings (System "jira-cloud" or "jira-dc").
	Jira Jira
	// RT holds the Request Tracker settings (System "rt").
	RT RT
	// GitHub and GitLab hold those systems' settings (System "github", "gitlab").
	GitHub GitHub
	GitLab GitLab
	// ServiceNow holds the ServiceNow settings (System "servicenow").
	ServiceNow ServiceNow
	// PagerDuty holds the PagerDuty settings (System "pagerduty").
	PagerDuty PagerDuty
	// JSONAPI holds the JSON API settings (System "jsonapi").
	JSONAPI JSONAPI
	// SyncWindow is how far back the backfill loads tickets; PollInterval the time between polls.
	SyncWindow   time.Duration
	PollInterval time.Duration
	// BackfillSlices is how many time slices of the window the first backfill fetches at once.
	BackfillSlices int
	// Fields are the user's display names, order and visibility for ticket fields (may be empty).
	Fields []Field
	// Severities override the system's severity order (least severe first) and colours (may be empty).
	Severities []Severity
	// Mappings derive dimensions and the severity from labels, components or custom fields (may be empty).
	Mappings []mapping.Rule
	// DataDir is where the ticket snapshot is kept ("" for the default, snapshot.DefaultDir); "off" keeps
	// the tickets in memory only.
	DataDir string
	// UID is the datasource's uid: it names the snapshot's files.
	UID string
	// Fingerprint identifies the settings that decide which tickets the store holds (system, URL, project,
	// scope, mappings, the credentials' identity), as a SHA-256: a snapshot made with others is discarded.
	Fingerprint string `json:"-"`
}

// SnapshotsOff is the Data directory value that turns snapshots off.
const SnapshotsOff = "off"

// Field is the display setting of one ticket field.
type Field struct {
	Key    string `json:"key"`
	Name   string `json:"name"`
	Hidden bool   `json:"hidden"`
}

// Severity is one severity level in the user's order, with its colour.
type Severity struct {
	Name  string `json:"name"`
	Color string `json:"color"`
}

// Limits of the sync settings.
const (
	DefaultSyncWindowDays      = 7
	MaxSyncWindowDays          = 90
	DefaultPollIntervalSeconds = 60
	MinPollIntervalSeconds     = 10
	MaxPollIntervalSeconds     = 3600
	DefaultBackfillSlices      = 4
	MaxBackfillSlices          = 16
)

type jsonData struct {
	URL                 string          `json:"url"`
	System              string          `json:"system"`
	SyncWindowDays      json.RawMessage `json:"syncWindowDays"`
	PollIntervalSeconds json.RawMessage `json:"pollIntervalSeconds"`
	BackfillSlices      json.RawMessage `json:"backfillSlices"`
	Fields              []Field         `json:"fields"`
	Severities          []Severity      `json:"severities"`
	Mappings            []mapping.Rule  `json:"mappings"`
	DataDir             string          `json:"dataDir"`
}

// displayOnly are the jsonData keys that change how tickets look or how often they are fetched, not which
// tickets the store holds: changing them keeps the snapshot.
var displayOnly = []string{"fields", "severities", "syncWindowDays", "pollIntervalSeconds", "backfillSlices", "dataDir", "tlsSkipVerify",
	"tlsAuth", "tlsAuthWithCACert", "serverName", "timeout", "keepCookies"}

// fingerprint hashes the settings that decide the content, with the credentials hashed in, never kept.
func fingerprint(raw json.RawMessage, baseURL string, secrets map[string]string) string {
	var all map[string]json.RawMessage
	_ = json.Unmarshal(raw, &all) // unreadable jsonData fails Load before this
	for _, k := range displayOnly {
		delete(all, k)
	}
	keys := slices.Sorted(maps.Keys(secrets))
	h := sha256.New()
	content, _ := json.Marshal(all) // map keys are sorted
	_, _ = fmt.Fprintf(h, "%s\n%s\n", baseURL, content)
	for _, k := range keys {
		if strings.HasPrefix(k, "tls") {
			continue
		}
		_, _ = fmt.Fprintf(h, "%s=%x\n", k, sha256.Sum256([]byte(secrets[k])))
	}
	return hex.EncodeToString(h.Sum(nil))
}

// Error is a settings problem a user can fix in the datasource settings page.
type Error struct{ msg string }

func (e *Error) Error() string { return e.msg }

func errorf(format string, a ...any) error { return &Error{msg: fmt.Sprintf(format, a...)} }

// IsSettingsError reports whether err is a problem with the datasource settings.
func IsSettingsError(err error) bool {
	var e *Error
	return errors.As(err, &e)
}

// Load reads and validates the instance settings Grafana sends with every request.
func Load(s backend.DataSourceInstanceSettings) (Settings, error) {
	var jd jsonData
	if len(s.JSONData) > 0 && string(s.JSONData) != "null" {
		if err := json.Unmarshal(s.JSONData, &jd); err != nil {
			return Settings{}, errorf("The datasource's JSON settings (jsonData) cannot be read: %v.", err)
		}
	}

	system := strings.ToLower(strings.TrimSpace(jd.System))
	if system == "" {
		system = SystemRedmine
	}
	sys, ok := Lookup(system)
	if !ok {
		return Settings{}, errorf("The system setting %q is not supported: use one of %s.", jd.System, strings.Join(SystemIDs(), ", "))
	}

	raw := strings.TrimSpace(jd.URL)
	if raw == "" {
		raw = strings.TrimSpace(s.URL)
	}
	if raw == "" && sys.defaultURL != nil {
		raw = sys.defaultURL(s.JSONData)
	}
	if raw == "" {
		return Settings{}, errorf("The URL setting is missing: enter the %s URL (like %s) in the datasource settings.", sys.Name, sys.URLExample)
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return Settings{}, errorf("The URL setting %q is not an http(s) URL: enter it like %s in the datasource settings.", ShownURL(raw), sys.URLExample)
	}
	if u.User != nil {
		return Settings{}, errorf("The URL setting must not contain a user name or password: put the credentials in their own settings instead.")
	}
	u.RawQuery, u.Fragment = "", ""
	base := strings.TrimRight(u.String(), "/")

	days, err := wholeSetting("sync window (syncWindowDays)", jd.SyncWindowDays, DefaultSyncWindowDays, 1, MaxSyncWindowDays, "days")
	if err != nil {
		return Settings{}, err
	}
	poll, err := wholeSetting("poll interval (pollIntervalSeconds)", jd.PollIntervalSeconds, DefaultPollIntervalSeconds, MinPollIntervalSeconds, MaxPollIntervalSeconds, "seconds")
	if err != nil {
		return Settings{}, err
	}
	backfillSlices, err := wholeSetting("backfill slices (backfillSlices)", jd.BackfillSlices, DefaultBackfillSlices, 1, MaxBackfillSlices, "slices")
	if err != nil {
		return Settings{}, err
	}
	for i, f := range jd.Fields {
		if strings.TrimSpace(f.Key) == "" {
			return Settings{}, errorf("Field mapping entry %d has no field key: choose the field it renames or remove the entry.", i+1)
		}
	}
	for i, sv := range jd.Severities {
		if strings.TrimSpace(sv.Name) == "" {
			return Settings{}, errorf("Severity %d has no name: enter the %s name of that severity or remove it.", i+1, displayName(system))
		}
	}

	if err := mapping.Check(jd.Mappings, frames.FixedFieldNames); err != nil {
		return Settings{}, errorf("The field mappings setting is not valid: %v.", err)
	}

	dataDir := strings.TrimSpace(jd.DataDir)
	if dataDir != "" && dataDir != SnapshotsOff && !filepath.IsAbs(dataDir) {
		return Settings{}, errorf("The data directory setting %q is not an absolute path: enter a directory like /var/lib/grafana/spacetime, leave it empty for the default, or enter off to keep tickets in memory only.", dataDir)
	}

	out := Settings{
		URL: base, System: system,
		DataDir: dataDir, UID: s.UID, Fingerprint: fingerprint(s.JSONData, base, s.DecryptedSecureJSONData),
		SyncWindow:     time.Duration(days) * 24 * time.Hour,
		PollInterval:   time.Duration(poll) * time.Second,
		BackfillSlices: int(backfillSlices),
		Fields:         jd.Fields,
		Severities:     jd.Severities,
		Mappings:       jd.Mappings,
	}
	if err := sys.load(s.JSONData, s.DecryptedSecureJSONData, &out); err != nil {
		return Settings{}, err
	}
	return out, nil
}

// wholeSetting reads an optional whole number given as a JSON number or numeric string, within [lo, hi].
func wholeSetting(name string, raw json.RawMessage, def, lo, hi int64, unit string) (int64, error) {
	v := strings.Trim(strings.TrimSpace(string(raw)), `"`)
	if v == "" || v == "null" {
		return def, nil
	}
	n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
	if err != nil {
		return 0, errorf("The %s setting must be a whole number of %s, got %s.", name, unit, string(raw))
	}
	if n < lo || n > hi {
		return 0, errorf("The %s setting must be between %d and %d %s, got %d.", name, lo, hi, unit, n)
	}
	return n, nil
}

// DisplayName is how messages name the ticket system.
func (s Settings) DisplayName() string { return displayName(s.System) }

func displayName(system string) string {
	if sys, ok := Lookup(system); ok {
		return sys.Name
	}
	return system
}

// Redact replaces every occurrence of the settings' secrets in msg. Use it on any text that may reach a user
// or a log.
func (s Settings) Redact(msg string) string {
	for _, secret := range []string{s.APIKey, s.Jira.Secret, s.GitHub.Token, s.GitLab.Token, s.ServiceNow.Secret, s.PagerDuty.APIKey, s.JSONAPI.Secret, s.RT.Secret} {
		if len(secret) < 3 { // blanking shorter strings would garble words; no real credential is that short
			continue
		}
		msg = strings.ReplaceAll(msg, secret, "[redacted]")
		// The secret may also appear URL-encoded (e.g. in a request URL quoted by net/http).
		if enc := url.QueryEscape(secret); enc != secret {
			msg = strings.ReplaceAll(msg, enc, "[redacted]")
		}
	}
	return msg
}

// ShownURL is a refused URL as an error may show it: without what comes before an "@" (a user name and
// password typed into it) nor its query (an API key parameter).
func ShownURL(raw string) string {
	if q := strings.IndexAny(raw, "?#"); q >= 0 {
		raw = raw[:q] + "?…"
	}
	at := strings.LastIndex(raw, "@")
	if at < 0 {
		return raw
	}
	start := 0
	if i := strings.Index(raw, "://"); i >= 0 && i < at {
		start = i + len("://")
	}
	return raw[:start] + "…" + raw[at:]
}

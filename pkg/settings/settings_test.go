package settings_test

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/spacetime/tickets/pkg/settings"
)

func instance(jsonData, url string, secure map[string]string) backend.DataSourceInstanceSettings {
	return backend.DataSourceInstanceSettings{JSONData: []byte(jsonData), URL: url, DecryptedSecureJSONData: secure}
}

func TestLoad(t *testing.T) {
	key := map[string]string{"apiKey": "k"}
	tests := []struct {
		name    string
		in      backend.DataSourceInstanceSettings
		wantURL string
		wantErr string
	}{
		{"jsonData url", instance(`{"url":"http://redmine.local:3000/","system":"redmine"}`, "", key), "http://redmine.local:3000", ""},
		{"jsonData wins over URL field", instance(`{"url":"https://a.example/redmine"}`, "https://b.example", key), "https://a.example/redmine", ""},
		{"URL field", instance(`{}`, "https://b.example/", key), "https://b.example", ""},
		{"no jsonData at all", instance(``, "https://b.example", key), "https://b.example", ""},
		{"missing URL", instance(`{"system":"redmine"}`, "", key), "", "The URL setting is missing"},
		{"not http", instance(`{"url":"redmine.example"}`, "", key), "", `The URL setting "redmine.example" is not an http(s) URL`},
		{"credentials in URL", instance(`{"url":"https://u:p@redmine.example"}`, "", key), "", "must not contain a user name or password"},
		{"missing key", instance(`{"url":"http://r"}`, "", nil), "", "The API key setting is missing: enter the Redmine API key in the datasource settings."},
		{"blank key", instance(`{"url":"http://r"}`, "", map[string]string{"apiKey": "  "}), "", "The API key setting is missing"},
		{"unsupported system", instance(`{"url":"http://r","system":"jira"}`, "", key), "", `The system setting "jira" is not supported: use one of redmine, jira-cloud, jira-dc`},
		{"broken jsonData", instance(`{"url":`, "", key), "", "cannot be read"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := settings.Load(tt.in)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want it to contain %q", err, tt.wantErr)
				}
				if !settings.IsSettingsError(err) {
					t.Fatalf("not a settings error: %T", err)
				}
				if strings.Count(err.Error(), ". ") > 0 || !strings.HasSuffix(err.Error(), ".") {
					t.Fatalf("want one sentence, got %q", err.Error())
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got.URL != tt.wantURL || got.System != "redmine" || got.APIKey == "" {
				t.Fatalf("got %+v", got)
			}
		})
	}
}

func TestRedact(t *testing.T) {
	s := settings.Settings{APIKey: "s3cr3t/+key"}
	got := s.Redact("GET http://r/issues.json?key=s3cr3t%2F%2Bkey said s3cr3t/+key")
	if strings.Contains(got, "s3cr3t") {
		t.Fatalf("key left in %q", got)
	}
}

func TestSyncSettings(t *testing.T) {
	load := func(jsonData string) (settings.Settings, error) {
		return settings.Load(backend.DataSourceInstanceSettings{
			JSONData:                []byte(jsonData),
			DecryptedSecureJSONData: map[string]string{"apiKey": "abc123"},
		})
	}
	s, err := load(`{"url":"http://r.example"}`)
	if err != nil || s.SyncWindow != 7*24*time.Hour || s.PollInterval != time.Minute || s.BackfillSlices != 4 {
		t.Fatalf("defaults: %+v, %v", s, err)
	}
	if s, err := load(`{"url":"http://r.example","backfillSlices":"8"}`); err != nil || s.BackfillSlices != 8 {
		t.Fatalf("backfill slices: %+v, %v", s, err)
	}
	s, err = load(`{"url":"http://r.example","syncWindowDays":"14","pollIntervalSeconds":30,"fields":[{"key":"service","name":"Service"}],"severities":[{"name":"Low","color":"green"}]}`)
	if err != nil || s.SyncWindow != 14*24*time.Hour || s.PollInterval != 30*time.Second || len(s.Fields) != 1 || s.Severities[0].Color != "green" {
		t.Fatalf("set: %+v, %v", s, err)
	}
	for jd, want := range map[string]string{
		`{"url":"http://r.example","syncWindowDays":0}`:             "The sync window (syncWindowDays) setting must be between 1 and 90 days, got 0.",
		`{"url":"http://r.example","pollIntervalSeconds":"x"}`:      `The poll interval (pollIntervalSeconds) setting must be a whole number of seconds, got "x".`,
		`{"url":"http://r.example","pollIntervalSeconds":5}`:        "The poll interval (pollIntervalSeconds) setting must be between 10 and 3600 seconds, got 5.",
		`{"url":"http://r.example","backfillSlices":0}`:             "The backfill slices (backfillSlices) setting must be between 1 and 16 slices, got 0.",
		`{"url":"http://r.example","backfillSlices":2.5}`:           "The backfill slices (backfillSlices) setting must be a whole number of slices, got 2.5.",
		`{"url":"http://r.example","fields":[{"name":"Svc"}]}`:      "Field mapping entry 1 has no field key: choose the field it renames or remove the entry.",
		`{"url":"http://r.example","severities":[{"color":"red"}]}`: "Severity 1 has no name: enter the Redmine name of that severity or remove it.",
	} {
		if _, err := load(jd); err == nil || err.Error() != want {
			t.Errorf("%s: got %v, want %q", jd, err, want)
		}
	}
}

func TestProject(t *testing.T) {
	load := func(project string) (settings.Settings, error) {
		jd, _ := json.Marshal(map[string]any{"url": "http://r.example", "project": project})
		return settings.Load(backend.DataSourceInstanceSettings{JSONData: jd, DecryptedSecureJSONData: map[string]string{"apiKey": "k"}})
	}
	s, err := settings.Load(backend.DataSourceInstanceSettings{JSONData: []byte(`{"url":"http://r.example"}`), DecryptedSecureJSONData: map[string]string{"apiKey": "k"}})
	if err != nil || s.Project != "" {
		t.Fatalf("no project setting: %q, %v (want all projects)", s.Project, err)
	}
	for in, want := range map[string]string{
		"":                       "",
		"   ":                    "",
		"ops":                    "ops",
		" shop ":                 "shop",
		"web-shop_2":             "web-shop_2",
		"2fa-rollout":            "2fa-rollout", // Redmine accepts identifiers that start with a digit
		"42":                     "42",          // a numeric project id
		strings.Repeat("a", 100): strings.Repeat("a", 100),
	} {
		s, err := load(in)
		if err != nil || s.Project != want {
			t.Errorf("project %q: got %q, %v; want %q", in, s.Project, err, want)
		}
	}
	for _, bad := range []string{"Ops", "web shop", "shop/eu", "ops?x=1", "café", strings.Repeat("a", 101)} {
		_, err := load(bad)
		if err == nil || !settings.IsSettingsError(err) {
			t.Errorf("project %q: err = %v, want a settings error", bad, err)
			continue
		}
		msg := err.Error()
		if !strings.HasPrefix(msg, "Project ") || !strings.Contains(msg, strconv.Quote(bad)) || !strings.HasSuffix(msg, ".") || strings.Contains(msg, ". ") {
			t.Errorf("project %q: want one sentence naming the setting and the value, got %q", bad, msg)
		}
	}
	if _, err := load("Ops"); err == nil || err.Error() != `Project "Ops" is not a Redmine project identifier: enter the identifier from the project's URL (/projects/<identifier>: lower-case letters, digits, - and _, at most 100 characters) or its numeric id, or leave it empty for all projects.` {
		t.Errorf("message: %v", err)
	}
}

func TestMappings(t *testing.T) {
	key := map[string]string{"apiKey": "k"}
	s, err := settings.Load(instance(`{"url":"http://r","mappings":[{"from":"labels","prefix":"service:","to":"service"},{"from":"labels","prefix":"severity::","to":"severity"}]}`, "", key))
	if err != nil || len(s.Mappings) != 2 || s.Mappings[0].Prefix != "service:" || s.Mappings[1].To != "severity" {
		t.Fatalf("mappings %+v, %v", s.Mappings, err)
	}
	_, err = settings.Load(instance(`{"url":"http://r","mappings":[{"from":"labels","to":"title"}]}`, "", key))
	if err == nil || !settings.IsSettingsError(err) || !strings.Contains(err.Error(), `The field mappings setting is not valid: mapping rule 1 writes "title"`) {
		t.Errorf("a rule writing a fixed field: %v", err)
	}
}

func TestFingerprintChangesWithWhatDecidesTheTickets(t *testing.T) {
	key := map[string]string{"apiKey": "k1"}
	fp := func(jsonData string, secure map[string]string) string {
		s, err := settings.Load(instance(jsonData, "", secure))
		if err != nil {
			t.Fatal(err)
		}
		return s.Fingerprint
	}
	base := fp(`{"url":"http://r","project":"ops","pollIntervalSeconds":30}`, key)
	for name, c := range map[string]struct {
		jsonData string
		secure   map[string]string
		same     bool
	}{
		"another poll interval": {`{"url":"http://r","project":"ops","pollIntervalSeconds":60}`, key, true},
		"other backfill slices": {`{"url":"http://r","project":"ops","pollIntervalSeconds":30,"backfillSlices":8}`, key, true},
		"field names":           {`{"url":"http://r","project":"ops","pollIntervalSeconds":30,"fields":[{"key":"service","name":"Svc"}]}`, key, true},
		"another project":       {`{"url":"http://r","project":"shop","pollIntervalSeconds":30}`, key, false},
		"another URL":           {`{"url":"http://r2","project":"ops","pollIntervalSeconds":30}`, key, false},
		"a mapping rule":        {`{"url":"http://r","project":"ops","mappings":[{"from":"labels","to":"service"}]}`, key, false},
		"another API key":       {`{"url":"http://r","project":"ops","pollIntervalSeconds":30}`, map[string]string{"apiKey": "k2"}, false},
	} {
		if got := fp(c.jsonData, c.secure); (got == base) != c.same {
			t.Errorf("%s: fingerprint same=%v, want %v", name, got == base, c.same)
		}
	}
	if strings.Contains(base, "k1") {
		t.Error("the fingerprint holds the key")
	}
}

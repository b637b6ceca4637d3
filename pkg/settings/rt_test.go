package settings_test

import (
	"strings"
	"testing"

	"github.com/spacetime/tickets/pkg/settings"
)

func TestLoadRT(t *testing.T) {
	token := map[string]string{"authToken": "1-35-abcdef0123456789"}
	tests := []struct {
		name, jsonData string
		secure         map[string]string
		wantErr        string
		check          func(t *testing.T, r settings.RT)
	}{
		{"token with a scope and the severity field", `{"system":"rt","url":"https://rt.example.com","ticketSQL":" Queue = 'Ops' ","severityField":"Severity"}`, token, "",
			func(t *testing.T, r settings.RT) {
				if r.Secret != token["authToken"] || r.Username != "" || r.TicketSQL != "Queue = 'Ops'" || r.SeverityField != "Severity" {
					t.Errorf("settings: %+v", r)
				}
			}},
		{"basic", `{"system":"rt","url":"https://rt.example.com/rt","authType":"basic","username":"ops"}`, map[string]string{"password": "pw-123"}, "",
			func(t *testing.T, r settings.RT) {
				if r.Username != "ops" || r.Secret != "pw-123" {
					t.Errorf("settings: %+v", r)
				}
			}},
		{"priority ranges", `{"system":"rt","url":"https://rt","priorityRanges":[{"name":"P4","from":0},{"name":" P1 ","from":75}]}`, token, "",
			func(t *testing.T, r settings.RT) {
				if len(r.PriorityRanges) != 2 || r.PriorityRanges[1] != (settings.RTPriorityRange{Name: "P1", From: 75}) {
					t.Errorf("ranges: %+v", r.PriorityRanges)
				}
			}},
		{"no token", `{"system":"rt","url":"https://rt"}`, map[string]string{"apiKey": "redmine's"}, "The auth token setting is missing: create one in Request Tracker under Logged in as → Settings → Auth Tokens", nil},
		{"basic without user", `{"system":"rt","url":"https://rt","authType":"basic"}`, map[string]string{"password": "x"}, "The user name setting is missing: enter the Request Tracker user name for basic authentication, or use an auth token.", nil},
		{"basic without password", `{"system":"rt","url":"https://rt","authType":"basic","username":"ops"}`, token, `The password setting is missing: enter the password of Request Tracker user "ops".`, nil},
		{"unknown auth", `{"system":"rt","url":"https://rt","authType":"oauth"}`, token, `The authentication setting (authType) "oauth" is not supported: use "token" (auth token) or "basic"`, nil},
		{"ranges out of order", `{"system":"rt","url":"https://rt","priorityRanges":[{"name":"High","from":50},{"name":"Low","from":0}]}`, token,
			"Priority range 2 (Low) starts at 0, not above range 1 (High, from 50): list the ranges from the lowest priority up.", nil},
		{"range without name", `{"system":"rt","url":"https://rt","priorityRanges":[{"name":"","from":10}]}`, token, "Priority range 1 has no name", nil},
		{"missing url names the form", `{"system":"rt"}`, token, "enter the Request Tracker URL (like https://rt.example.com)", nil},
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
			tt.check(t, s.RT)
			if got := s.Redact("token " + s.RT.Secret + " here"); strings.Contains(got, s.RT.Secret) {
				t.Errorf("Redact kept the secret: %s", got)
			}
		})
	}
}

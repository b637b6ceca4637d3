package settings_test

import (
	"strings"
	"testing"

	"github.com/spacetime/tickets/pkg/settings"
)

func TestLoadServiceNow(t *testing.T) {
	tests := []struct {
		name, jsonData string
		secure         map[string]string
		wantErr        string
		check          func(t *testing.T, s settings.Settings)
	}{
		{"basic, default table", `{"system":"servicenow","url":"https://dev1.service-now.com","username":"spacetime","query":"active=true^priority<=2^"}`,
			map[string]string{"password": "pw-123"}, "", func(t *testing.T, s settings.Settings) {
				if sn := s.ServiceNow; sn.Table != "incident" || sn.OAuth || sn.Username != "spacetime" || sn.Secret != "pw-123" || sn.Query != "active=true^priority<=2" {
					t.Errorf("%+v", sn)
				}
			}},
		{"oauth", `{"system":"servicenow","url":"https://dev1.service-now.com","authType":"oauth","clientId":"abc","table":"u_outage"}`,
			map[string]string{"clientSecret": "cs-123"}, "", func(t *testing.T, s settings.Settings) {
				if sn := s.ServiceNow; !sn.OAuth || sn.ClientID != "abc" || sn.Secret != "cs-123" || sn.Table != "u_outage" {
					t.Errorf("%+v", sn)
				}
			}},
		{"no user", `{"system":"servicenow","url":"https://d"}`, map[string]string{"password": "x"}, "The user name setting is missing", nil},
		{"no password", `{"system":"servicenow","url":"https://d","username":"me"}`, nil, `The password setting is missing: enter the password of ServiceNow user "me".`, nil},
		{"no client secret", `{"system":"servicenow","url":"https://d","authType":"oauth","clientId":"abc"}`, nil, `The OAuth client secret setting is missing`, nil},
		{"bad table", `{"system":"servicenow","url":"https://d","username":"me","table":"Incident Table"}`, map[string]string{"password": "x"}, `The table setting "Incident Table" is not a ServiceNow table name`, nil},
		{"NQ in query", `{"system":"servicenow","url":"https://d","username":"me","query":"active=true^NQpriority=1"}`, map[string]string{"password": "x"}, `contains ^NQ or ORDERBY`, nil},
		{"ORDERBY in query", `{"system":"servicenow","url":"https://d","username":"me","query":"active=true^ORDERBYnumber"}`, map[string]string{"password": "x"}, `contains ^NQ or ORDERBY`, nil},
		{"missing URL names the instance form", `{"system":"servicenow","username":"me"}`, map[string]string{"password": "x"}, "enter the ServiceNow URL (like https://your-instance.service-now.com)", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { runLoad(t, tt.jsonData, tt.secure, tt.wantErr, tt.check) })
	}
}

func TestLoadPagerDuty(t *testing.T) {
	key := map[string]string{"apiKey": "u+pd-key-123"}
	tests := []struct {
		name, jsonData string
		secure         map[string]string
		wantErr        string
		check          func(t *testing.T, s settings.Settings)
	}{
		{"US by default", `{"system":"pagerduty"}`, key, "", func(t *testing.T, s settings.Settings) {
			if s.URL != "https://api.pagerduty.com" || s.PagerDuty.Region != "us" || s.PagerDuty.APIKey != "u+pd-key-123" {
				t.Errorf("%s %+v", s.URL, s.PagerDuty)
			}
		}},
		{"EU", `{"system":"pagerduty","region":"eu","serviceIds":[" PABC123 "],"teamIds":["PTEAM01"]}`, key, "", func(t *testing.T, s settings.Settings) {
			if s.URL != "https://api.eu.pagerduty.com" || s.PagerDuty.ServiceIDs[0] != "PABC123" || s.PagerDuty.TeamIDs[0] != "PTEAM01" {
				t.Errorf("%s %+v", s.URL, s.PagerDuty)
			}
		}},
		{"a URL overrides the region", `{"system":"pagerduty","url":"https://pd-proxy.example.com"}`, key, "", func(t *testing.T, s settings.Settings) {
			if s.URL != "https://pd-proxy.example.com" {
				t.Errorf("%s", s.URL)
			}
		}},
		{"unknown region", `{"system":"pagerduty","region":"apac"}`, key, `The service region setting "apac" is not a PagerDuty region`, nil},
		{"bad service id", `{"system":"pagerduty","serviceIds":["checkout"]}`, key, `The service ids setting's entry 1 ("checkout") is not a PagerDuty id`, nil},
		{"no key", `{"system":"pagerduty"}`, nil, "The API key setting is missing: create a read-only REST API key", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { runLoad(t, tt.jsonData, tt.secure, tt.wantErr, tt.check) })
	}
}

func runLoad(t *testing.T, jsonData string, secure map[string]string, wantErr string, check func(*testing.T, settings.Settings)) {
	t.Helper()
	s, err := settings.Load(instance(jsonData, "", secure))
	if wantErr != "" {
		if err == nil || !strings.Contains(err.Error(), wantErr) || !settings.IsSettingsError(err) {
			t.Fatalf("err = %v, want it to contain %q", err, wantErr)
		}
		return
	}
	if err != nil {
		t.Fatal(err)
	}
	check(t, s)
	for _, v := range secure {
		if got := s.Redact("secret " + v + " here"); strings.Contains(got, v) {
			t.Errorf("Redact kept the secret: %s", got)
		}
	}
}

func TestLoadJSONAPI(t *testing.T) {
	spec := `{"urlTemplate":"/api/tickets?since={since}","paging":{"style":"offset","size":50},"root":"data","fields":{"id":"id","opened":"created_at"},"closed":{"path":"status","in":["closed"]},"auth":{"type":"bearer"}}`
	tests := []struct {
		name, jsonData string
		secure         map[string]string
		wantErr        string
		check          func(t *testing.T, s settings.Settings)
	}{
		{"bearer", `{"system":"jsonapi","url":"https://t.example.com","jsonApi":` + spec + `}`, map[string]string{"token": "tok-123"}, "", func(t *testing.T, s settings.Settings) {
			if s.JSONAPI.Secret != "tok-123" || s.JSONAPI.Spec.Paging.Size != 50 || s.JSONAPI.Spec.Fields.ID != "id" {
				t.Errorf("%+v", s.JSONAPI)
			}
		}},
		{"no spec", `{"system":"jsonapi","url":"https://t.example.com"}`, nil, "The JSON API settings (jsonApi) are missing", nil},
		{"no token", `{"system":"jsonapi","url":"https://t.example.com","jsonApi":` + spec + `}`, nil, "The token setting is missing: the bearer authentication sends it", nil},
		{"spec error named", `{"system":"jsonapi","url":"https://t.example.com","jsonApi":{"urlTemplate":"/x","fields":{"id":"id"}}}`, nil, "The field mapping of opened is missing", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { runLoad(t, tt.jsonData, tt.secure, tt.wantErr, tt.check) })
	}
}

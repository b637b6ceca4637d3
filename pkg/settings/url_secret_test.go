package settings_test

import (
	"strings"
	"testing"

	"github.com/spacetime/tickets/pkg/settings"
)

// TestAURLThatIsRefusedIsNotEchoedWithItsPassword: Save & test and the logs show the settings error, so a
// URL refused for its scheme or its form must not come back with the password typed into it, or an API key in its query.
func TestAURLThatIsRefusedIsNotEchoedWithItsPassword(t *testing.T) {
	for _, raw := range []string{"ftp://ops:hunter2-secret@redmine.example", "https://ops:hunter2-secret@", "ops:hunter2-secret@redmine.example", "redmine.example/?key=hunter2-secret"} {
		_, err := settings.Load(instance(`{"url":"`+raw+`","system":"redmine"}`, "", map[string]string{"apiKey": "k"}))
		if err == nil {
			t.Fatalf("%s was accepted", raw)
		}
		if strings.Contains(err.Error(), "hunter2-secret") {
			t.Errorf("%s: the error shows the password: %v", raw, err)
		}
		if !strings.Contains(err.Error(), "URL setting") {
			t.Errorf("%s: the error does not name the URL setting: %v", raw, err)
		}
	}
}

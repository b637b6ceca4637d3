package settings_test

import (
	"strings"
	"testing"

	"github.com/spacetime/tickets/pkg/settings"
)

// TestAJSONAPITemplateOnAnotherSiteIsRefusedByName: the client never sends the credential to another site,
// so such a template could only fail later as "a next-page link to another site"; Save & test names the
// URL template setting instead.
func TestAJSONAPITemplateOnAnotherSiteIsRefusedByName(t *testing.T) {
	spec := `{"urlTemplate":"https://elsewhere.example/api/tickets?since={since}","root":"items","fields":{"id":"id","opened":"created","updated":"updated"},"closed":{"path":"closed_at","present":true},"auth":{"type":"bearer"}}`
	_, err := settings.Load(instance(`{"system":"jsonapi","url":"https://tracker.example","jsonApi":`+spec+`}`, "", map[string]string{"token": "t0ken"}))
	if err == nil || !strings.Contains(err.Error(), "URL template") || !strings.Contains(err.Error(), "elsewhere.example") {
		t.Fatalf("a template on another site: %v", err)
	}
	same := strings.Replace(spec, "elsewhere.example", "tracker.example", 1)
	if _, err := settings.Load(instance(`{"system":"jsonapi","url":"https://tracker.example","jsonApi":`+same+`}`, "", map[string]string{"token": "t0ken"})); err != nil {
		t.Fatalf("a template on the URL's site: %v", err)
	}
}

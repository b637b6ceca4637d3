package settings

import (
	"encoding/json"
	"net/url"
	"regexp"
	"strings"

	"github.com/spacetime/tickets/pkg/connector/jsonapi"
)

// SystemJSONAPI reads any JSON API as the jsonApi setting describes it.
const SystemJSONAPI = "jsonapi"

// JSONAPI is a JSON API's own settings.
//
// jsonData:       { "jsonApi": { "urlTemplate", "paging", "root", "fields", "dimensions", "closed", "auth", … } }
//
//	(jsonapi.Spec; the presets in pkg/connector/jsonapi/presets fill it)
//
// secureJsonData: { "token" } (bearer), { "password" } (basic) or { "apiKey" } (header or query).
type JSONAPI struct {
	Spec jsonapi.Spec
	// Secret is the token, password or API key. It must never be logged or returned.
	Secret string `json:"-"`
}

// placeholders are the URL template's {since}, {page}… (replaced before the template is parsed as a URL).
var placeholders = regexp.MustCompile(`\{[a-z]+\}`)

func loadJSONAPI(raw json.RawMessage, secure map[string]string, s *Settings) error {
	var jd struct {
		Spec *jsonapi.Spec `json:"jsonApi"`
	}
	if err := decodeOwn(raw, &jd); err != nil {
		return err
	}
	if jd.Spec == nil {
		return errorf("The JSON API settings (jsonApi) are missing: choose a preset or enter the URL template, paging and field mapping.")
	}
	if err := jd.Spec.Validate(); err != nil {
		return &Error{msg: err.Error()}
	}
	if tpl := jd.Spec.URLTemplate; strings.HasPrefix(tpl, "http://") || strings.HasPrefix(tpl, "https://") {
		// The client sends the credential to the URL's site only: say so now, not as a failed next page.
		u, err := url.Parse(placeholders.ReplaceAllString(tpl, "x"))
		base, _ := url.Parse(s.URL)
		if err != nil || base == nil || !strings.EqualFold(u.Scheme, base.Scheme) || !strings.EqualFold(u.Host, base.Host) {
			return errorf("The URL template %q is on another site than the URL setting (%s): make it relative to the URL (like /api/tickets?since={since}), or change the URL.", ShownURL(tpl), s.URL)
		}
	}
	j := JSONAPI{Spec: *jd.Spec}
	if key := jd.Spec.Auth.SecretKey(); key != "" {
		if j.Secret = secret(secure, key); j.Secret == "" {
			return errorf("The %s setting is missing: the %s authentication sends it with every request.",
				map[string]string{"token": "token", "password": "password", "apiKey": "API key"}[key], jd.Spec.Auth.Type)
		}
	}
	s.JSONAPI = j
	return nil
}

package settings

import (
	"encoding/json"
	"regexp"
	"strings"
)

// SystemPagerDuty reads PagerDuty incidents through REST API v2.
const SystemPagerDuty = "pagerduty"

// PagerDuty service regions and their API URLs.
var pagerDutyRegions = map[string]string{"us": "https://api.pagerduty.com", "eu": "https://api.eu.pagerduty.com"}

// PagerDuty is a PagerDuty account's own settings.
//
// jsonData:       { "region": "us" | "eu", "serviceIds": ["PABC123"], "teamIds": ["PTEAM01"] } (the URL
//
//	setting, when empty, is the region's API URL)
//
// secureJsonData: { "apiKey" }.
type PagerDuty struct {
	Region              string
	ServiceIDs, TeamIDs []string
	// APIKey is the REST API key. It must never be logged or returned.
	APIKey string `json:"-"`
}

var pagerDutyID = regexp.MustCompile(`^[A-Z0-9]{5,20}$`)

type pagerDutyJSON struct {
	Region     string   `json:"region"`
	ServiceIDs []string `json:"serviceIds"`
	TeamIDs    []string `json:"teamIds"`
}

func pagerDutyRegion(raw json.RawMessage) (string, error) {
	var jd pagerDutyJSON
	if err := decodeOwn(raw, &jd); err != nil {
		return "", err
	}
	region := strings.ToLower(strings.TrimSpace(jd.Region))
	if region == "" {
		region = "us"
	}
	if _, ok := pagerDutyRegions[region]; !ok {
		return "", errorf("The service region setting %q is not a PagerDuty region: use us (api.pagerduty.com) or eu (api.eu.pagerduty.com).", jd.Region)
	}
	return region, nil
}

// pagerDutyURL is the region's API URL, the URL setting's default.
func pagerDutyURL(raw json.RawMessage) string {
	region, err := pagerDutyRegion(raw)
	if err != nil {
		return pagerDutyRegions["us"] // a placeholder: loadPagerDuty then names the region that is wrong
	}
	return pagerDutyRegions[region]
}

func loadPagerDuty(raw json.RawMessage, secure map[string]string, s *Settings) error {
	region, err := pagerDutyRegion(raw)
	if err != nil {
		return err
	}
	var jd pagerDutyJSON
	_ = decodeOwn(raw, &jd)
	pd := PagerDuty{Region: region}
	for name, ids := range map[string][]string{"service ids": jd.ServiceIDs, "team ids": jd.TeamIDs} {
		for i, id := range ids {
			id = strings.TrimSpace(id)
			if !pagerDutyID.MatchString(id) {
				return errorf("The %s setting's entry %d (%q) is not a PagerDuty id: copy it from the service's or team's URL (like PABC123).", name, i+1, id)
			}
		}
	}
	pd.ServiceIDs, pd.TeamIDs = trimAll(jd.ServiceIDs), trimAll(jd.TeamIDs)
	if pd.APIKey = secret(secure, "apiKey"); pd.APIKey == "" {
		return errorf("The API key setting is missing: create a read-only REST API key in PagerDuty (Integrations → API Access Keys) and enter it in the datasource settings.")
	}
	s.PagerDuty = pd
	return nil
}

func trimAll(in []string) []string {
	var out []string
	for _, v := range in {
		out = append(out, strings.TrimSpace(v))
	}
	return out
}

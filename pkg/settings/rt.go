package settings

import (
	"encoding/json"
	"strings"
)

// SystemRT reads Request Tracker 5's REST2 API.
const SystemRT = "rt"

// RT auth kinds.
const (
	RTAuthToken = "token"
	RTAuthBasic = "basic"
)

// RT is a Request Tracker's own settings.
//
// jsonData:       { "authType": "token" | "basic", "username": "me" (basic), "ticketSQL": "Queue = 'Ops'",
//
//	"severityField": "Severity" (severity from this custom field; empty: from the priority),
//	"priorityRanges": [{"name":"Low","from":0},{"name":"Medium","from":50},{"name":"High","from":100}] }
//
// secureJsonData: { "authToken" } (token) or { "password" } (basic).
type RT struct {
	// Username is set for Basic authentication; otherwise Secret is an auth token.
	Username string
	// Secret is the auth token or password. It must never be logged or returned.
	Secret string `json:"-"`
	// TicketSQL is the optional scope ANDed to every search.
	TicketSQL string
	// SeverityField names the custom field holding the severity ("" reads the priority by PriorityRanges).
	SeverityField  string
	PriorityRanges []RTPriorityRange
}

// RTPriorityRange names the priorities from From up to the next range's From.
type RTPriorityRange struct {
	Name string `json:"name"`
	From int    `json:"from"`
}

func loadRT(raw json.RawMessage, secure map[string]string, s *Settings) error {
	var jd struct {
		AuthType       string            `json:"authType"`
		Username       string            `json:"username"`
		TicketSQL      string            `json:"ticketSQL"`
		SeverityField  string            `json:"severityField"`
		PriorityRanges []RTPriorityRange `json:"priorityRanges"`
	}
	if err := decodeOwn(raw, &jd); err != nil {
		return err
	}
	r := RT{TicketSQL: strings.TrimSpace(jd.TicketSQL), SeverityField: strings.TrimSpace(jd.SeverityField)}
	switch strings.TrimSpace(jd.AuthType) {
	case "", RTAuthToken:
		if r.Secret = secret(secure, "authToken"); r.Secret == "" {
			return errorf("The auth token setting is missing: create one in Request Tracker under Logged in as → Settings → Auth Tokens and enter it in the datasource settings.")
		}
	case RTAuthBasic:
		if r.Username = strings.TrimSpace(jd.Username); r.Username == "" {
			return errorf("The user name setting is missing: enter the Request Tracker user name for basic authentication, or use an auth token.")
		}
		if r.Secret = secret(secure, "password"); r.Secret == "" {
			return errorf("The password setting is missing: enter the password of Request Tracker user %q.", r.Username)
		}
	default:
		return errorf("The authentication setting (authType) %q is not supported: use %q (auth token) or %q (user name and password).", jd.AuthType, RTAuthToken, RTAuthBasic)
	}
	for i, p := range jd.PriorityRanges {
		if strings.TrimSpace(p.Name) == "" {
			return errorf("Priority range %d has no name: enter the severity name for priorities from %d, or remove the range.", i+1, p.From)
		}
		if i > 0 && p.From <= jd.PriorityRanges[i-1].From {
			return errorf("Priority range %d (%s) starts at %d, not above range %d (%s, from %d): list the ranges from the lowest priority up.", i+1, p.Name, p.From, i, jd.PriorityRanges[i-1].Name, jd.PriorityRanges[i-1].From)
		}
		jd.PriorityRanges[i].Name = strings.TrimSpace(p.Name)
	}
	r.PriorityRanges = jd.PriorityRanges
	s.RT = r
	return nil
}

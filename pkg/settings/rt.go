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
	RTAuthBasic = authBasic
)

var rtAuth = tokenOrPassword{system: "Request Tracker", token: RTAuthToken, tokenName: "auth token", tokenKey: "authToken",
	tokenWhere: "Logged in as → Settings → Auth Tokens"}

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
	var err error
	if r.Username, r.Secret, err = rtAuth.load(jd.AuthType, jd.Username, secure); err != nil {
		return err
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

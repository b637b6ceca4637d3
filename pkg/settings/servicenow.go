package settings

import (
	"encoding/json"
	"regexp"
	"strings"
)

// SystemServiceNow reads a ServiceNow table through the Table API.
const SystemServiceNow = "servicenow"

// ServiceNow auth kinds.
const (
	ServiceNowAuthBasic = "basic"
	ServiceNowAuthOAuth = "oauth"
)

// ServiceNow is a ServiceNow instance's own settings.
//
// jsonData:       { "table": "incident", "authType": "basic" | "oauth", "username": "spacetime" (basic),
//
//	"clientId": "3e57…" (oauth), "query": "active=true^priority<=2" }
//
// secureJsonData: { "password" } (basic) or { "clientSecret" } (oauth).
type ServiceNow struct {
	Table, Query string
	OAuth        bool
	// Username (basic) or ClientID (OAuth) identifies the account.
	Username, ClientID string
	// Secret is the password or the client secret. It must never be logged or returned.
	Secret string `json:"-"`
}

var (
	tableName = regexp.MustCompile(`^[a-z][a-z0-9_]{0,79}$`)
	nqOrOrder = regexp.MustCompile(`\^NQ|(^|\^)ORDERBY`)
)

func loadServiceNow(raw json.RawMessage, secure map[string]string, s *Settings) error {
	var jd struct {
		Table    string `json:"table"`
		AuthType string `json:"authType"`
		Username string `json:"username"`
		ClientID string `json:"clientId"`
		Query    string `json:"query"`
	}
	if err := decodeOwn(raw, &jd); err != nil {
		return err
	}
	sn := ServiceNow{Table: strings.TrimSpace(jd.Table), Query: strings.Trim(strings.TrimSpace(jd.Query), "^")}
	if sn.Table == "" {
		sn.Table = "incident"
	}
	if !tableName.MatchString(sn.Table) {
		return errorf("The table setting %q is not a ServiceNow table name: enter the table's name (like incident, or a task table such as u_outage), lower-case letters, digits and _.", jd.Table)
	}
	if nqOrOrder.MatchString(sn.Query) {
		return errorf("The encoded query setting %q contains ^NQ or ORDERBY: leave them out (Spacetime ANDs the query to its own and orders its listings itself); write alternatives with ^OR.", sn.Query)
	}
	switch strings.TrimSpace(jd.AuthType) {
	case "", ServiceNowAuthBasic:
		if sn.Username = strings.TrimSpace(jd.Username); sn.Username == "" {
			return errorf("The user name setting is missing: enter the ServiceNow user for basic authentication (with the itil or rest_api_explorer role), or use OAuth.")
		}
		if sn.Secret = secret(secure, "password"); sn.Secret == "" {
			return errorf("The password setting is missing: enter the password of ServiceNow user %q.", sn.Username)
		}
	case ServiceNowAuthOAuth:
		sn.OAuth = true
		if sn.ClientID = strings.TrimSpace(jd.ClientID); sn.ClientID == "" {
			return errorf("The OAuth client id setting is missing: create an OAuth API endpoint for external clients (System OAuth → Application Registry) with the client credentials grant and enter its client id.")
		}
		if sn.Secret = secret(secure, "clientSecret"); sn.Secret == "" {
			return errorf("The OAuth client secret setting is missing: enter the client secret of OAuth client %q.", sn.ClientID)
		}
	default:
		return errorf("The authentication setting (authType) %q is not supported: use %q (user name and password) or %q (OAuth client credentials).", jd.AuthType, ServiceNowAuthBasic, ServiceNowAuthOAuth)
	}
	s.ServiceNow = sn
	return nil
}

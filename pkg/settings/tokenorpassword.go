package settings

import "strings"

// authBasic is the authType of a user name and password, for every system that also takes a token.
const authBasic = "basic"

// tokenOrPassword is the authType setting of a system that takes a token or a user name and password
// (Request Tracker, Jira Data Center).
type tokenOrPassword struct {
	system string // "Request Tracker"
	// token is the authType of the token ("" means it too), tokenName its name ("auth token"), tokenKey its
	// secureJsonData key, tokenWhere where the user creates one.
	token, tokenName, tokenKey, tokenWhere string
}

// load returns the user name ("" with a token) and the secret, or an error that names the missing setting.
func (a tokenOrPassword) load(authType, username string, secure map[string]string) (user, pass string, err error) {
	switch strings.TrimSpace(authType) {
	case "", a.token:
		if pass = secret(secure, a.tokenKey); pass == "" {
			return "", "", errorf("The %s setting is missing: create one in %s under %s and enter it in the datasource settings.", a.tokenName, a.system, a.tokenWhere)
		}
		return "", pass, nil
	case authBasic:
		if user = strings.TrimSpace(username); user == "" {
			article := "a"
			if strings.ContainsRune("aeiou", rune(a.tokenName[0])) {
				article = "an"
			}
			return "", "", errorf("The user name setting is missing: enter the %s user name for basic authentication, or use %s %s.", a.system, article, a.tokenName)
		}
		if pass = secret(secure, "password"); pass == "" {
			return "", "", errorf("The password setting is missing: enter the password of %s user %q.", a.system, user)
		}
		return user, pass, nil
	}
	return "", "", errorf("The authentication setting (authType) %q is not supported: use %q (%s) or %q (user name and password).",
		authType, a.token, a.tokenName, authBasic)
}

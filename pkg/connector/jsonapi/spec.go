// Package jsonapi is the connector for any ticket system with a JSON API (Zendesk, YouTrack, an in-house
// tracker, an HTTP JSON export): the settings describe the request (a URL template), the paging, where the
// tickets are in the answer and how each ticket field and dimension is read, all written as GJSON paths
// (github.com/tidwall/gjson, the path syntax Grafana's Infinity datasource users know). No path language of
// its own.
package jsonapi

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// Spec is the whole description of one JSON API (jsonData.jsonApi). A preset is a Spec in presets/*.json.
type Spec struct {
	// URLTemplate is the listing's path and query relative to the URL setting (or an absolute URL on the
	// same site), with placeholders {since}, {from}, {to}, {page} and {cursor}.
	URLTemplate string `json:"urlTemplate"`
	// QueryTimeFormats is the format of each time placeholder (since, from, to): rfc3339 (default),
	// epoch_s, epoch_ms, or a Go layout such as "2006-01-02 15:04:05" (written in UTC).
	QueryTimeFormats map[string]string `json:"queryTimeFormats,omitempty"`
	Paging           Paging            `json:"paging"`
	// Root is the GJSON path of the array of tickets in the answer ("" or "@this": the answer is the array).
	Root   string `json:"root"`
	Fields Fields `json:"fields"`
	// TimeFormat is the format of the tickets' times: "" (RFC 3339 and the common forms, or epoch seconds or
	// milliseconds when a number), epoch_s, epoch_ms, or a Go layout (read in UTC unless it has a zone).
	TimeFormat string          `json:"timeFormat,omitempty"`
	Dimensions []DimensionSpec `json:"dimensions,omitempty"`
	// Closed decides the state: closed when the value at Closed.Path is one of Closed.In, or (Present) when
	// the path has a value.
	Closed Rule `json:"closed"`
	// Deleted, if set, marks tickets the API lists as deleted (Zendesk's status "deleted"): they are dropped.
	Deleted *Rule `json:"deleted,omitempty"`
	// TicketURL builds a ticket's link when Fields.URL is empty: "{url}/agent/tickets/{id}".
	TicketURL string `json:"ticketUrl,omitempty"`
	// Severities are the severity values least severe first (optional: orders the severity charts).
	Severities []string `json:"severities,omitempty"`
	Auth       AuthSpec `json:"auth"`
}

// Paging styles.
const (
	PagingNone    = "none"
	PagingOffset  = "offset"
	PagingPage    = "page"
	PagingLink    = "link"
	PagingNextURL = "nextUrl"
	PagingCursor  = "cursor"
)

// PagingStyles lists the styles in the order the editor offers them.
var PagingStyles = []string{PagingNone, PagingOffset, PagingPage, PagingLink, PagingNextURL, PagingCursor}

// Paging says how the listing pages.
type Paging struct {
	Style string `json:"style"`
	// Size is the page size asked (LimitParam / SizeParam); 0 sends none.
	Size int `json:"size,omitempty"`
	// OffsetParam and LimitParam (offset: default offset and limit).
	OffsetParam string `json:"offsetParam,omitempty"`
	LimitParam  string `json:"limitParam,omitempty"`
	// PageParam and SizeParam (page: default page and per_page, unless the template has {page}); First is
	// the first page's number (default 1).
	PageParam string `json:"pageParam,omitempty"`
	SizeParam string `json:"sizeParam,omitempty"`
	First     int    `json:"first,omitempty"`
	// Next is the GJSON path of the next page's URL (nextUrl) or cursor (cursor).
	Next string `json:"next,omitempty"`
	// CursorParam is the query parameter the cursor goes in when the template has no {cursor} (default cursor).
	CursorParam string `json:"cursorParam,omitempty"`
	// End is the GJSON path of an end-of-stream flag (true on the last page).
	End string `json:"end,omitempty"`
	// Total is the GJSON path of the listing's total count (offset, page).
	Total string `json:"total,omitempty"`
}

// Fields are the GJSON paths of the ticket's fixed fields. ID and Opened are required.
type Fields struct {
	ID          string `json:"id"`
	Title       string `json:"title,omitempty"`
	Description string `json:"description,omitempty"`
	URL         string `json:"url,omitempty"`
	Severity    string `json:"severity,omitempty"`
	Status      string `json:"status,omitempty"`
	Opened      string `json:"opened"`
	Updated     string `json:"updated,omitempty"`
	Resolved    string `json:"resolved,omitempty"`
}

// DimensionSpec is one dimension read from a GJSON path; an array (or a path with #) gives several values.
type DimensionSpec struct {
	Key   string `json:"key"`
	Name  string `json:"name,omitempty"`
	Path  string `json:"path"`
	Multi bool   `json:"multi,omitempty"`
}

// Rule tests one value of a ticket.
type Rule struct {
	Path string `json:"path"`
	// In lists the values that match (compared without regard to case).
	In []string `json:"in,omitempty"`
	// Present matches when the path has a value (not missing, null or "").
	Present bool `json:"present,omitempty"`
}

// Auth kinds.
const (
	AuthNone   = "none"
	AuthBearer = "bearer"
	AuthBasic  = "basic"
	AuthHeader = "header"
	AuthQuery  = "query"
)

// AuthSpec says how requests authenticate. The secret (token, password or API key) is in secureJsonData.
type AuthSpec struct {
	Type string `json:"type"`
	// Username is Basic's user (Zendesk: "me@example.com/token").
	Username string `json:"username,omitempty"`
	// Header (header) or Param (query) names where the API key goes; Prefix goes before it in a header.
	Header string `json:"header,omitempty"`
	Param  string `json:"param,omitempty"`
	Prefix string `json:"prefix,omitempty"`
}

var (
	placeholder  = regexp.MustCompile(`\{([a-zA-Z]+)\}`)
	dimensionKey = regexp.MustCompile(`^[a-z][a-z0-9_]{0,63}$`)
	paramName    = regexp.MustCompile(`^[A-Za-z0-9_.\[\]$-]+$`)
	timeVars     = []string{"since", "from", "to"}
	allVars      = []string{"since", "from", "to", "page", "cursor"}
)

// ReservedKeys are the keys a dimension must not take: the ticket's fixed fields.
var ReservedKeys = []string{"id", "title", "description", "url", "severity", "status", "state", "opened", "updated", "resolved"}

// Validate checks the spec and returns one sentence naming the setting that is wrong.
func (s *Spec) Validate() error {
	if strings.TrimSpace(s.URLTemplate) == "" {
		return fmt.Errorf("The URL template setting is missing: enter the listing's path, like /api/tickets?updated_since={since}&page={page}.")
	}
	for _, m := range placeholder.FindAllStringSubmatch(s.URLTemplate, -1) {
		if !slices.Contains(allVars, m[1]) {
			return fmt.Errorf("The URL template has the placeholder {%s}: use {since}, {from}, {to}, {page} or {cursor}.", m[1])
		}
	}
	for name, f := range s.QueryTimeFormats {
		if !slices.Contains(timeVars, name) {
			return fmt.Errorf("The query time format setting names %q: only since, from and to are times.", name)
		}
		if err := checkTimeFormat(f); err != nil {
			return fmt.Errorf("The time format of {%s} %v.", name, err)
		}
	}
	if err := checkTimeFormat(s.TimeFormat); err != nil {
		return fmt.Errorf("The tickets' time format setting %v.", err)
	}
	if err := s.Paging.validate(s.URLTemplate); err != nil {
		return err
	}
	if strings.TrimSpace(s.Fields.ID) == "" {
		return fmt.Errorf("The field mapping of id is missing: enter the GJSON path of each ticket's id (like id).")
	}
	if strings.TrimSpace(s.Fields.Opened) == "" {
		return fmt.Errorf("The field mapping of opened is missing: enter the GJSON path of each ticket's creation time (like created_at).")
	}
	seen := map[string]bool{}
	for i, d := range s.Dimensions {
		at := fmt.Sprintf("Dimension %d", i+1)
		switch {
		case !dimensionKey.MatchString(d.Key):
			return fmt.Errorf("%s has the key %q: a key is lower-case letters, digits and _, starting with a letter (like service).", at, d.Key)
		case slices.Contains(ReservedKeys, d.Key):
			return fmt.Errorf("%s has the key %q, which a fixed field already uses (%s): choose another key.", at, d.Key, strings.Join(ReservedKeys, ", "))
		case seen[d.Key]:
			return fmt.Errorf("%s has the key %q, which another dimension already uses: keys must differ.", at, d.Key)
		case strings.TrimSpace(d.Path) == "":
			return fmt.Errorf("%s (%s) has no path: enter the GJSON path of its value (like custom_fields.#(id==360001).value).", at, d.Key)
		}
		seen[d.Key] = true
	}
	if err := s.Closed.validate("closed rule"); err != nil {
		return err
	}
	if s.Deleted != nil {
		if err := s.Deleted.validate("deleted rule"); err != nil {
			return err
		}
	}
	return s.Auth.validate()
}

func (r Rule) validate(name string) error {
	switch {
	case strings.TrimSpace(r.Path) == "":
		return fmt.Errorf("The %s has no path: enter the GJSON path of the value it tests (like status).", name)
	case !r.Present && len(r.In) == 0:
		return fmt.Errorf("The %s tests %s but lists no values: enter the values that count (like solved, closed), or choose \"the field has a value\".", name, r.Path)
	}
	return nil
}

func (p Paging) validate(tpl string) error {
	style := p.Style
	if style == "" {
		style = PagingNone
	}
	if !slices.Contains(PagingStyles, style) {
		return fmt.Errorf("The paging style setting %q is not one of %s.", p.Style, strings.Join(PagingStyles, ", "))
	}
	for _, n := range []string{p.OffsetParam, p.LimitParam, p.PageParam, p.SizeParam, p.CursorParam} {
		if n != "" && !paramName.MatchString(n) {
			return fmt.Errorf("The paging parameter name %q is not a query parameter name (letters, digits, _ . - [ ] $).", n)
		}
	}
	if p.Size < 0 || p.Size > 10000 {
		return fmt.Errorf("The page size setting must be between 1 and 10,000, got %d.", p.Size)
	}
	if (style == PagingNextURL || style == PagingCursor) && strings.TrimSpace(p.Next) == "" {
		return fmt.Errorf("The %s paging style needs the GJSON path of the next page's %s in the answer (the next setting, like %s).",
			style, map[string]string{PagingNextURL: "URL", PagingCursor: "cursor"}[style], map[string]string{PagingNextURL: "links.next", PagingCursor: "meta.after_cursor"}[style])
	}
	if strings.Contains(tpl, "{page}") && style != PagingPage {
		return fmt.Errorf("The URL template has {page}, which only the page paging style fills: choose page paging or remove {page}.")
	}
	if strings.Contains(tpl, "{cursor}") && style != PagingCursor {
		return fmt.Errorf("The URL template has {cursor}, which only the cursor paging style fills: choose cursor paging or remove {cursor}.")
	}
	return nil
}

func (a AuthSpec) validate() error {
	switch a.Type {
	case "", AuthNone, AuthBearer:
	case AuthBasic:
		if strings.TrimSpace(a.Username) == "" {
			return fmt.Errorf("The user name setting is missing: basic authentication needs a user name.")
		}
	case AuthHeader:
		if !paramName.MatchString(a.Header) {
			return fmt.Errorf("The API key header setting %q is not a header name: enter one like X-API-Key.", a.Header)
		}
	case AuthQuery:
		if !paramName.MatchString(a.Param) {
			return fmt.Errorf("The API key parameter setting %q is not a query parameter name: enter one like api_key.", a.Param)
		}
	default:
		return fmt.Errorf("The authentication setting %q is not supported: use none, bearer, basic, header or query.", a.Type)
	}
	return nil
}

// SecretKey is the secureJsonData key an auth kind reads ("" for none).
func (a AuthSpec) SecretKey() string {
	switch a.Type {
	case AuthBearer:
		return "token"
	case AuthBasic:
		return "password"
	case AuthHeader, AuthQuery:
		return "apiKey"
	}
	return ""
}

package jiratest

import (
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// The replay server's JQL: the subset Spacetime's queries and typical scopes use (AND, OR, NOT, parentheses;
// = != > >= < <= in, not in, is EMPTY; ORDER BY), with Jira's error sentences for unknown fields, unknown
// projects, unknown issue ids, invalid dates and syntax errors. Dates are read in the API user's time zone,
// to the minute, as Jira does.

type jqlError struct{ msg string }

func (e *jqlError) Error() string { return e.msg }

func jqlErrorf(format string, a ...any) error { return &jqlError{fmt.Sprintf(format, a...)} }

type token struct {
	text   string
	quoted bool
}

func tokenize(q string) ([]token, error) {
	var out []token
	rs := []rune(q)
	for i := 0; i < len(rs); {
		r := rs[i]
		switch {
		case unicode.IsSpace(r):
			i++
		case r == '"' || r == '\'':
			j := i + 1
			var b strings.Builder
			for j < len(rs) && rs[j] != r {
				if rs[j] == '\\' && j+1 < len(rs) {
					j++
				}
				b.WriteRune(rs[j])
				j++
			}
			if j >= len(rs) {
				return nil, jqlErrorf("Error in the JQL Query: The quoted string '%s' has not been completed.", string(rs[i+1:]))
			}
			out = append(out, token{text: b.String(), quoted: true})
			i = j + 1
		case strings.ContainsRune("(),", r):
			out = append(out, token{text: string(r)})
			i++
		case strings.ContainsRune("=!<>~", r):
			j := i + 1
			for j < len(rs) && strings.ContainsRune("=<>~", rs[j]) {
				j++
			}
			out = append(out, token{text: string(rs[i:j])})
			i = j
		default:
			j := i
			for j < len(rs) && !unicode.IsSpace(rs[j]) && !strings.ContainsRune("(),=!<>~\"'", rs[j]) {
				j++
			}
			out = append(out, token{text: string(rs[i:j])})
			i = j
		}
	}
	return out, nil
}

type pred func(*Issue) bool

type order struct {
	field string
	desc  bool
}

type jqlParser struct {
	toks []token
	pos  int
	s    *Server
	loc  *time.Location
}

func (p *jqlParser) peek() string {
	if p.pos < len(p.toks) {
		return p.toks[p.pos].text
	}
	return ""
}

func (p *jqlParser) peekIs(word string) bool {
	return p.pos < len(p.toks) && !p.toks[p.pos].quoted && strings.EqualFold(p.toks[p.pos].text, word)
}

func (p *jqlParser) next() (token, bool) {
	if p.pos >= len(p.toks) {
		return token{}, false
	}
	p.pos++
	return p.toks[p.pos-1], true
}

// parseJQL compiles q into a predicate and an order; an empty query matches every issue.
func (s *Server) parseJQL(q string, loc *time.Location) (pred, []order, error) {
	toks, err := tokenize(q)
	if err != nil {
		return nil, nil, err
	}
	p := &jqlParser{toks: toks, s: s, loc: loc}
	match := pred(func(*Issue) bool { return true })
	if p.pos < len(p.toks) && !p.peekIs("order") {
		if match, err = p.or(); err != nil {
			return nil, nil, err
		}
	}
	var orders []order
	if p.peekIs("order") {
		p.next()
		if !p.peekIs("by") {
			return nil, nil, jqlErrorf("Error in the JQL Query: Expecting 'by' after 'order'.")
		}
		p.next()
		for {
			t, ok := p.next()
			if !ok {
				return nil, nil, jqlErrorf("Error in the JQL Query: Expecting a field name at the end of the query.")
			}
			o := order{field: strings.ToLower(t.text)}
			if _, known := sortKeys[o.field]; !known {
				return nil, nil, jqlErrorf("Not able to sort using field '%s'.", t.text)
			}
			if p.peekIs("asc") || p.peekIs("desc") {
				d, _ := p.next()
				o.desc = strings.EqualFold(d.text, "desc")
			}
			orders = append(orders, o)
			if p.peek() != "," {
				break
			}
			p.next()
		}
	}
	if p.pos < len(p.toks) {
		return nil, nil, jqlErrorf("Error in the JQL Query: Expecting either 'OR' or 'AND' but got '%s'.", p.peek())
	}
	return match, orders, nil
}

func (p *jqlParser) or() (pred, error) {
	left, err := p.and()
	if err != nil {
		return nil, err
	}
	for p.peekIs("or") {
		p.next()
		right, err := p.and()
		if err != nil {
			return nil, err
		}
		l := left
		left = func(is *Issue) bool { return l(is) || right(is) }
	}
	return left, nil
}

func (p *jqlParser) and() (pred, error) {
	left, err := p.unary()
	if err != nil {
		return nil, err
	}
	for p.peekIs("and") {
		p.next()
		right, err := p.unary()
		if err != nil {
			return nil, err
		}
		l := left
		left = func(is *Issue) bool { return l(is) && right(is) }
	}
	return left, nil
}

func (p *jqlParser) unary() (pred, error) {
	if p.peekIs("not") {
		p.next()
		inner, err := p.unary()
		if err != nil {
			return nil, err
		}
		return func(is *Issue) bool { return !inner(is) }, nil
	}
	if p.peek() == "(" {
		p.next()
		inner, err := p.or()
		if err != nil {
			return nil, err
		}
		if p.peek() != ")" {
			return nil, jqlErrorf("Error in the JQL Query: Expecting ')' but got '%s'.", p.peek())
		}
		p.next()
		return inner, nil
	}
	return p.clause()
}

func (p *jqlParser) clause() (pred, error) {
	ft, ok := p.next()
	if !ok {
		return nil, jqlErrorf("Error in the JQL Query: Expecting a field name at the end of the query.")
	}
	field := strings.ToLower(ft.text)
	get, known := fieldValues[field]
	if !known {
		if cf := p.s.customByClause(ft.text); cf != "" {
			get = func(is *Issue) []string { return customStrings(is.Custom[cf]) }
		} else {
			return nil, jqlErrorf("Field '%s' does not exist or you do not have permission to view it.", ft.text)
		}
	}
	opTok, ok := p.next()
	if !ok {
		return nil, jqlErrorf("Error in the JQL Query: Expecting an operator after '%s'.", ft.text)
	}
	op := strings.ToLower(opTok.text)
	if op == "not" && p.peekIs("in") {
		p.next()
		op = "not in"
	}
	if op == "is" && p.peekIs("not") {
		p.next()
		op = "is not"
	}
	var values []token
	switch op {
	case "in", "not in":
		if p.peek() != "(" {
			return nil, jqlErrorf("Error in the JQL Query: Expecting '(' after '%s'.", op)
		}
		p.next()
		for {
			v, ok := p.next()
			if !ok {
				return nil, jqlErrorf("Error in the JQL Query: Expecting ')' but got the end of the query.")
			}
			values = append(values, v)
			if p.peek() == "," {
				p.next()
				continue
			}
			if p.peek() == ")" {
				p.next()
				break
			}
			return nil, jqlErrorf("Error in the JQL Query: Expecting ',' or ')' but got '%s'.", p.peek())
		}
	case "=", "!=", ">", ">=", "<", "<=", "~", "is", "is not":
		v, ok := p.next()
		if !ok {
			return nil, jqlErrorf("Error in the JQL Query: Expecting a value after '%s %s'.", ft.text, opTok.text)
		}
		values = []token{v}
	default:
		return nil, jqlErrorf("Error in the JQL Query: The operator '%s' is not supported.", opTok.text)
	}
	if op == "is" || op == "is not" {
		if !strings.EqualFold(values[0].text, "empty") && !strings.EqualFold(values[0].text, "null") {
			return nil, jqlErrorf("Error in the JQL Query: Expecting 'EMPTY' after '%s'.", op)
		}
		empty := op == "is"
		return func(is *Issue) bool { return (len(get(is)) == 0) == empty }, nil
	}
	if timeFields[field] {
		return p.timeClause(field, ft.text, op, values)
	}
	if err := p.checkValues(field, values); err != nil {
		return nil, err
	}
	want := make([]string, len(values))
	for i, v := range values {
		want[i] = strings.ToLower(v.text)
	}
	rank := func(s string) int { return -1 }
	if field == "priority" {
		rank = p.s.priorityRank
	}
	if field == "id" {
		rank = func(s string) int { n, _ := strconv.Atoi(s); return n }
	}
	return func(is *Issue) bool {
		have := get(is)
		any := func(f func(h string) bool) bool { return slices.ContainsFunc(have, f) }
		switch op {
		case "=", "in":
			return any(func(h string) bool { return slices.Contains(want, strings.ToLower(h)) })
		case "!=", "not in":
			return !any(func(h string) bool { return slices.Contains(want, strings.ToLower(h)) })
		case "~":
			return any(func(h string) bool { return strings.Contains(strings.ToLower(h), want[0]) })
		default:
			w := rank(values[0].text)
			return any(func(h string) bool { return compare(rank(h), w, op) })
		}
	}, nil
}

// checkValues answers as Jira does for values that name nothing on the site.
func (p *jqlParser) checkValues(field string, values []token) error {
	for _, v := range values {
		switch field {
		case "project":
			if !p.s.hasProject(v.text) {
				return jqlErrorf("The value '%s' does not exist for the field 'project'.", v.text)
			}
		case "priority":
			if p.s.priorityRank(v.text) < 0 {
				return jqlErrorf("The value '%s' does not exist for the field 'priority'.", v.text)
			}
		case "id", "key", "issuekey":
			if !p.s.hasIssue(v.text) {
				return jqlErrorf("An issue with key '%s' does not exist for field '%s'.", v.text, field)
			}
		}
	}
	return nil
}

func (p *jqlParser) timeClause(field, name, op string, values []token) (pred, error) {
	if len(values) != 1 || (op != ">" && op != ">=" && op != "<" && op != "<=" && op != "=") {
		return nil, jqlErrorf("The operator '%s' is not supported by the '%s' field.", op, name)
	}
	at, err := p.parseDate(values[0].text)
	if err != nil {
		return nil, jqlErrorf("Date value '%s' for field '%s' is invalid. Valid formats include: 'yyyy/MM/dd HH:mm', 'yyyy-MM-dd HH:mm', 'yyyy/MM/dd', 'yyyy-MM-dd', or a period format e.g. '-5d', '4w 2d'.", values[0].text, name)
	}
	get := timeValue[field]
	return func(is *Issue) bool {
		t := get(is)
		if t == nil {
			return false
		}
		// Jira compares at the stored precision (milliseconds) against the minute the value names.
		switch op {
		case ">":
			return t.After(at)
		case ">=":
			return !t.Before(at)
		case "<":
			return t.Before(at)
		case "<=":
			return !t.After(at)
		default:
			return t.Equal(at)
		}
	}, nil
}

func (p *jqlParser) parseDate(v string) (time.Time, error) {
	for _, layout := range []string{"2006/01/02 15:04", "2006-01-02 15:04", "2006/01/02", "2006-01-02"} {
		if t, err := time.ParseInLocation(layout, v, p.loc); err == nil {
			return t, nil
		}
	}
	if strings.HasPrefix(v, "-") || strings.HasPrefix(v, "+") {
		if d, err := period(v); err == nil {
			return p.s.now().Add(d).Truncate(time.Minute), nil
		}
	}
	return time.Time{}, fmt.Errorf("bad date %q", v)
}

// period reads Jira's relative dates like "-7d", "-4h", "-30m", "-2w".
func period(v string) (time.Duration, error) {
	sign := time.Duration(1)
	if v[0] == '-' {
		sign = -1
	}
	v = v[1:]
	if len(v) < 2 {
		return 0, fmt.Errorf("bad period")
	}
	n, err := strconv.Atoi(v[:len(v)-1])
	if err != nil {
		return 0, err
	}
	unit := map[byte]time.Duration{'m': time.Minute, 'h': time.Hour, 'd': 24 * time.Hour, 'w': 7 * 24 * time.Hour}[v[len(v)-1]]
	if unit == 0 {
		return 0, fmt.Errorf("bad unit")
	}
	return sign * time.Duration(n) * unit, nil
}

func compare(a, b int, op string) bool {
	switch op {
	case ">":
		return a > b
	case ">=":
		return a >= b
	case "<":
		return a < b
	default:
		return a <= b
	}
}

var fieldValues = map[string]func(*Issue) []string{
	"project":  func(is *Issue) []string { return []string{is.ProjectKey, is.ProjectName} },
	"key":      func(is *Issue) []string { return []string{is.Key} },
	"issuekey": func(is *Issue) []string { return []string{is.Key} },
	"id":       func(is *Issue) []string { return []string{strconv.FormatInt(is.ID, 10)} },
	"priority": func(is *Issue) []string { return []string{is.Priority} },
	"status":   func(is *Issue) []string { return []string{is.Status} },
	"statuscategory": func(is *Issue) []string {
		return []string{map[string]string{"new": "To Do", "indeterminate": "In Progress", "done": "Done"}[is.StatusCategory]}
	},
	"issuetype": func(is *Issue) []string { return []string{is.IssueType} },
	"type":      func(is *Issue) []string { return []string{is.IssueType} },
	"labels":    func(is *Issue) []string { return is.Labels },
	"component": func(is *Issue) []string { return is.Components },
	"summary":   func(is *Issue) []string { return []string{is.Summary} },
	"text":      func(is *Issue) []string { return []string{is.Summary, is.Description} },
	"assignee": func(is *Issue) []string {
		if is.Assignee == nil {
			return nil
		}
		return []string{is.Assignee.AccountID, is.Assignee.Name, is.Assignee.DisplayName}
	},
	"created":        func(is *Issue) []string { return []string{is.Created.String()} },
	"updated":        func(is *Issue) []string { return []string{is.Updated.String()} },
	"resolutiondate": func(is *Issue) []string { return timeStrings(is.Resolution) },
	"resolved":       func(is *Issue) []string { return timeStrings(is.Resolution) },
}

var timeFields = map[string]bool{"created": true, "updated": true, "resolutiondate": true, "resolved": true}

var timeValue = map[string]func(*Issue) *time.Time{
	"created":        func(is *Issue) *time.Time { return &is.Created },
	"updated":        func(is *Issue) *time.Time { return &is.Updated },
	"resolutiondate": func(is *Issue) *time.Time { return is.Resolution },
	"resolved":       func(is *Issue) *time.Time { return is.Resolution },
}

func timeStrings(t *time.Time) []string {
	if t == nil {
		return nil
	}
	return []string{t.String()}
}

var sortKeys = map[string]func(a, b *Issue) int{
	"created":  func(a, b *Issue) int { return a.Created.Compare(b.Created) },
	"updated":  func(a, b *Issue) int { return a.Updated.Compare(b.Updated) },
	"id":       func(a, b *Issue) int { return cmpInt(a.ID, b.ID) },
	"key":      func(a, b *Issue) int { return cmpInt(a.ID, b.ID) },
	"priority": func(a, b *Issue) int { return strings.Compare(a.Priority, b.Priority) },
}

func cmpInt(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// sortIssues orders issues as ORDER BY does; ties (and no ORDER BY) fall back to the issue id, as Jira's are stable.
func sortIssues(issues []*Issue, orders []order) {
	sort.SliceStable(issues, func(i, j int) bool {
		for _, o := range orders {
			c := sortKeys[o.field](issues[i], issues[j])
			if o.desc {
				c = -c
			}
			if c != 0 {
				return c < 0
			}
		}
		return issues[i].ID < issues[j].ID
	})
}

// customStrings turns a custom field's JSON value into the strings JQL compares against.
func customStrings(v any) []string {
	switch x := v.(type) {
	case nil:
		return nil
	case string:
		return []string{x}
	case float64:
		return []string{strconv.FormatFloat(x, 'f', -1, 64)}
	case []any:
		var out []string
		for _, e := range x {
			out = append(out, customStrings(e)...)
		}
		return out
	case map[string]any:
		for _, k := range []string{"value", "displayName"} {
			if s, ok := x[k].(string); ok {
				return []string{s}
			}
		}
	}
	return nil
}

package snowtest

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// query is a parsed encoded query (sysparm_query): ^NQ-separated groups of ^-ANDed terms, a term starting
// with OR joined to the one before it, and ORDERBY / ORDERBYDESC terms. The operators are the ones
// connectors send and users write in scopes: = != > >= < <= IN NOTIN STARTSWITH LIKE ISEMPTY ISNOTEMPTY.
type query struct {
	groups [][][]term // groups (OR) of AND-ed clauses, each clause an OR of terms
	order  []orderBy
}

type term struct{ field, op, value string }

type orderBy struct {
	field string
	desc  bool
}

var operators = []string{"ISNOTEMPTY", "ISEMPTY", "NOTIN", "IN", "STARTSWITH", "LIKE", ">=", "<=", "!=", ">", "<", "="}

func parseQuery(s string) (query, error) {
	var q query
	for _, group := range strings.Split(s, "^NQ") {
		var clauses [][]term
		for _, part := range strings.Split(group, "^") {
			if part == "" || part == "EQ" {
				continue
			}
			switch {
			case strings.HasPrefix(part, "ORDERBYDESC"):
				q.order = append(q.order, orderBy{strings.TrimPrefix(part, "ORDERBYDESC"), true})
				continue
			case strings.HasPrefix(part, "ORDERBY"):
				q.order = append(q.order, orderBy{strings.TrimPrefix(part, "ORDERBY"), false})
				continue
			}
			or := strings.HasPrefix(part, "OR") && len(clauses) > 0
			if or {
				part = strings.TrimPrefix(part, "OR")
			}
			t, err := parseTerm(part)
			if err != nil {
				return q, err
			}
			if or {
				clauses[len(clauses)-1] = append(clauses[len(clauses)-1], t)
			} else {
				clauses = append(clauses, []term{t})
			}
		}
		q.groups = append(q.groups, clauses)
	}
	return q, nil
}

func parseTerm(s string) (term, error) {
	best, at := "", -1
	for _, op := range operators {
		if i := strings.Index(s, op); i > 0 && (at < 0 || i < at || (i == at && len(op) > len(best))) {
			best, at = op, i
		}
	}
	if at < 0 {
		return term{}, fmt.Errorf("no operator in %q", s)
	}
	return term{field: s[:at], op: best, value: s[at+len(best):]}, nil
}

// fieldValue reads a record's value the way comparisons see it (times as UTC "2006-01-02 15:04:05").
type fieldValue func(field string) (string, bool)

func (q query) match(get fieldValue) (bool, error) {
	if len(q.groups) == 0 {
		return true, nil
	}
	for _, g := range q.groups {
		ok := true
		for _, clause := range g {
			any := false
			for _, t := range clause {
				m, err := t.match(get)
				if err != nil {
					return false, err
				}
				any = any || m
			}
			if !any {
				ok = false
				break
			}
		}
		if ok {
			return true, nil
		}
	}
	return false, nil
}

func (t term) match(get fieldValue) (bool, error) {
	v, known := get(t.field)
	if !known {
		return false, fmt.Errorf("unknown field %q", t.field)
	}
	switch t.op {
	case "ISEMPTY":
		return v == "", nil
	case "ISNOTEMPTY":
		return v != "", nil
	case "IN":
		return slices.Contains(strings.Split(t.value, ","), v), nil
	case "NOTIN":
		return !slices.Contains(strings.Split(t.value, ","), v), nil
	case "STARTSWITH":
		return strings.HasPrefix(strings.ToLower(v), strings.ToLower(t.value)), nil
	case "LIKE":
		return strings.Contains(strings.ToLower(v), strings.ToLower(t.value)), nil
	}
	c := compare(v, t.value)
	switch t.op {
	case "=":
		return c == 0, nil
	case "!=":
		return c != 0, nil
	case ">":
		return v != "" && c > 0, nil
	case ">=":
		return v != "" && c >= 0, nil
	case "<":
		return v != "" && c < 0, nil
	case "<=":
		return v != "" && c <= 0, nil
	}
	return false, fmt.Errorf("operator %s", t.op)
}

// compare orders numbers as numbers and everything else (sys_ids, UTC times) as text.
func compare(a, b string) int {
	x, errA := strconv.ParseFloat(a, 64)
	y, errB := strconv.ParseFloat(b, 64)
	if errA == nil && errB == nil {
		switch {
		case x < y:
			return -1
		case x > y:
			return 1
		}
		return 0
	}
	return strings.Compare(a, b)
}

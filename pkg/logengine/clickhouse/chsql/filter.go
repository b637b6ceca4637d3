package chsql

import (
	"fmt"
	"slices"
	"strings"

	"github.com/spacetime/tickets/pkg/filter"
)

// Kind is how the filter reads a field, as in the in-memory store.
type Kind int

const (
	KindText    Kind = iota // strings: = compares text, < and > compare cells that are numbers
	KindNumber              // integers: = compares the decimal text, < and > numerically
	KindTime                // SQL epoch milliseconds, 0 is missing: = compares RFC 3339 seconds, < and > times
	KindStrings             // Array(String), multi-valued: a condition holds when any value meets it; [] is ['']
)

// elementVar is the lambda parameter for one value of a multi-valued field (no column or alias is named so).
const elementVar = "x_value"

// Field is one filterable field: its key in the filter and the SQL expression that reads it (built from the
// mapping by this package's callers, never from filter input).
type Field struct {
	Key    string
	Expr   string
	Kind   Kind
	Search bool // free-text search terms without a field look here
	// Any makes the field an event's inside a GROUP BY chain: a condition on it holds for the chain
	// when one of the chain's events meets it (and its negation when none does). For HAVING clauses.
	Any bool
}

// holds is a condition on the field, lifted to "some event of the group" when the field is Any.
func (f Field) holds(positive string) string {
	if f.Any {
		return "max(toUInt8(" + positive + ")) = 1"
	}
	return positive
}

// Catalog is the fields a filter may name, in the order error messages list them.
type Catalog []Field

func (c Catalog) field(key string) (Field, bool) {
	for _, f := range c {
		if f.Key == key {
			return f, true
		}
	}
	return Field{}, false
}

// Lookup is the field of a key.
func (c Catalog) Lookup(key string) (Field, bool) { return c.field(key) }

// Keys are the catalog's field keys, in order.
func (c Catalog) Keys() []string {
	keys := make([]string, len(c))
	for i, f := range c {
		keys[i] = f.Key
	}
	return keys
}

func (c Catalog) unknown(key string) error {
	return fmt.Errorf("unknown field %q in the filter: fields are %s", key, strings.Join(c.Keys(), ", "))
}

// Where compiles node (nil: none), the ad hoc conditions and the search text into one SQL boolean
// expression with the semantics of filter.Compile: the shared vectors (testdata/filters) hold them together.
func (c Catalog) Where(node *filter.Node, adhoc []filter.Condition, search string) (string, error) {
	var parts []string
	// The filter and the ad hoc filters are one AND: when all of them are positive conditions on Any
	// fields, one event must meet them all ("a failed payment", not "a payment and some failure").
	all := filter.Group(filter.GroupAnd)
	if node != nil {
		all.Filters = append(all.Filters, *node)
	}
	for _, cond := range adhoc {
		all.Filters = append(all.Filters, filter.Node{Condition: cond})
	}
	if len(all.Filters) > 0 && c.oneEvent(&all) {
		p, err := c.node(&all)
		if err != nil {
			return "", err
		}
		return and(append([]string{p}, c.search(search)...)), nil
	}
	if node != nil {
		p, err := c.node(node)
		if err != nil {
			return "", err
		}
		parts = append(parts, p)
	}
	for _, cond := range adhoc {
		p, err := c.condition(cond)
		if err != nil {
			return "", err
		}
		parts = append(parts, p)
	}
	parts = append(parts, c.search(search)...)
	return and(parts), nil
}

func and(parts []string) string {
	switch len(parts) {
	case 0:
		return "1"
	case 1:
		return parts[0]
	}
	return "(" + strings.Join(parts, " AND ") + ")"
}

func not(p string) string { return "NOT (" + p + ")" }

// oneEvent tells whether n is an and/or tree of positive conditions (=, =~, =|, <, >) on Any fields only:
// such a tree is one condition on a single event.
func (c Catalog) oneEvent(n *filter.Node) bool {
	if !n.IsGroup() {
		f, ok := c.field(n.Key)
		switch n.Operator {
		case filter.OpNotEqual, filter.OpNotRegex, filter.OpNotOneOf:
			return false
		}
		return ok && f.Any
	}
	if n.Op == filter.GroupNot || filter.CheckGroupOp(n.Op) != nil || len(n.Filters) == 0 {
		return false
	}
	for i := range n.Filters {
		if !c.oneEvent(&n.Filters[i]) {
			return false
		}
	}
	return true
}

// rows is the catalog with every field read per event (Any off).
func (c Catalog) rows() Catalog {
	out := slices.Clone(c)
	for i := range out {
		out[i].Any = false
	}
	return out
}

func (c Catalog) node(n *filter.Node) (string, error) {
	if !n.IsGroup() {
		return c.condition(n.Condition)
	}
	if err := filter.CheckGroupOp(n.Op); err != nil {
		return "", err
	}
	if c.oneEvent(n) && len(n.Filters) > 1 {
		p, err := c.rows().node(n)
		if err != nil {
			return "", err
		}
		return Field{Any: true}.holds(p), nil
	}
	children := make([]string, 0, len(n.Filters))
	for i := range n.Filters {
		p, err := c.node(&n.Filters[i])
		if err != nil {
			return "", err
		}
		children = append(children, p)
	}
	switch n.Op {
	case filter.GroupOr:
		if len(children) == 0 {
			return "0", nil
		}
		return "(" + strings.Join(children, " OR ") + ")", nil
	case filter.GroupNot:
		return not(and(children)), nil
	}
	return and(children), nil
}

func (c Catalog) condition(cond filter.Condition) (string, error) {
	f, ok := c.field(cond.Key)
	if !ok {
		return "", c.unknown(cond.Key)
	}
	if err := filter.CheckOperator(cond); err != nil {
		return "", err
	}
	if f.Kind == KindStrings {
		return c.multiCondition(f, cond)
	}
	var positive string
	switch cond.Operator {
	case filter.OpLessThan, filter.OpGreaterThan:
		p, err := order(f, cond)
		return f.holds(p), err
	case filter.OpRegex, filter.OpNotRegex:
		if err := filter.CheckRegex(cond.Key, cond.Value); err != nil {
			return "", err
		}
		positive = "match(" + text(f) + ", " + String("^(?:"+cond.Value+")$") + ")"
	default:
		positive = equal(f, cond.Operands())
	}
	positive = f.holds(positive)
	switch cond.Operator {
	case filter.OpNotEqual, filter.OpNotRegex, filter.OpNotOneOf:
		return not(positive), nil
	}
	return positive, nil
}

// multiCondition is a condition on a multi-valued field: the positive operators hold when any value meets
// them, the negative ones when none does (the negation of the positive), as in the store.
func (c Catalog) multiCondition(f Field, cond filter.Condition) (string, error) {
	elem := Catalog{{Key: f.Key, Expr: elementVar, Kind: KindText}}
	positive := cond
	switch cond.Operator {
	case filter.OpNotEqual:
		positive.Operator = filter.OpEqual
	case filter.OpNotRegex:
		positive.Operator = filter.OpRegex
	case filter.OpNotOneOf:
		positive.Operator = filter.OpOneOf
	}
	p, err := elem.condition(positive)
	if err != nil {
		return "", err
	}
	anyValue := f.holds("arrayExists(" + elementVar + " -> " + p + ", " + values(f) + ")")
	if positive.Operator != cond.Operator {
		return not(anyValue), nil
	}
	return anyValue, nil
}

// values is a multi-valued field's values, with [”] for none.
func values(f Field) string {
	return "if(empty(" + f.Expr + "), [''], " + f.Expr + ")"
}

// ValueText is the field's values as the text = compares them with, one row per value (a multi-valued
// field's values are arrayJoined): a value suggested from it matches when chosen.
func ValueText(f Field) string {
	if f.Kind == KindStrings {
		return "arrayJoin(" + values(f) + ")"
	}
	return text(f)
}

// text is the field as the text the store compares regexes and search terms with.
func text(f Field) string {
	switch f.Kind {
	case KindNumber:
		return "toString(" + f.Expr + ")"
	case KindTime:
		return "if(" + f.Expr + " = 0, '', formatDateTime(toDateTime(intDiv(" + f.Expr + ", 1000)), '%Y-%m-%dT%H:%M:%SZ', 'UTC'))"
	}
	return f.Expr
}

func equal(f Field, values []string) string {
	switch f.Kind {
	case KindNumber:
		var ints []string
		for _, v := range values {
			if n, ok := filter.CanonicalInt(v); ok {
				ints = append(ints, Int(n))
			}
		}
		return in(f.Expr, ints)
	case KindTime:
		var secs, checks []string
		for _, v := range values {
			if v == "" {
				checks = append(checks, f.Expr+" = 0")
			} else if s, ok := filter.CanonicalSecond(v); ok {
				secs = append(secs, Int(s))
			}
		}
		if len(secs) > 0 {
			checks = append(checks, "("+f.Expr+" != 0 AND "+in("intDiv("+f.Expr+", 1000)", secs)+")")
		}
		if len(checks) == 0 {
			return "0"
		}
		return "(" + strings.Join(checks, " OR ") + ")"
	}
	if len(values) == 1 {
		return f.Expr + " = " + String(values[0])
	}
	return f.Expr + " IN " + Strings(values)
}

// in is expr IN (literals...), already written; "0" when there are none.
func in(expr string, literals []string) string {
	switch len(literals) {
	case 0:
		return "0"
	case 1:
		return expr + " = " + literals[0]
	}
	return expr + " IN (" + strings.Join(slices.Compact(literals), ", ") + ")"
}

func order(f Field, cond filter.Condition) (string, error) {
	op := cond.Operator // "<" or ">": checked by CheckOperator
	if f.Kind == KindTime {
		bound, ok := filter.ParseTimeValue(cond.Value)
		if !ok {
			return "", filter.NeedsTimeError(cond)
		}
		return "(" + f.Expr + " != 0 AND " + f.Expr + " " + op + " " + Int(bound) + ")", nil
	}
	bound, ok := filter.ParseNumber(cond.Value)
	if !ok {
		return "", filter.NeedsNumberError(cond)
	}
	if f.Kind == KindNumber {
		return "toFloat64(" + f.Expr + ") " + op + " " + Float(bound), nil
	}
	// A cell counts only when it is a finite number after trimming white space (and a leading +), as in the store.
	x := "toFloat64OrNull(replaceRegexpOne(replaceRegexpAll(" + f.Expr + `, '^\\s+|\\s+$', ''), '^\\+([0-9.])', '\\1'))`
	return "ifNull(isFinite(" + x + ") AND " + x + " " + op + " " + Float(bound) + ", 0)", nil
}

// search is one condition per term: the term (lower-cased by ParseSearch) inside the lower-cased text of
// its field, or of any search field.
func (c Catalog) search(s string) []string {
	byLower := map[string]string{}
	for _, f := range c {
		byLower[strings.ToLower(f.Key)] = f.Key
	}
	terms := filter.ParseSearch(s, func(k string) (string, bool) { key, ok := byLower[k]; return key, ok })
	out := make([]string, 0, len(terms))
	for _, t := range terms {
		needle := String(t.Text)
		if t.Field != "" {
			f, _ := c.field(t.Field)
			out = append(out, contains(f, needle))
			continue
		}
		var any []string
		for _, f := range c {
			if f.Search {
				any = append(any, contains(f, needle))
			}
		}
		if len(any) == 0 {
			out = append(out, "0")
		} else {
			out = append(out, "("+strings.Join(any, " OR ")+")")
		}
	}
	return out
}

func contains(f Field, needle string) string {
	if f.Kind == KindStrings { // value by value: a term never spans two values
		return f.holds("arrayExists(" + elementVar + " -> position(lowerUTF8(" + elementVar + "), " + needle + ") > 0, " + values(f) + ")")
	}
	return f.holds("position(lowerUTF8(" + text(f) + "), " + needle + ") > 0")
}

package filter

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// The rules below are shared by Compile (the in-memory store) and the ClickHouse SQL compiler
// (pkg/logengine/clickhouse/chsql), so both accept, reject and word errors alike.

// CheckOperator rejects an operator that is not one of Operators, naming it.
func CheckOperator(c Condition) error {
	if !slices.Contains(Operators, c.Operator) {
		return fmt.Errorf("unknown operator %q in the filter on %q: use one of %s", c.Operator, c.Key, strings.Join(Operators, " "))
	}
	return nil
}

// CheckGroupOp rejects a group op other than and, or, not ("" is and), naming it.
func CheckGroupOp(op string) error {
	switch op {
	case "", GroupAnd, GroupOr, GroupNot:
		return nil
	}
	return fmt.Errorf("unknown group op %q in the filter: use %q, %q or %q", op, GroupAnd, GroupOr, GroupNot)
}

// CheckRegex checks a =~ / !~ pattern; the error names the pattern and the field.
func CheckRegex(key, pattern string) error {
	_, err := anchoredRegex(key, pattern)
	return err
}

// NeedsTimeError is the error for < or > on a time field with a value that is not a time.
func NeedsTimeError(c Condition) error {
	return fmt.Errorf("the filter on %q with %q needs a time (RFC 3339 or epoch milliseconds), got %q", c.Key, c.Operator, c.Value)
}

// NeedsNumberError is the error for < or > on a number or text field with a value that is not a number.
func NeedsNumberError(c Condition) error {
	return fmt.Errorf("the filter on %q with %q needs a number, got %q", c.Key, c.Operator, c.Value)
}

// ParseNumber reads a finite decimal number, as < and > read values and cells.
func ParseNumber(s string) (float64, bool) { return parseNumber(s) }

// ParseTimeValue reads epoch milliseconds or RFC 3339 into unix milliseconds, as < and > on times do.
func ParseTimeValue(s string) (int64, bool) { return parseTimeValue(s) }

// CanonicalInt reads s when it is an integer's canonical decimal text: = on a number field compares text.
func CanonicalInt(s string) (int64, bool) {
	n, err := strconv.ParseInt(s, 10, 64)
	return n, err == nil && strconv.FormatInt(n, 10) == s
}

// CanonicalSecond reads s when it is a time's canonical text (RFC 3339, UTC, seconds): = on a time field
// compares text, and "" is the missing time.
func CanonicalSecond(s string) (int64, bool) {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil || t.UTC().Format(TimeLayout) != s {
		return 0, false
	}
	return t.Unix(), true
}

// Operands are the values a condition compares with: Values for =| and !=| when given, else Value.
func (c *Condition) Operands() []string { return c.operands() }

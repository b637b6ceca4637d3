// Package filter parses Spacetime's filter model (docs/query-model.md: conditions, and/or/not groups, ad hoc
// filters, free-text search) and compiles it against a store.View into a row predicate.
package filter

import (
	"encoding/json"
	"fmt"
	"strings"
)

// Operators of a Condition.
const (
	OpEqual       = "="
	OpNotEqual    = "!="
	OpRegex       = "=~"
	OpNotRegex    = "!~"
	OpOneOf       = "=|"
	OpNotOneOf    = "!=|"
	OpLessThan    = "<"
	OpGreaterThan = ">"
)

// Operators lists every condition operator, for error messages and editors.
var Operators = []string{OpEqual, OpNotEqual, OpRegex, OpNotRegex, OpOneOf, OpNotOneOf, OpLessThan, OpGreaterThan}

// Group operators.
const (
	GroupAnd = "and"
	GroupOr  = "or"
	GroupNot = "not"
)

// Condition compares one field with a value (or, for =| and !=|, a list of values).
type Condition struct {
	Key      string   `json:"key"`
	Operator string   `json:"operator"`
	Value    string   `json:"value,omitempty"`
	Values   []string `json:"values,omitempty"`
}

// Node is a Condition or, when Filters is non-nil, a group of nodes combined by Op ("and" when empty).
type Node struct {
	Condition
	Op      string
	Filters []Node
}

// IsGroup tells a group from a condition, as the TypeScript model does: a group has a filters array.
func (n *Node) IsGroup() bool { return n.Filters != nil }

// Group builds a group node.
func Group(op string, filters ...Node) Node {
	if filters == nil {
		filters = []Node{}
	}
	return Node{Op: op, Filters: filters}
}

// Cond builds a condition node.
func Cond(key, operator, value string) Node {
	return Node{Condition: Condition{Key: key, Operator: operator, Value: value}}
}

// UnmarshalJSON reads a condition or a group; values given as JSON numbers or booleans are kept as text
// (template variables may produce them).
func (n *Node) UnmarshalJSON(b []byte) error {
	var raw struct {
		Op      string  `json:"op"`
		Filters *[]Node `json:"filters"`
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	*n = Node{Op: raw.Op}
	if raw.Filters != nil {
		n.Filters = *raw.Filters
		if n.Filters == nil {
			n.Filters = []Node{}
		}
		return nil
	}
	return json.Unmarshal(b, &n.Condition)
}

// MarshalJSON writes the node in the shape UnmarshalJSON reads.
func (n Node) MarshalJSON() ([]byte, error) {
	if n.IsGroup() {
		return json.Marshal(struct {
			Op      string `json:"op,omitempty"`
			Filters []Node `json:"filters"`
		}{n.Op, n.Filters})
	}
	return json.Marshal(n.Condition)
}

// UnmarshalJSON reads a condition, accepting numbers and booleans where text is expected.
func (c *Condition) UnmarshalJSON(b []byte) error {
	var raw struct {
		Key      string          `json:"key"`
		Operator string          `json:"operator"`
		Value    json.RawMessage `json:"value"`
		Values   json.RawMessage `json:"values"`
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	c.Key, c.Operator = raw.Key, raw.Operator
	var err error
	if c.Value, err = scalarText(raw.Value); err != nil {
		return fmt.Errorf("filter on %q: value %w", c.Key, err)
	}
	c.Values = nil
	if len(raw.Values) > 0 && string(raw.Values) != "null" {
		var items []json.RawMessage
		if err := json.Unmarshal(raw.Values, &items); err != nil {
			return fmt.Errorf("filter on %q: values must be a list of strings, got %s", c.Key, raw.Values)
		}
		c.Values = make([]string, len(items))
		for i, it := range items {
			if c.Values[i], err = scalarText(it); err != nil {
				return fmt.Errorf("filter on %q: values[%d] %w", c.Key, i, err)
			}
		}
	}
	return nil
}

func scalarText(raw json.RawMessage) (string, error) {
	v := strings.TrimSpace(string(raw))
	switch {
	case v == "" || v == "null":
		return "", nil
	case strings.HasPrefix(v, `"`):
		var s string
		err := json.Unmarshal(raw, &s)
		return s, err
	case strings.HasPrefix(v, "{") || strings.HasPrefix(v, "["):
		return "", fmt.Errorf("must be a string, got %s", v)
	}
	return v, nil // a number or a boolean: its JSON text
}

// operands are the values a condition compares with: Values for =| and !=| when given, else Value.
func (c *Condition) operands() []string {
	if (c.Operator == OpOneOf || c.Operator == OpNotOneOf) && c.Values != nil {
		return c.Values
	}
	return []string{c.Value}
}

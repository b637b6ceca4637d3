package filter

import (
	"github.com/spacetime/tickets/pkg/store"
)

// Matcher is a filter, ad hoc filters and a search compiled against one store.View. Use it only while
// that view's read lock is held.
type Matcher struct {
	root andPred
}

// Compile checks and compiles node (nil: none), the ad hoc conditions (and-ed with node) and the search
// text. Errors name the unknown field, the invalid pattern, the unreadable value or the unknown operator.
func Compile(v *store.View, node *Node, adhoc []Condition, search string) (*Matcher, error) {
	var parts []pred
	if node != nil {
		p, err := compileNode(v, node)
		if err != nil {
			return nil, err
		}
		parts = append(parts, p)
	}
	for _, c := range adhoc {
		p, err := compileCondition(v, c)
		if err != nil {
			return nil, err
		}
		parts = append(parts, p)
	}
	parts = append(parts, compileSearch(v, search))
	return &Matcher{root: newAnd(parts)}, nil
}

// Narrow removes from rows every row that does not match.
func (m *Matcher) Narrow(rows *store.Bitset) { m.root.narrow(rows) }

// NarrowCheap removes the rows that fail the cheap parts (table lookups, comparisons) and returns a test
// for the costly rest (substring search, regex on text), or nil when there is none. Callers that need
// only some rows (the first N in an order) can then run the costly test on few rows.
func (m *Matcher) NarrowCheap(rows *store.Bitset) (costly func(row int) bool) {
	var rest andPred
	for _, p := range flatten(m.root) {
		if p.cost() < costScan {
			p.narrow(rows)
		} else {
			rest = append(rest, p)
		}
	}
	if len(rest) == 0 {
		return nil
	}
	return rest.match
}

// flatten lists the conditions of nested ands (all and-ed together).
func flatten(p andPred) []pred {
	var out []pred
	for _, c := range p {
		if a, ok := c.(andPred); ok {
			out = append(out, flatten(a)...)
		} else {
			out = append(out, c)
		}
	}
	return out
}

func compileNode(v *store.View, n *Node) (pred, error) {
	if !n.IsGroup() {
		return compileCondition(v, n.Condition)
	}
	if err := CheckGroupOp(n.Op); err != nil {
		return nil, err
	}
	children := make([]pred, 0, len(n.Filters))
	for i := range n.Filters {
		p, err := compileNode(v, &n.Filters[i])
		if err != nil {
			return nil, err
		}
		children = append(children, p)
	}
	switch n.Op {
	case GroupOr:
		if len(children) == 0 {
			return nothing{}, nil
		}
		return orPred(children), nil
	case GroupNot:
		return notPred{of: newAnd(children)}, nil
	}
	return newAnd(children), nil
}

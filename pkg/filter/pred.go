package filter

import (
	"cmp"
	"slices"

	"github.com/spacetime/tickets/pkg/store"
)

// Predicate costs: cheaper predicates run first inside an and, so costly ones see fewer rows.
const (
	costCheap  = 1 // a table lookup or an integer comparison per row
	costString = 2 // a string comparison per row
	costScan   = 3 // a substring search or a regex per row
)

// pred narrows a set of rows to those that match.
type pred interface {
	narrow(rows *store.Bitset)
	cost() int
}

type rowPred struct {
	keep func(row int) bool
	c    int
}

func (p rowPred) narrow(rows *store.Bitset) { retain(rows, p.c >= costScan, p.keep) }
func (p rowPred) cost() int                 { return p.c }

// codePred matches rows whose dictionary code is marked in match.
type codePred struct {
	codes []uint32
	match []bool
}

func (p codePred) narrow(rows *store.Bitset) {
	codes, match := p.codes, p.match
	rows.Retain(0, len(rows.Words()), func(row int) bool { return match[codes[row]] })
}
func (p codePred) cost() int { return costCheap }

type nothing struct{}

func (nothing) narrow(rows *store.Bitset) { rows.ClearAll() }
func (nothing) cost() int                 { return costCheap }

type andPred []pred

func newAnd(children []pred) andPred {
	slices.SortStableFunc(children, func(a, b pred) int { return cmp.Compare(a.cost(), b.cost()) })
	return andPred(children)
}

func (p andPred) narrow(rows *store.Bitset) {
	for _, c := range p {
		c.narrow(rows)
	}
}

func (p andPred) cost() int {
	m := costCheap
	for _, c := range p {
		m = max(m, c.cost())
	}
	return m
}

type orPred []pred

// narrow gives each child only the rows no earlier child matched.
func (p orPred) narrow(rows *store.Bitset) {
	if len(p) == 0 {
		rows.ClearAll()
		return
	}
	matched := store.NewBitset(rows.Len())
	rest := rows.Clone()
	try := store.NewBitset(rows.Len())
	for _, c := range p {
		try.CopyFrom(rest)
		c.narrow(try)
		matched.Or(try)
		rest.AndNot(try)
	}
	rows.CopyFrom(matched)
}

func (p orPred) cost() int { return andPred(p).cost() }

type notPred struct{ of pred }

func (p notPred) narrow(rows *store.Bitset) {
	hit := rows.Clone()
	p.of.narrow(hit)
	rows.AndNot(hit)
}

func (p notPred) cost() int { return p.of.cost() }

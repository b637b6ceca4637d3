package filter

import (
	"cmp"
	"math/bits"
	"slices"

	"github.com/spacetime/tickets/pkg/store"
)

// Predicate costs: cheaper predicates run first inside an and, so costly ones see fewer rows.
const (
	costCheap  = 1 // a table lookup or an integer comparison per row
	costString = 2 // a string comparison per row
	costScan   = 3 // a substring search or a regex per row
)

// pred narrows a set of rows to those that match, or tests one row.
type pred interface {
	narrow(rows *store.Bitset)
	match(row int) bool
	cost() int
}

type rowPred struct {
	keep func(row int) bool
	c    int
}

func (p rowPred) narrow(rows *store.Bitset) { retain(rows, p.c >= costScan, p.keep) }
func (p rowPred) match(row int) bool        { return p.keep(row) }
func (p rowPred) cost() int                 { return p.c }

// codePred matches rows whose dictionary code is marked in table, reading the codes at their width (one
// instantiation per width, chosen once when the filter is compiled).
type codePred[T store.Code] struct {
	codes []T
	table []bool
}

// newCodePred matches the rows of col whose code is marked in table.
func newCodePred(col *store.Category, table []bool) pred {
	switch codes := col.Codes(); codes.Width {
	case 1:
		return codePred[uint8]{codes.U8, table}
	case 2:
		return codePred[uint16]{codes.U16, table}
	default:
		return codePred[uint32]{codes.U32, table}
	}
}

func (p codePred[T]) narrow(rows *store.Bitset) {
	codes, match := p.codes, p.table
	words := rows.Words()
	for wi, w := range words {
		if w == 0 {
			continue
		}
		base := wi << 6
		if w != ^uint64(0) {
			words[wi] = retainWord(w, base, codes, match)
			continue
		}
		// A full word: test its 64 rows in a straight loop.
		block := codes[base : base+64]
		var out uint64
		for j, c := range block {
			if match[c] {
				out |= 1 << uint(j)
			}
		}
		words[wi] = out
	}
}

func retainWord[T store.Code](w uint64, base int, codes []T, match []bool) uint64 {
	out := w
	for w != 0 {
		t := bits.TrailingZeros64(w)
		if !match[codes[base|t]] {
			out &^= 1 << uint(t)
		}
		w &= w - 1
	}
	return out
}
func (p codePred[T]) match(row int) bool { return p.table[p.codes[row]] }
func (p codePred[T]) cost() int          { return costCheap }

// negated matches the rows p does not: the same codes with the table inverted.
func (p codePred[T]) negated() pred {
	inv := make([]bool, len(p.table))
	for i, m := range p.table {
		inv[i] = !m
	}
	return codePred[T]{codes: p.codes, table: inv}
}

type nothing struct{}

func (nothing) narrow(rows *store.Bitset) { rows.ClearAll() }
func (nothing) match(int) bool            { return false }
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

func (p andPred) match(row int) bool {
	for _, c := range p {
		if !c.match(row) {
			return false
		}
	}
	return true
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

func (p orPred) match(row int) bool {
	for _, c := range p {
		if c.match(row) {
			return true
		}
	}
	return false
}

func (p orPred) cost() int { return andPred(p).cost() }

type notPred struct{ of pred }

func (p notPred) narrow(rows *store.Bitset) {
	hit := rows.Clone()
	p.of.narrow(hit)
	rows.AndNot(hit)
}

func (p notPred) match(row int) bool { return !p.of.match(row) }
func (p notPred) cost() int          { return p.of.cost() }

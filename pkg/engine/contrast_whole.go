package engine

import (
	"math/bits"

	"github.com/spacetime/tickets/pkg/query"
	"github.com/spacetime/tickets/pkg/store"
)

// The rest-of-the-window baseline without a filter is the whole store less the selection: its per-value counts
// come from the counts the store keeps, and its pair counts from one pass per field over the whole store into
// a bitset per candidate value, so no list of a million baseline rows is made or walked.

// restIsWholeLessRange reports whether the rest of the window is every row less the selection: no filter,
// search or ad hoc filter, and every row has the range's time (a ticket without a resolved time is in neither).
func restIsWholeLessRange(v *store.View, c query.Common) bool {
	if !unfiltered(c) {
		return false
	}
	for _, t := range v.Times(c.TimeField) {
		if t == 0 {
			return false
		}
	}
	return true
}

// unfiltered reports whether the query keeps every ticket of its range.
func unfiltered(c query.Common) bool { return c.Filter == nil && len(c.Filters) == 0 && c.Search == "" }

// impliedSample is how many tickets outside the range, at most, tell which values imply others.
const impliedSample = 1 << 15

// outsideSample is up to impliedSample tickets held outside [from, end], every n-th row of the store (rows are in
// the order the tickets arrived, so the sample spreads over the whole window).
func outsideSample(v *store.View, timeField string, from, end int64) []int32 {
	times := v.Times(timeField)
	step := max(1, len(times)/impliedSample)
	out := make([]int32, 0, min(len(times), impliedSample+1))
	for row := 0; row < len(times); row += step {
		if t := times[row]; t == 0 || t < from || t > end {
			out = append(out, int32(row)) // #nosec G115 -- rows are int32 by design
		}
	}
	return out
}

// wholeLess is the whole store's counts (rows tickets) less the selection's.
func wholeLess(cols []*store.Category, rows int, sel contrastSide) contrastSide {
	side := contrastSide{perValue: make([][]float64, len(cols)), total: float64(rows) - sel.total}
	for i, c := range cols {
		counts := make([]float64, c.Dict.Len())
		for code, n := range c.RowsPerValue() {
			counts[code] = float64(n) - sel.perValue[i][code]
		}
		side.perValue[i] = counts
	}
	return side
}

// wholePairs counts, over every row of the store, the rows holding both candidates i < j, at [i*k+j]: a bitset
// of rows per candidate, one pass per field used, then the size of each pair's intersection. lookup[f][code] is
// the candidate index + 1 of field f's value code, 0 for none; slots[f] as candidateSlots makes them.
func wholePairs(cols []*store.Category, rows int, cands []contrastRow, fieldsUsed []int, lookup [][]int16, slots [][]uint32) []float64 {
	k := len(cands)
	sets := make([][]uint64, k)
	for i := range sets {
		sets[i] = store.NewBitset(rows).Words()
	}
	parallel(len(fieldsUsed), rows >= parallelRows, func(u int) { // each field's candidates are its own bitsets
		f := fieldsUsed[u]
		col, in := cols[f], lookup[f]
		var mine []int
		for i, r := range cands {
			if r.fields[0] == f {
				mine = append(mine, i)
			}
		}
		var setSlots []uint32 // of a multi-valued column: per value set, a bit per candidate among its values
		if col.Multi {
			setSlots = slots[f]
		}
		switch codes := col.Codes(); codes.Width {
		case 1:
			candidateWords(codes.U8, rows, in, setSlots, mine, sets)
		case 2:
			candidateWords(codes.U16, rows, in, setSlots, mine, sets)
		default:
			candidateWords(codes.U32, rows, in, setSlots, mine, sets)
		}
	})
	out := make([]float64, k*k)
	parallel(k, rows >= parallelRows, func(i int) {
		a := sets[i]
		for j := i + 1; j < k; j++ {
			if f := cands[i].fields[0]; f == cands[j].fields[0] && !cols[f].Multi {
				continue
			}
			b, n := sets[j], 0
			for w := range a {
				n += bits.OnesCount64(a[w] & b[w])
			}
			out[i*k+j] = float64(n)
		}
	})
	return out
}

package engine

import (
	"math/bits"

	"github.com/spacetime/tickets/pkg/store"
)

// The contrast's counting loops, each instantiated per code width (store.Codes) and chosen once per column.

// countRows adds the rows to counts by value code, a multi-valued row once under each of its values.
func countRows[T store.Code](col *store.Category, codes []T, rows []int32, counts []float64) {
	if col.Multi {
		for _, row := range rows {
			for _, m := range col.Members(uint32(codes[row])) {
				counts[m]++
			}
		}
		return
	}
	for _, row := range rows {
		counts[codes[row]]++
	}
}

// candidateSlots gives, per field used and per code of it (a value, or a value set when multi-valued), the
// candidates among the code's values as bits: bit i for cands[i]. lookup[f][value code] is the candidate + 1.
func candidateSlots(cols []*store.Category, cands []contrastRow, fieldsUsed []int, lookup [][]int16) [][]uint32 {
	slots := make([][]uint32, len(cols))
	for _, f := range fieldsUsed {
		col := cols[f]
		slot := make([]uint32, col.Space())
		if !col.Multi {
			for code, i := range lookup[f] {
				if i > 0 {
					slot[code] = 1 << uint(i-1)
				}
			}
		} else {
			for code := range slot {
				for _, m := range col.Members(uint32(code)) { // #nosec G115 -- codes < Space
					if i := lookup[f][m]; i > 0 {
						slot[code] |= 1 << uint(i-1)
					}
				}
			}
		}
		slots[f] = slot
	}
	return slots
}

// pairChunk is how many rows pairCounts reads a column for at a time: their candidate bits stay in L1.
const pairChunk = 1024

// pairCounts counts the rows holding both candidates i ≤ j at [i*k+j] (the diagonal: the rows holding i), the
// rows taken in chunks and each chunk read column by column into a bitmask of candidates per row. Two values of
// one single-valued field are never in one row, so they are never counted together.
func pairCounts(cols []*store.Category, fieldsUsed []int, slots [][]uint32, k int, rows []int32) []float64 {
	out := make([]float64, k*k)
	masks := make([]uint32, min(len(rows), pairChunk))
	for lo := 0; lo < len(rows); lo += pairChunk {
		chunk := rows[lo:min(lo+pairChunk, len(rows))]
		m := masks[:len(chunk)]
		clear(m)
		for _, f := range fieldsUsed {
			switch codes := cols[f].Codes(); codes.Width {
			case 1:
				orSlots(codes.U8, slots[f], chunk, m)
			case 2:
				orSlots(codes.U16, slots[f], chunk, m)
			default:
				orSlots(codes.U32, slots[f], chunk, m)
			}
		}
		for _, mask := range m {
			for x := mask; x != 0; x &= x - 1 {
				i := bits.TrailingZeros32(x)
				out[i*k+i]++
				for y := x & (x - 1); y != 0; y &= y - 1 {
					out[i*k+bits.TrailingZeros32(y)]++
				}
			}
		}
	}
	return out
}

func orSlots[T store.Code](codes []T, slot []uint32, rows []int32, masks []uint32) {
	for i, row := range rows {
		masks[i] |= slot[codes[row]]
	}
}

// candidateWords fills sets[i] (i in mine: the candidates of one field) with the rows of the first rows of
// codes holding candidate i: 64 rows at a time into a word per candidate, slot 0 taking the rows of no
// candidate, so no branch per row. Four rows go to four copies of the words, so one row's update never waits for
// the previous row's. in[code] is the candidate + 1 of a single-valued field's code; setSlots (of a multi-valued
// field) the candidates of each value set as bits.
func candidateWords[T store.Code](codes []T, rows int, in []int16, setSlots []uint32, mine []int, sets [][]uint64) {
	var word [4][pairCandidates + 1]uint64
	codes = codes[:rows]
	for lo := 0; lo < rows; lo += 64 {
		block := codes[lo:min(lo+64, rows)]
		switch {
		case setSlots != nil:
			for b, code := range block {
				for m := setSlots[code]; m != 0; m &= m - 1 {
					word[0][bits.TrailingZeros32(m)+1] |= 1 << uint(b)
				}
			}
		case len(block) == 64:
			for b := 0; b < 64; b += 4 {
				word[0][in[block[b]]] |= 1 << uint(b)
				word[1][in[block[b+1]]] |= 2 << uint(b)
				word[2][in[block[b+2]]] |= 4 << uint(b)
				word[3][in[block[b+3]]] |= 8 << uint(b)
			}
		default:
			for b, code := range block {
				word[0][in[code]] |= 1 << uint(b)
			}
		}
		for _, i := range mine {
			sets[i][lo>>6] = word[0][i+1] | word[1][i+1] | word[2][i+1] | word[3][i+1]
		}
		word = [4][pairCandidates + 1]uint64{}
	}
}

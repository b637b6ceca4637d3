package filter

import "github.com/spacetime/tickets/pkg/store"

// codeHits are the category columns a search term is in some value of, grouped by code width, so a row is
// tested column by column without a switch on the width.
type codeHits struct {
	w8  []codeTable[uint8]
	w16 []codeTable[uint16]
	w32 []codeTable[uint32]
}

type codeTable[T store.Code] struct {
	codes []T
	table []bool
}

func (h *codeHits) add(col *store.Category, table []bool) {
	switch codes := col.Codes(); codes.Width {
	case 1:
		h.w8 = append(h.w8, codeTable[uint8]{codes.U8, table})
	case 2:
		h.w16 = append(h.w16, codeTable[uint16]{codes.U16, table})
	default:
		h.w32 = append(h.w32, codeTable[uint32]{codes.U32, table})
	}
}

// any reports whether row's code is marked in some column's table.
func (h *codeHits) any(row int) bool {
	return anyMarked(h.w8, row) || anyMarked(h.w16, row) || anyMarked(h.w32, row)
}

func anyMarked[T store.Code](tables []codeTable[T], row int) bool {
	for _, t := range tables {
		if t.table[t.codes[row]] {
			return true
		}
	}
	return false
}

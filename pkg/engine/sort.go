package engine

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/spacetime/tickets/pkg/query"
	"github.com/spacetime/tickets/pkg/store"
)

// sortKey compares two rows by one field; empty times sort last whatever the direction.
type sortKey struct {
	numbers []int64           // the id's number...
	ids     *store.TextColumn // ...then its text
	ints    []int64           // a time (0 = none)
	time    bool              // ints are times
	codes   *store.Codes      // a categorical column...
	rank    []int32           // ...and the rank of each code
	text    store.TextColumn
	desc    bool
}

func (k *sortKey) compare(a, b int32) int {
	var c int
	switch {
	case k.ids != nil:
		c = compareID(k.numbers, k.ids, a, b)
	case k.ints != nil:
		x, y := k.ints[a], k.ints[b]
		if k.time && (x == 0 || y == 0) {
			return cmp.Compare(boolInt(x == 0), boolInt(y == 0))
		}
		c = cmp.Compare(x, y)
	case k.codes != nil:
		c = cmp.Compare(k.rank[k.codes.At(int(a))], k.rank[k.codes.At(int(b))])
	default:
		c = strings.Compare(k.text.At(int(a)), k.text.At(int(b)))
	}
	if k.desc {
		return -c
	}
	return c
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// rowOrder is a multi-key sort order; ties end in id order (by number, then text).
type rowOrder struct {
	keys    []sortKey
	numbers []int64
	ids     *store.TextColumn
}

func (o *rowOrder) compare(a, b int32) int {
	for i := range o.keys {
		if c := o.keys[i].compare(a, b); c != 0 {
			return c
		}
	}
	return compareID(o.numbers, o.ids, a, b)
}

func compareID(numbers []int64, ids *store.TextColumn, a, b int32) int {
	if c := cmp.Compare(numbers[a], numbers[b]); c != 0 {
		return c
	}
	return strings.Compare(ids.At(int(a)), ids.At(int(b)))
}

func newRowOrder(v *store.View, keys []query.SortKey) (*rowOrder, error) {
	ids, _ := v.Text(store.KeyID)
	o := &rowOrder{numbers: v.Numbers(), ids: &ids}
	for _, k := range keys {
		kind, ok := v.Kind(k.Field)
		if !ok {
			return nil, fmt.Errorf("unknown field %q in sort", k.Field)
		}
		sk := sortKey{desc: k.Desc}
		switch {
		case k.Field == store.KeyID:
			sk.numbers, sk.ids = v.Numbers(), &ids
		case kind == store.KindTime:
			sk.ints, sk.time = v.Times(k.Field), true
		case kind == store.KindCategory:
			col := v.Category(k.Field)
			codes := col.Codes()
			sk.codes, sk.rank = &codes, categoryRanks(v, col)
		default:
			sk.text, _ = v.Text(k.Field)
		}
		o.keys = append(o.keys, sk)
	}
	return o, nil
}

// categoryRanks orders a dictionary by text, or severities by the ticket system's rank (unknown ones
// first, by text).
func categoryRanks(v *store.View, col *store.Category) []int32 {
	severityRank := map[string]int{}
	if col.Key == store.KeySeverity {
		for _, s := range v.Severities() {
			severityRank[s.Name] = s.Rank + 1
		}
	}
	codes := make([]uint32, col.Space())
	for i := range codes {
		codes[i] = uint32(i) // #nosec G115 -- a column holds far fewer than 2^32 codes
	}
	slices.SortFunc(codes, func(a, b uint32) int {
		x, y := col.CodeText(a), col.CodeText(b)
		if c := cmp.Compare(severityRank[x], severityRank[y]); c != 0 {
			return c
		}
		return strings.Compare(x, y)
	})
	rank := make([]int32, len(codes))
	for r, code := range codes {
		rank[code] = int32(r)
	}
	return rank
}

// firstRows returns the first limit rows of the set in order o, sorted, and whether more rows match.
// costly (may be nil) is the part of the filter still to test: it runs only on rows that would enter the
// first limit at the time they are seen, and on as few others as it takes to know whether more match.
// Large sets are split between two goroutines, each keeping its own first limit, merged at the end.
func firstRows(rows *store.Bitset, o *rowOrder, limit int, costly func(row int) bool) (first []int32, more bool) {
	if costly == nil && rows.Count() <= limit {
		out := rows.Rows()
		slices.SortFunc(out, o.compare)
		return out, false
	}
	words := len(rows.Words())
	if words < 2048 {
		return firstRowsIn(rows, 0, words, o, limit, costly)
	}
	var low, high []int32
	var moreLow, moreHigh bool
	var wg sync.WaitGroup
	wg.Go(func() { high, moreHigh = firstRowsIn(rows, words/2, words, o, limit, costly) })
	low, moreLow = firstRowsIn(rows, 0, words/2, o, limit, costly)
	wg.Wait()
	merged := append(low, high...)
	slices.SortFunc(merged, o.compare)
	if len(merged) > limit {
		return merged[:limit], true
	}
	return merged, moreLow || moreHigh
}

func firstRowsIn(rows *store.Bitset, lo, hi int, o *rowOrder, limit int, costly func(row int) bool) (first []int32, more bool) {
	h := topK{order: o, rows: make([]int32, 0, limit), limit: limit}
	var skipped []int32
	rows.ForEachIn(lo, hi, func(r int) {
		row := int32(r) // #nosec G115 -- store rows are < 2^31
		if !h.wouldTake(row) {
			if costly == nil {
				more = true
			} else if !more {
				skipped = append(skipped, row)
			}
			return
		}
		if costly != nil && !costly(r) {
			return
		}
		if h.push(row) {
			more = true
		}
	})
	for _, row := range skipped {
		if more {
			break
		}
		more = costly(int(row))
	}
	slices.SortFunc(h.rows, o.compare)
	return h.rows, more
}

// topK keeps the best limit rows seen so far, the worst of them at the root of a heap.
type topK struct {
	order *rowOrder
	rows  []int32
	limit int
}

func (h *topK) wouldTake(row int32) bool {
	return len(h.rows) < h.limit || h.order.compare(row, h.rows[0]) < 0
}

func (h *topK) worse(i, j int) bool { return h.order.compare(h.rows[i], h.rows[j]) > 0 }

// push adds row (which wouldTake) and reports whether another row had to go.
func (h *topK) push(row int32) (evicted bool) {
	if len(h.rows) < h.limit {
		h.rows = append(h.rows, row)
		for i := len(h.rows) - 1; i > 0; {
			p := (i - 1) / 2
			if !h.worse(i, p) {
				break
			}
			h.rows[i], h.rows[p] = h.rows[p], h.rows[i]
			i = p
		}
		return false
	}
	h.rows[0] = row
	for i := 0; ; {
		l, r, w := 2*i+1, 2*i+2, i
		if l < len(h.rows) && h.worse(l, w) {
			w = l
		}
		if r < len(h.rows) && h.worse(r, w) {
			w = r
		}
		if w == i {
			return true
		}
		h.rows[i], h.rows[w] = h.rows[w], h.rows[i]
		i = w
	}
}

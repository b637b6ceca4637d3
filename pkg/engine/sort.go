package engine

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/spacetime/tickets/pkg/query"
	"github.com/spacetime/tickets/pkg/store"
)

// sortKey compares two rows by one field; empty times sort last whatever the direction.
type sortKey struct {
	ints  []int64  // id, or a time (0 = none)
	time  bool     // ints are times
	codes []uint32 // a categorical column...
	rank  []int32  // ...and the rank of each code
	text  []string
	desc  bool
}

func (k *sortKey) compare(a, b int32) int {
	var c int
	switch {
	case k.ints != nil:
		x, y := k.ints[a], k.ints[b]
		if k.time && (x == 0 || y == 0) {
			return cmp.Compare(boolInt(x == 0), boolInt(y == 0))
		}
		c = cmp.Compare(x, y)
	case k.codes != nil:
		c = cmp.Compare(k.rank[k.codes[a]], k.rank[k.codes[b]])
	default:
		c = strings.Compare(k.text[a], k.text[b])
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

// rowOrder is a multi-key sort order; ties end in id order.
type rowOrder struct {
	keys []sortKey
	ids  []int64
}

func (o *rowOrder) compare(a, b int32) int {
	for i := range o.keys {
		if c := o.keys[i].compare(a, b); c != 0 {
			return c
		}
	}
	return cmp.Compare(o.ids[a], o.ids[b])
}

func newRowOrder(v *store.View, keys []query.SortKey) (*rowOrder, error) {
	o := &rowOrder{ids: v.IDs()}
	for _, k := range keys {
		kind, ok := v.Kind(k.Field)
		if !ok {
			return nil, fmt.Errorf("unknown field %q in sort", k.Field)
		}
		sk := sortKey{desc: k.Desc}
		switch kind {
		case store.KindNumber:
			sk.ints = v.IDs()
		case store.KindTime:
			sk.ints, sk.time = v.Times(k.Field), true
		case store.KindCategory:
			col := v.Category(k.Field)
			sk.codes, sk.rank = col.Codes, categoryRanks(v, col)
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
	codes := make([]uint32, col.Dict.Len())
	for i := range codes {
		codes[i] = uint32(i)
	}
	slices.SortFunc(codes, func(a, b uint32) int {
		x, y := col.Dict.Value(a), col.Dict.Value(b)
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

// firstRows returns the first limit rows of the set in order o, sorted.
func firstRows(rows *store.Bitset, o *rowOrder, limit int) []int32 {
	if rows.Count() <= limit {
		out := rows.Rows()
		slices.SortFunc(out, o.compare)
		return out
	}
	// A heap of the best limit rows so far, the worst of them at the root.
	heap := make([]int32, 0, limit)
	worse := func(i, j int) bool { return o.compare(heap[i], heap[j]) > 0 }
	rows.ForEach(func(r int) {
		row := int32(r)
		if len(heap) < limit {
			heap = append(heap, row)
			for i := len(heap) - 1; i > 0; {
				p := (i - 1) / 2
				if !worse(i, p) {
					break
				}
				heap[i], heap[p] = heap[p], heap[i]
				i = p
			}
			return
		}
		if o.compare(row, heap[0]) >= 0 {
			return
		}
		heap[0] = row
		for i := 0; ; {
			l, r, w := 2*i+1, 2*i+2, i
			if l < len(heap) && worse(l, w) {
				w = l
			}
			if r < len(heap) && worse(r, w) {
				w = r
			}
			if w == i {
				break
			}
			heap[i], heap[w] = heap[w], heap[i]
			i = w
		}
	})
	slices.SortFunc(heap, o.compare)
	return heap
}

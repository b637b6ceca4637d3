package engine

import (
	"cmp"
	"fmt"
	"slices"
	"time"

	"github.com/spacetime/tickets/pkg/filter"
	"github.com/spacetime/tickets/pkg/query"
	"github.com/spacetime/tickets/pkg/store"
)

// ValuesQuery asks for the values of one field (variables, ad hoc filter values).
type ValuesQuery struct {
	Field string
	query.Common
	// From and To narrow the counts to tickets whose TimeField is in range; zero means unbounded.
	From, To time.Time
	// Limit caps the number of values; 0 means all.
	Limit int
}

// Value is one value of a field and how many tickets have it.
type Value struct {
	Value string `json:"value"`
	Count int    `json:"count"`
}

// Values lists the values of q.Field among the matching tickets, most frequent first (ties by value).
func Values(s *store.Store, q ValuesQuery) (out []Value, err error) {
	s.Read(func(v *store.View) { out, err = values(v, q) })
	return out, err
}

func values(v *store.View, q ValuesQuery) ([]Value, error) {
	kind, ok := v.Kind(q.Field)
	if !ok {
		return nil, fmt.Errorf("unknown field %q", q.Field)
	}
	var candidates *store.Bitset
	if !q.From.IsZero() || !q.To.IsZero() {
		r := Request{From: q.From, To: q.To}.millis()
		timeField := q.TimeField
		if timeField == "" {
			timeField = query.TimeOpened
		}
		candidates = inRange(v, timeField, r)
	}
	rows, err := matching(v, q.Common, candidates)
	if err != nil {
		return nil, err
	}
	var out []Value
	if kind == store.KindCategory {
		col := v.Category(q.Field)
		counts := make([]int, col.Dict.Len())
		switch codes := col.Codes(); codes.Width {
		case 1:
			countValues(col, codes.U8, rows, counts)
		case 2:
			countValues(col, codes.U16, rows, counts)
		default:
			countValues(col, codes.U32, rows, counts)
		}
		for code, n := range counts {
			if n > 0 {
				out = append(out, Value{Value: col.Dict.Value(uint32(code)), Count: n})
			}
		}
	} else {
		text := cellText(v, kind, q.Field)
		counts := map[string]int{}
		rows.ForEach(func(row int) { counts[text(row)]++ })
		for value, n := range counts {
			out = append(out, Value{Value: value, Count: n})
		}
	}
	slices.SortFunc(out, func(a, b Value) int {
		if c := cmp.Compare(b.Count, a.Count); c != 0 {
			return c
		}
		return cmp.Compare(a.Value, b.Value)
	})
	if q.Limit > 0 && len(out) > q.Limit {
		out = out[:q.Limit]
	}
	return out, nil
}

// countValues adds the rows to counts by value code, a multi-valued row once under each of its values.
func countValues[T store.Code](col *store.Category, codes []T, rows *store.Bitset, counts []int) {
	if col.Multi {
		rows.ForEach(func(row int) {
			for _, m := range col.Members(uint32(codes[row])) {
				counts[m]++
			}
		})
		return
	}
	rows.ForEach(func(row int) { counts[codes[row]]++ })
}

// cellText returns a field's text as filters compare it.
func cellText(v *store.View, kind store.Kind, key string) func(row int) string {
	switch kind {
	case store.KindTime:
		times := v.Times(key)
		return func(row int) string {
			if times[row] == 0 {
				return ""
			}
			return store.TimeOf(times[row]).Format(filter.TimeLayout)
		}
	case store.KindCategory:
		col := v.Category(key)
		return col.Value
	}
	text, _ := v.Text(key)
	return text.At
}

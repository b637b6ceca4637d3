package engine

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/spacetime/tickets/pkg/frames"
	"github.com/spacetime/tickets/pkg/store"
)

// OtherValue labels the group that sums every group beyond topN.
const OtherValue = "other"

// noneDisplay shows an empty value in display names.
const noneDisplay = "(none)"

// grouper gives each row the index of its value combination over the groupBy columns.
type grouper struct {
	cols    []*store.Category
	codes   []store.Codes // of each column
	radix   []uint64
	dense   []int32 // combination → group+1 when the combinations are few
	sparse  map[uint64]int32
	groups  [][]uint32 // the value codes of each group
	multi   bool       // a column is multi-valued
	scratch []uint32   // the value codes of the combination being looked up
	out     []int      // groupsOf's answer
	bySet   [][]int    // one multi-valued column alone: the groups of each value set, once seen
}

const maxDenseCombinations = 1 << 20

func newGrouper(v *store.View, keys []string) (*grouper, error) {
	g := &grouper{}
	combos := uint64(1)
	for _, key := range keys {
		kind, ok := v.Kind(key)
		if !ok {
			return nil, fmt.Errorf("unknown field %q in groupBy", key)
		}
		if kind != store.KindCategory {
			return nil, fmt.Errorf("groupBy cannot use %q: group by severity, status, state or a dimension", key)
		}
		col := v.Category(key)
		n := uint64(col.Dict.Len()) // #nosec G115 -- a length is never negative
		if combos > (1<<63)/n {
			return nil, fmt.Errorf("groupBy %s has too many value combinations", strings.Join(keys, ", "))
		}
		g.cols = append(g.cols, col)
		g.codes = append(g.codes, col.Codes())
		g.multi = g.multi || col.Multi
		g.radix = append(g.radix, combos)
		combos *= n
	}
	if combos <= maxDenseCombinations {
		g.dense = make([]int32, combos)
	} else {
		g.sparse = map[uint64]int32{}
	}
	return g, nil
}

// groupsOf returns the indexes of the groups row belongs to, adding groups when new: one group, or with a
// multi-valued column one per value (a ticket with labels a and b counts once under each). The slice is
// reused by the next call.
func (g *grouper) groupsOf(row int) []int {
	if g.scratch == nil {
		g.scratch = make([]uint32, len(g.cols))
	}
	g.out = g.out[:0]
	if !g.multi {
		var combo uint64
		for i := range g.codes {
			code := g.codes[i].At(row)
			g.scratch[i] = code
			combo += uint64(code) * g.radix[i]
		}
		g.out = append(g.out, g.lookup(combo))
		return g.out
	}
	if len(g.cols) == 1 {
		// Rows share few value sets: look each set's groups up once.
		c := g.cols[0]
		if g.bySet == nil {
			g.bySet = make([][]int, c.Space())
		}
		code := g.codes[0].At(row)
		if g.bySet[code] == nil {
			g.combine(row, 0, 0)
			g.bySet[code] = slices.Clone(g.out)
		}
		return g.bySet[code]
	}
	g.combine(row, 0, 0)
	return g.out
}

func (g *grouper) combine(row, col int, combo uint64) {
	if col == len(g.cols) {
		g.out = append(g.out, g.lookup(combo))
		return
	}
	c, code := g.cols[col], g.codes[col].At(row)
	if !c.Multi {
		g.scratch[col] = code
		g.combine(row, col+1, combo+uint64(code)*g.radix[col])
		return
	}
	for _, m := range c.Members(code) {
		g.scratch[col] = m
		g.combine(row, col+1, combo+uint64(m)*g.radix[col])
	}
}

// lookup returns the group of a combination whose codes are in g.scratch, adding it when new.
func (g *grouper) lookup(combo uint64) int {
	var idx int32
	if g.dense != nil {
		idx = g.dense[combo] - 1
	} else if v, ok := g.sparse[combo]; ok {
		idx = v - 1
	} else {
		idx = -1
	}
	if idx >= 0 {
		return int(idx)
	}
	g.groups = append(g.groups, slices.Clone(g.scratch))
	idx = int32(len(g.groups)) // #nosec G115 -- groups are bounded by store rows times values (< 2^31)
	if g.dense != nil {
		g.dense[combo] = idx
	} else {
		g.sparse[combo] = idx
	}
	return int(idx - 1)
}

func (g *grouper) values(group int) []string {
	out := make([]string, len(g.cols))
	for i, c := range g.cols {
		out[i] = c.Dict.Value(g.groups[group][i])
	}
	return out
}

func (g *grouper) keys() []frames.GroupKey {
	out := make([]frames.GroupKey, len(g.cols))
	for i, c := range g.cols {
		out[i] = frames.GroupKey{Key: c.Key, Name: c.Name}
	}
	return out
}

// ranked is a group (or "other") with its values and its weight for top-N.
type ranked struct {
	values []string
	total  float64
	index  int // the grouper's group index; -1 for other
	others []int
}

// topGroups orders groups by total, largest first (ties by values), keeps topN (0: all) and folds the
// rest into one "other" group, last.
func topGroups(g *grouper, totals []float64, topN int) []ranked {
	out := make([]ranked, len(g.groups))
	for i := range g.groups {
		out[i] = ranked{values: g.values(i), total: totals[i], index: i}
	}
	slices.SortFunc(out, func(a, b ranked) int {
		if c := cmp.Compare(b.total, a.total); c != 0 {
			return c
		}
		return slices.Compare(a.values, b.values)
	})
	if topN <= 0 || len(out) <= topN {
		return out
	}
	other := ranked{values: otherValues(out[:topN], len(g.cols)), index: -1}
	for _, r := range out[topN:] {
		other.total += r.total
		other.others = append(other.others, r.index)
	}
	return append(out[:topN:topN], other)
}

// otherValues labels the other group "other" in every key, or "(other)" if a kept group already is
// "other" in every key, so the series stay distinct.
func otherValues(kept []ranked, n int) []string {
	label := OtherValue
	for _, r := range kept {
		if slices.IndexFunc(r.values, func(s string) bool { return s != OtherValue }) < 0 {
			label = "(" + OtherValue + ")"
		}
	}
	out := make([]string, n)
	for i := range out {
		out[i] = label
	}
	return out
}

func labelsOf(keys []frames.GroupKey, values []string) data.Labels {
	l := data.Labels{}
	for i, k := range keys {
		l[k.Key] = values[i]
	}
	return l
}

func displayOf(values []string) string {
	parts := make([]string, len(values))
	for i, v := range values {
		if v == "" {
			v = noneDisplay
		}
		parts[i] = v
	}
	return strings.Join(parts, ", ")
}

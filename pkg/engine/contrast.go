package engine

import (
	"cmp"
	"fmt"
	"math"
	"net/url"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/spacetime/tickets/pkg/frames"
	"github.com/spacetime/tickets/pkg/query"
	"github.com/spacetime/tickets/pkg/store"
)

// MinContrastRange is the shortest range contrast compares: below it a handful of tickets decide.
const MinContrastRange = time.Minute

// pairCandidates is how many of the best single values are combined into pairs.
const pairCandidates = 16

// Contrast compares the tickets in the range (the selection: the query's filter, search and ad hoc filters)
// with a baseline (the same length before it, the same time of day on previous days, or the rest of the
// window, under the same filters) and returns the values, and pairs of values, that are over-represented:
// their count, the count expected from the baseline's share, the lift, the excess and a G-test score.
func Contrast(s *store.Store, q query.Contrast, r Request) (frame *data.Frame, err error) {
	s.Read(func(v *store.View) { frame, err = contrast(v, q, r) })
	return frame, err
}

// contrastSide is one side's tickets: count per field and value code, and the total.
type contrastSide struct {
	perValue [][]float64
	total    float64
}

func contrast(v *store.View, q query.Contrast, r Request) (*data.Frame, error) {
	from, end := r.millis().from, r.end()
	if length := time.Duration(end-from) * time.Millisecond; length < MinContrastRange {
		return nil, fmt.Errorf("the range is %s long: contrast needs at least %s to compare", length.Round(time.Second), MinContrastRange)
	}
	cols, err := contrastFields(v, q.Fields)
	if err != nil {
		return nil, err
	}
	// Each side is a list of rows (a seasonal baseline may list a row once per day it falls in), found by time
	// first and filtered after, so the filter only runs on the rows in play.
	side := func(candidates *store.Bitset) ([]int32, error) {
		rows, err := matching(v, q.Common, candidates)
		if err != nil {
			return nil, err
		}
		return rows.Rows(), nil
	}
	selection, err := side(inRange(v, q.TimeField, timeRange{from, end}))
	if err != nil {
		return nil, err
	}
	var baseline []int32
	var notice string
	wholeRest := false
	switch q.Baseline {
	case query.BaselinePrevious:
		baseline, err = side(inRange(v, q.TimeField, timeRange{from - (end - from) - 1, from - 1}))
	case query.BaselineRest:
		if wholeRest = restIsWholeLessRange(v, q.Common); !wholeRest {
			rest := inRange(v, q.TimeField, timeRange{math.MinInt64 + 1, from - 1})
			rest.Or(inRange(v, q.TimeField, timeRange{end + 1, math.MaxInt64}))
			baseline, err = side(rest)
		}
	case query.BaselineSeasonal:
		w := newSeasonalWindow(v, from, end, SeasonalPad, q.SeasonalDays)
		notice = w.notice()
		times := v.Times(q.TimeField)
		var rows []int32
		if rows, err = side(w.candidates(times)); err == nil {
			baseline = w.repeat(times, rows)
		}
	}
	if err != nil {
		return nil, err
	}

	sel := countSide(cols, selection)
	var base contrastSide
	if wholeRest {
		base = wholeLess(cols, v.Len(), sel)
	} else {
		base = countSide(cols, baseline)
	}
	c := contrastCounts{q: q, cols: cols, sel: sel, base: base, wholeRest: wholeRest, rows: v.Len()}
	if !wholeRest {
		c.outside = outsideSample(v, q.TimeField, from, end)
	}
	var found []contrastRow
	switch {
	case sel.total == 0:
		notice = joinNotices(notice, "no tickets in the range: nothing to contrast")
	case base.total == 0 && notice != "":
		// the seasonal notice already says why
	case base.total == 0:
		notice = joinNotices(notice, fmt.Sprintf("the baseline (%s) holds no tickets: nothing to compare the range with", describeBaseline(q)))
	default:
		singles := c.singles()
		pairs, implied := c.pairs(singles, selection, baseline)
		found = c.keep(slices.DeleteFunc(singles, func(r contrastRow) bool { return implied[r.key()] }))
		if q.Pairs {
			found = append(found, c.keep(pairs)...)
		}
	}

	var frame *data.Frame
	if q.Format == query.FormatSummary {
		frame = contrastSummary(found)
	} else {
		frame = contrastFrame(found, q.Value, q.AdHocVariable)
	}
	if notice != "" {
		frame.AppendNotices(data.Notice{Severity: data.NoticeSeverityInfo, Text: notice})
	}
	return frame, nil
}

func describeBaseline(q query.Contrast) string {
	switch q.Baseline {
	case query.BaselineSeasonal:
		return fmt.Sprintf("the same time of day over the previous %d days", q.SeasonalDays)
	case query.BaselineRest:
		return "the rest of the synced window"
	}
	return "the same length of time just before the range"
}

// contrastFields are the named fields, or severity, tracker and every dimension.
func contrastFields(v *store.View, keys []string) ([]*store.Category, error) {
	if len(keys) == 0 {
		out := []*store.Category{v.Category(store.KeySeverity)}
		return append(out, v.Dimensions()...), nil
	}
	var out []*store.Category
	for _, key := range keys {
		kind, ok := v.Kind(key)
		if !ok {
			return nil, fmt.Errorf("unknown field %q in fields", key)
		}
		if kind != store.KindCategory {
			return nil, fmt.Errorf("fields cannot use %q: contrast compares severity, status, state or a dimension", key)
		}
		out = append(out, v.Category(key))
	}
	return out, nil
}

// countSide counts column by column, a tight loop each, the columns spread over the cores (a month's rest of
// the window is a million rows).
func countSide(cols []*store.Category, rows []int32) contrastSide {
	side := contrastSide{perValue: make([][]float64, len(cols)), total: float64(len(rows))}
	parallel(len(cols), len(rows) >= parallelRows, func(i int) {
		c := cols[i]
		counts := make([]float64, c.Dict.Len())
		switch codes := c.Codes(); codes.Width {
		case 1:
			countRows(c, codes.U8, rows, counts)
		case 2:
			countRows(c, codes.U16, rows, counts)
		default:
			countRows(c, codes.U32, rows, counts)
		}
		side.perValue[i] = counts
	})
	return side
}

// parallelRows is the side size from which counting is spread over the cores.
const parallelRows = 100_000

// parallel runs fn(0..n-1), on GOMAXPROCS goroutines when spread, else in order.
func parallel(n int, spread bool, fn func(i int)) {
	workers := min(runtime.GOMAXPROCS(0), n)
	if !spread || workers < 2 {
		for i := range n {
			fn(i)
		}
		return
	}
	var wg sync.WaitGroup
	next := atomic.Int64{}
	for range workers {
		wg.Go(func() {
			for i := int(next.Add(1) - 1); i < n; i = int(next.Add(1) - 1) {
				fn(i)
			}
		})
	}
	wg.Wait()
}

// contrastRow is one value (one part) or pair (two parts) with its numbers.
type contrastRow struct {
	fields       []int // column indexes
	codes        []uint32
	keys, values []string
	contrastStats
}

type contrastStats struct{ count, expected, lift, excess, score float64 }

// newContrastStats compares a count in the selection with one in the baseline, given both totals.
func newContrastStats(s, b, nS, nB float64) contrastStats {
	e := b * nS / nB
	st := contrastStats{count: s, expected: e, lift: (s + 1) / (e + 1), excess: s - e, score: gTest(s, nS-s, b, nB-b)}
	if s < e {
		st.score = -st.score
	}
	return st
}

// gTest is the log-likelihood ratio statistic G of a 2×2 table (value / not value × selection / baseline):
// 2 Σ O ln(O/E), chi-squared with one degree of freedom (10.8 is p = 0.001, 15.1 is p = 0.0001), and well
// behaved for small counts where a chi-squared or z-score overstates.
func gTest(a, b, c, d float64) float64 {
	n := a + b + c + d
	rowA, rowB, colA, colB := a+b, c+d, a+c, b+d
	term := func(o, e float64) float64 {
		if o == 0 || e == 0 {
			return 0
		}
		return o * math.Log(o/e)
	}
	g := 2 * (term(a, rowA*colA/n) + term(b, rowA*colB/n) + term(c, rowB*colA/n) + term(d, rowB*colB/n))
	return max(g, 0)
}

type contrastCounts struct {
	q         query.Contrast
	cols      []*store.Category
	sel, base contrastSide
	// wholeRest: the baseline is every row of the store (rows of them) less the selection.
	wholeRest bool
	rows      int
	// outside are tickets held outside the range, without the query's filters (a sample: outsideSample), which
	// tell which values imply others; with wholeRest the baseline is all of them.
	outside []int32
}

// singles are every non-empty value with at least minSupport tickets in the selection, best first.
func (c contrastCounts) singles() []contrastRow {
	var out []contrastRow
	for f, col := range c.cols {
		for code, s := range c.sel.perValue[f] {
			if s < float64(max(c.q.MinSupport, 1)) || col.Dict.Value(uint32(code)) == "" { // #nosec G115 -- codes < dictionary length
				continue
			}
			st := newContrastStats(s, c.base.perValue[f][code], c.sel.total, c.base.total)
			out = append(out, contrastRow{fields: []int{f}, codes: []uint32{uint32(code)}, contrastStats: st}) // #nosec G115
		}
	}
	c.rank(out)
	return out
}

// impliedShare is how often, in the baseline, a value must come with another to count as implied by it: team=storefront when every checkout ticket is the storefront team's.
const impliedShare = 0.95

// pairs combines the best over-represented singles (of different fields, or two values of one multi-valued
// field) and keeps the pairs that explain more than either part (a higher score than both). It also names the singles implied by a better-ranked single
// (nearly always together with it): their excess is the better one's, so they are left out, and so are pairs
// of a value with one it implies.
func (c contrastCounts) pairs(singles []contrastRow, selection, baseline []int32) ([]contrastRow, map[string]bool) {
	var cands []contrastRow
	for _, r := range singles {
		if r.excess > 0 && r.score >= c.q.MinScore && len(cands) < pairCandidates {
			cands = append(cands, r)
		}
	}
	implied := map[string]bool{}
	if len(cands) < 2 {
		return nil, implied
	}
	// lookup[field][value code] is the candidate index + 1.
	lookup := make([][]int16, len(c.cols))
	var fieldsUsed []int
	for i, r := range cands {
		f := r.fields[0]
		if lookup[f] == nil {
			lookup[f] = make([]int16, c.cols[f].Dict.Len())
			fieldsUsed = append(fieldsUsed, f)
		}
		lookup[f][r.codes[0]] = int16(i + 1) // #nosec G115 -- at most pairCandidates
	}
	k := len(cands)
	slots := candidateSlots(c.cols, cands, fieldsUsed, lookup)
	var countPairs func(rows []int32) []float64
	count := func(all []int32) []float64 {
		parts := min(runtime.GOMAXPROCS(0), 1+len(all)/parallelRows)
		sums := make([][]float64, parts)
		parallel(parts, parts > 1, func(p int) {
			sums[p] = countPairs(all[p*len(all)/parts : (p+1)*len(all)/parts])
		})
		for _, x := range sums[1:] {
			for i, n := range x {
				sums[0][i] += n
			}
		}
		return sums[0]
	}
	countPairs = func(rows []int32) []float64 { return pairCounts(c.cols, fieldsUsed, slots, k, rows) }
	selPairs := count(selection)
	// Implication (team=storefront with service=checkout) is read from the tickets held outside the range, without
	// the query's filters: in the range an outage makes its own values co-occur, and a short baseline may hold too
	// few tickets of a small service to tell.
	var basePairs, outsidePairs []float64
	outsideCounts := make([]float64, k)
	if c.wholeRest { // the baseline is every ticket outside the range
		basePairs = wholePairs(c.cols, c.rows, cands, fieldsUsed, lookup, slots)
		for i, n := range selPairs {
			basePairs[i] -= n
		}
		outsidePairs = basePairs
		for i, r := range cands {
			outsideCounts[i] = c.base.perValue[r.fields[0]][r.codes[0]]
		}
	} else {
		basePairs, outsidePairs = count(baseline), count(c.outside)
		for i := range cands {
			outsideCounts[i] = outsidePairs[i*k+i]
		}
	}
	together := func(x, y int) float64 { return outsidePairs[min(x, y)*k+max(x, y)] }
	// impliedBy: x has enough tickets, nearly all of them with y, x explains at least half of y's excess, and
	// y does not equally imply x (then the better-ranked of the two stays).
	impliedBy := func(y, x int) bool {
		bx := outsideCounts[x]
		if x == y || bx < float64(max(c.q.MinSupport, 1)) || together(x, y) < impliedShare*bx || cands[x].excess < cands[y].excess/2 {
			return false
		}
		return together(x, y) < impliedShare*outsideCounts[y] || x < y
	}
	for y := range k {
		for x := range k {
			if impliedBy(y, x) {
				implied[cands[y].key()] = true
			}
		}
	}
	var out []contrastRow
	for i := range k {
		for j := i + 1; j < k; j++ {
			s := selPairs[i*k+j]
			if s < float64(max(c.q.MinSupport, 1)) || implied[cands[i].key()] || implied[cands[j].key()] {
				continue
			}
			st := newContrastStats(s, basePairs[i*k+j], c.sel.total, c.base.total)
			if st.score <= max(cands[i].score, cands[j].score) {
				continue
			}
			a, b := cands[i], cands[j]
			// A pair is named in field order (two values of one field in their order), whichever part ranks higher.
			fa, fb := a.fields[0], b.fields[0]
			if fa > fb || fa == fb && c.cols[fa].Dict.Value(a.codes[0]) > c.cols[fb].Dict.Value(b.codes[0]) {
				a, b = b, a
			}
			out = append(out, contrastRow{fields: []int{a.fields[0], b.fields[0]}, codes: []uint32{a.codes[0], b.codes[0]}, contrastStats: st})
		}
	}
	c.rank(out)
	return out, implied
}

// key identifies a single value among the candidates.
func (r contrastRow) key() string { return fmt.Sprint(r.fields, r.codes) }

// keep applies the thresholds and top N.
func (c contrastCounts) keep(rows []contrastRow) []contrastRow {
	var out []contrastRow
	for _, r := range rows {
		if r.excess > 0 && r.lift >= c.q.MinLift && r.score >= c.q.MinScore {
			out = append(out, r)
		}
	}
	if c.q.TopN > 0 && len(out) > c.q.TopN {
		out = out[:c.q.TopN]
	}
	for i := range out {
		out[i].fields = slices.Clone(out[i].fields)
	}
	return c.named(out)
}

// rank orders by excess tickets (BubbleUp's difference in proportions, times the selection's size: how much of
// the change a value explains), or by score; the other breaks ties.
func (c contrastCounts) rank(rows []contrastRow) {
	first, second := func(r contrastRow) float64 { return r.excess }, func(r contrastRow) float64 { return r.score }
	if c.q.Rank == query.RankScore {
		first, second = second, first
	}
	slices.SortStableFunc(rows, func(a, b contrastRow) int {
		if x := cmp.Compare(first(b), first(a)); x != 0 {
			return x
		}
		return cmp.Compare(second(b), second(a))
	})
}

// named fills in the keys and values for the frame.
func (c contrastCounts) named(rows []contrastRow) []contrastRow {
	for i := range rows {
		rows[i].keys = make([]string, len(rows[i].fields))
		rows[i].values = make([]string, len(rows[i].fields))
		for p, f := range rows[i].fields {
			rows[i].keys[p] = c.cols[f].Key
			rows[i].values[p] = c.cols[f].Dict.Value(rows[i].codes[p])
		}
	}
	return rows
}

func (r contrastRow) name() string {
	parts := make([]string, len(r.keys))
	for i := range r.keys {
		parts[i] = r.keys[i] + "=" + r.values[i]
	}
	return strings.Join(parts, " ∧ ")
}

// filterLink is the URL query text that adds the row's values to the dashboard's ad hoc filters, as Grafana
// writes them: var-<variable>=<key>|=|<value>, once per part.
func (r contrastRow) filterLink(variable string) string {
	escape := func(s string) string { return strings.ReplaceAll(url.QueryEscape(s), "+", "%20") }
	parts := make([]string, len(r.keys))
	for i := range r.keys {
		parts[i] = "var-" + escape(variable) + "=" + escape(r.keys[i]+"|=|"+r.values[i])
	}
	return strings.Join(parts, "&")
}

func contrastFrame(rows []contrastRow, value, variable string) *data.Frame {
	cr := make([]frames.ContrastRow, len(rows))
	for i, r := range rows {
		cr[i] = frames.ContrastRow{Name: r.name(), Keys: r.keys, Values: r.values, Filters: r.filterLink(variable),
			Numbers: map[string]float64{query.ContrastCount: r.count, query.ContrastExpected: r.expected,
				query.ContrastLift: r.lift, query.ContrastExcess: r.excess, query.ContrastScore: r.score}}
	}
	numbers := query.ContrastNumbers
	if value != "" {
		numbers = []string{value}
	}
	return frames.Contrast(cr, numbers)
}

// contrastSummary is one number, the best single value's lift (0 when none stands out), labelled "likely"
// with the three best single values and their lifts, for an alert's notification.
func contrastSummary(rows []contrastRow) *data.Frame {
	var parts []string
	top := 0.0
	for _, r := range rows {
		if len(r.keys) != 1 || len(parts) == 3 {
			continue
		}
		if len(parts) == 0 {
			top = r.lift
		}
		parts = append(parts, fmt.Sprintf("%s ×%.1f", r.name(), r.lift))
	}
	likely := strings.Join(parts, ", ")
	if likely == "" {
		likely = "no service, region or category stands out"
	}
	return frames.ContrastSummary(top, likely)
}

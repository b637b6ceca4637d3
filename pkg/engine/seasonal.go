package engine

import (
	"fmt"
	"slices"

	"github.com/spacetime/tickets/pkg/store"
)

const dayMillis = int64(day / 1e6)

// SeasonalPad widens each previous day's window on both sides before its count is scaled back to the window's
// length: a 10-minute window's normal then rests on 70 minutes a day, not 10, which damps the Poisson noise of
// one day (a 10-minute count of ≈ 50 strays by ±14 in one day in twenty) while the daily rhythm barely bends
// over the hour. Buckets of the timeseries metric are not widened: each is the same bucket on previous days.
const SeasonalPad = 30 * 60 * 1000

// seasonalWindow is the same window at the same time of day on each of the previous days that the store
// holds tickets for: day k (1 ≤ k ≤ days) spans [from − k·day − pad, end − k·day + pad]. It is the one
// definition of "normal for this time" that the stats, timeseries and breakdown baselines and contrast's
// seasonal baseline share.
type seasonalWindow struct {
	from, end int64
	pad       int64
	// days are the k of the previous days whose window lies inside the store's history, nearest first.
	days []int
	// asked is how many days the query asked for.
	asked int
}

// newSeasonalWindow keeps the previous days whose window starts at or after the store's oldest ticket: a day
// before the history began would count as zero tickets and drag the median down.
func newSeasonalWindow(v *store.View, from, end, pad int64, days int) seasonalWindow {
	w := seasonalWindow{from: from, end: end, pad: pad, asked: days}
	oldest := oldestOpened(v)
	for k := 1; k <= days; k++ {
		if oldest != 0 && from-pad-int64(k)*dayMillis >= oldest {
			w.days = append(w.days, k)
		}
	}
	return w
}

// oldestOpened is the earliest opened time in the store (0 when empty).
func oldestOpened(v *store.View) int64 {
	var oldest int64
	for _, t := range v.Times(store.KeyOpened) {
		if t != 0 && (oldest == 0 || t < oldest) {
			oldest = t
		}
	}
	return oldest
}

// notice explains a baseline over fewer days than asked, or none.
func (w seasonalWindow) notice() string {
	switch {
	case len(w.days) == 0:
		return fmt.Sprintf("no seasonal baseline: the store holds no tickets from a whole day before this range (asked for %d days)", w.asked)
	case len(w.days) < w.asked:
		return fmt.Sprintf("seasonal baseline over %d of the %d days asked: the store holds no older tickets", len(w.days), w.asked)
	}
	return ""
}

// scale turns a count over one day's widened window into a count over the window's length.
func (w seasonalWindow) scale() float64 {
	length := float64(w.end - w.from + 1)
	return length / (length + float64(2*w.pad))
}

// each calls fn for every row and day whose shifted (widened) window holds the row's time t, with t shifted
// forward by the day (t + k·day). A day is given by its index in w.days.
func (w seasonalWindow) each(times []int64, rows *store.Bitset, fn func(row, dayIndex int, shifted int64)) {
	if len(w.days) == 0 {
		return
	}
	index := w.dayIndex()
	lo, hi := int64(w.days[0]), int64(w.days[len(w.days)-1])
	from, end := w.from-w.pad, w.end+w.pad
	rows.ForEach(func(row int) {
		t := times[row]
		if t == 0 || t > end-lo*dayMillis || t < from-hi*dayMillis {
			return
		}
		// k with from − pad ≤ t + k·day ≤ end + pad.
		for k := max(ceilDiv(from-t, dayMillis), lo); k <= min(floorDiv(end-t, dayMillis), hi); k++ {
			if i, ok := index[int(k)]; ok {
				fn(row, i, t+k*dayMillis)
			}
		}
	})
}

// bounds are the shifted window's days that may hold t: lo..hi (empty when lo > hi).
func (w seasonalWindow) bounds(t int64) (lo, hi int64) {
	from, end := w.from-w.pad, w.end+w.pad
	return ceilDiv(from-t, dayMillis), floorDiv(end-t, dayMillis)
}

// candidates marks the rows whose time falls in any day's widened window, in one pass over the times.
func (w seasonalWindow) candidates(times []int64) *store.Bitset {
	rows := store.NewBitset(len(times))
	if len(w.days) == 0 {
		return rows
	}
	first, last := int64(w.days[0]), int64(w.days[len(w.days)-1])
	lo, hi := w.from-w.pad-last*dayMillis, w.end+w.pad-first*dayMillis
	index := w.dayIndex()
	for i, t := range times {
		if t < lo || t > hi || t == 0 {
			continue
		}
		a, b := w.bounds(t)
		for k := max(a, first); k <= min(b, last); k++ {
			if _, ok := index[int(k)]; ok {
				rows.Set(i)
				break
			}
		}
	}
	return rows
}

// repeat lists each row once per day whose window holds it (once, unless the widened window spans a day).
func (w seasonalWindow) repeat(times []int64, rows []int32) []int32 {
	if w.end-w.from+2*w.pad < dayMillis {
		return rows
	}
	index := w.dayIndex()
	var out []int32
	for _, row := range rows {
		a, b := w.bounds(times[row])
		for k := a; k <= b; k++ {
			if _, ok := index[int(k)]; ok {
				out = append(out, row)
			}
		}
	}
	return out
}

func (w seasonalWindow) dayIndex() map[int]int {
	index := make(map[int]int, len(w.days))
	for i, k := range w.days {
		index[k] = i
	}
	return index
}

// medianMAD is the median of xs×scale and the median absolute deviation from it (unscaled by the normal
// distribution's 1.4826); ok is false for none.
func medianMAD(xs []float64, scale float64) (med, mad float64, ok bool) {
	if len(xs) == 0 {
		return 0, 0, false
	}
	sorted := make([]float64, len(xs))
	for i, x := range xs {
		sorted[i] = x * scale
	}
	xs = slices.Clone(sorted)
	med = *median(sorted)
	dev := make([]float64, len(xs))
	for i, x := range xs {
		dev[i] = abs(x - med)
	}
	return med, *median(dev), true
}

func ceilDiv(a, b int64) int64 { return -floorDiv(-a, b) }

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

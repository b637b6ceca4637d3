package engine

import (
	"slices"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/spacetime/tickets/pkg/frames"
	"github.com/spacetime/tickets/pkg/query"
	"github.com/spacetime/tickets/pkg/store"
)

// Stats computes single numbers over the tickets that pass the filters and search: opened (in range),
// open (at the range end), closed (in range), rate (opened in the last hour of the range, per hour),
// baseline (the hour before), change (rate vs baseline, percent) and mttr (median seconds from opened to
// closed of the tickets closed in range), seasonal and seasonalMad (the median, and the median absolute
// deviation, of the tickets opened in the same window at the same time of day over the previous days). The
// range end is capped at Request.Now.
func Stats(s *store.Store, q query.Stats, r Request) (frame *data.Frame, err error) {
	s.Read(func(v *store.View) { frame, err = stats(v, q, r) })
	return frame, err
}

type statCounts struct {
	opened, open, closed, rate, baseline int64
	resolveSeconds                       []float64
}

func stats(v *store.View, q query.Stats, r Request) (*data.Frame, error) {
	rows, err := matching(v, q.Common, nil)
	if err != nil {
		return nil, err
	}
	from, end := r.millis().from, r.end()
	c := countStats(v, rows, from, end)
	var seasonal, seasonalMAD *float64
	var notice string
	if slices.Contains(q.Stats, query.StatSeasonal) || slices.Contains(q.Stats, query.StatSeasonalMAD) {
		w := newSeasonalWindow(v, from, end, SeasonalPad, q.SeasonalDays)
		perDay := make([]float64, len(w.days))
		w.each(v.Times(store.KeyOpened), rows, func(_, d int, _ int64) { perDay[d]++ })
		if med, mad, ok := medianMAD(perDay, w.scale()); ok {
			seasonal, seasonalMAD = ptr(med), ptr(mad)
		}
		notice = w.notice()
	}
	numbers := map[string]frames.Number{
		query.StatOpened:      {DisplayName: "Opened", Value: ptr(float64(c.opened))},
		query.StatOpen:        {DisplayName: "Open", Value: ptr(float64(c.open))},
		query.StatClosed:      {DisplayName: "Closed", Value: ptr(float64(c.closed))},
		query.StatRate:        {DisplayName: "Rate", Unit: "suffix:/h", Value: ptr(float64(c.rate))},
		query.StatBaseline:    {DisplayName: "Baseline", Unit: "suffix:/h", Value: ptr(float64(c.baseline))},
		query.StatChange:      {DisplayName: "Change", Unit: "percent"},
		query.StatMTTR:        {DisplayName: "MTTR", Unit: "s", Value: median(c.resolveSeconds)},
		query.StatSeasonal:    {DisplayName: "Normal for this time", Value: seasonal},
		query.StatSeasonalMAD: {DisplayName: "Normal spread (MAD)", Value: seasonalMAD},
	}
	if c.baseline > 0 {
		change := numbers[query.StatChange]
		change.Value = ptr((float64(c.rate)/float64(c.baseline) - 1) * 100)
		numbers[query.StatChange] = change
	}
	var out []frames.Number
	for _, name := range q.Stats {
		n := numbers[name]
		n.Name = name
		out = append(out, n)
	}
	frame := frames.Numbers(out)
	if notice != "" {
		frame.AppendNotices(data.Notice{Severity: data.NoticeSeverityInfo, Text: notice})
	}
	return frame, nil
}

func countStats(v *store.View, rows *store.Bitset, from, end int64) statCounts {
	hour := time.Hour.Milliseconds()
	opened := v.Times(store.KeyOpened)
	var c statCounts
	rows.ForEach(func(row int) {
		o := opened[row]
		closed := v.ClosedAt(row)
		if o >= from && o <= end {
			c.opened++
		}
		if o <= end && (closed == 0 || closed > end) {
			c.open++
		}
		if o > end-hour && o <= end {
			c.rate++
		}
		if o > end-2*hour && o <= end-hour {
			c.baseline++
		}
		if closed != 0 && closed >= from && closed <= end {
			c.closed++
			c.resolveSeconds = append(c.resolveSeconds, float64(closed-o)/1000)
		}
	})
	return c
}

func median(xs []float64) *float64 {
	if len(xs) == 0 {
		return nil
	}
	slices.Sort(xs)
	m := len(xs) / 2
	if len(xs)%2 == 1 {
		return ptr(xs[m])
	}
	return ptr((xs[m-1] + xs[m]) / 2)
}

func ptr(x float64) *float64 { return &x }

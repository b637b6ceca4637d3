package engine

import (
	"fmt"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/spacetime/tickets/pkg/frames"
	"github.com/spacetime/tickets/pkg/query"
	"github.com/spacetime/tickets/pkg/store"
	"github.com/spacetime/tickets/pkg/tickets"
)

// Timeseries counts tickets per time bucket and group: metric "count" counts the tickets whose time field
// falls in the bucket; "open" counts the tickets open at the end of each bucket (opened before it, not
// closed before it), whatever the time field; "seasonal" is the median count of the same bucket at the same
// time of day over the previous SeasonalDays days.
func Timeseries(s *store.Store, q query.Timeseries, r Request) (frame *data.Frame, err error) {
	s.Read(func(v *store.View) { frame, err = timeseries(v, q, r) })
	return frame, err
}

func timeseries(v *store.View, q query.Timeseries, r Request) (*data.Frame, error) {
	tr := r.millis()
	b, notice := chooseBuckets(tr, q.Bucket, r.Interval, r.MaxDataPoints)
	g, err := newGrouper(v, q.GroupBy)
	if err != nil {
		return nil, err
	}
	var candidates *store.Bitset
	if q.Metric == query.MetricCount {
		candidates = inRange(v, q.TimeField, tr)
	}
	rows, err := matching(v, q.Common, candidates)
	if err != nil {
		return nil, err
	}

	var series [][]float64 // per group, per bucket
	add := func(group int) []float64 {
		for len(series) <= group {
			series = append(series, make([]float64, b.n+1)) // +1: room for the open metric's last decrement
		}
		return series[group]
	}
	if len(q.GroupBy) == 0 {
		add(0) // one series, zeros when nothing matched
	}
	switch q.Metric {
	case query.MetricCount:
		times := v.Times(q.TimeField)
		rows.ForEach(func(row int) {
			if i := b.index(times[row]); i >= 0 && i < int64(b.n) {
				for _, group := range g.groupsOf(row) {
					add(group)[i]++
				}
			}
		})
	case query.MetricSeasonal:
		w := newSeasonalWindow(v, tr.from, tr.to, 0, q.SeasonalDays)
		notice = joinNotices(notice, w.notice())
		seasonalSeries(v, rows, q.TimeField, w, b, g, add)
	default:
		countOpen(v, rows, b, g, add)
		for _, s := range series {
			for i := 1; i < len(s); i++ {
				s[i] += s[i-1]
			}
		}
	}

	totals := make([]float64, len(series))
	for i, values := range series {
		series[i] = values[:b.n]
		for _, x := range series[i] {
			totals[i] += x
		}
	}
	out := seriesFrames(q, g, series, totals)
	colorSeverities(q, out, v.Severities())
	frame := frames.TimeseriesWide(b.times(), time.Duration(b.step)*time.Millisecond, q.Metric, "", out)
	if notice != "" {
		frame.AppendNotices(data.Notice{Severity: data.NoticeSeverityInfo, Text: notice})
	}
	return frame, nil
}

// countOpen adds +1 at the bucket a ticket opens in and −1 at the bucket it closes in, then sums.
func countOpen(v *store.View, rows *store.Bitset, b buckets, g *grouper, add func(int) []float64) {
	opened := v.Times(store.KeyOpened)
	rows.ForEach(func(row int) {
		first := max(b.index(opened[row]), 0)
		last := int64(b.n) // exclusive
		if closed := v.ClosedAt(row); closed != 0 {
			last = min(last, b.index(closed))
		}
		if first < last {
			for _, group := range g.groupsOf(row) {
				s := add(group)
				s[first]++
				s[last]--
			}
		}
	})
}

func seriesFrames(q query.Timeseries, g *grouper, series [][]float64, totals []float64) []frames.Series {
	if len(q.GroupBy) == 0 {
		return []frames.Series{{DisplayName: metricName(q), Values: series[0]}}
	}
	keys := g.keys()
	var out []frames.Series
	for _, r := range topGroups(g, totals, q.TopN) {
		values := series[max(r.index, 0)]
		if r.index < 0 {
			values = make([]float64, len(series[0]))
			for _, o := range r.others {
				for i, x := range series[o] {
					values[i] += x
				}
			}
		}
		out = append(out, frames.Series{Labels: labelsOf(keys, r.values), DisplayName: displayOf(r.values), Values: values})
	}
	return out
}

// seasonalSeries sets each group's bucket to the median, over the window's days, of the tickets in that bucket
// shifted by the day.
func seasonalSeries(v *store.View, rows *store.Bitset, timeField string, w seasonalWindow, b buckets, g *grouper, add func(int) []float64) {
	var perDay [][][]float64 // group → day → bucket
	w.each(v.Times(timeField), rows, func(row, d int, shifted int64) {
		i := b.index(shifted)
		if i < 0 || i >= int64(b.n) {
			return
		}
		for _, group := range g.groupsOf(row) {
			add(group)
			for len(perDay) <= group {
				days := make([][]float64, len(w.days))
				for k := range days {
					days[k] = make([]float64, b.n)
				}
				perDay = append(perDay, days)
			}
			perDay[group][d][i]++
		}
	})
	xs := make([]float64, len(w.days))
	for group, days := range perDay {
		s := add(group)
		for i := range b.n {
			for k := range days {
				xs[k] = days[k][i]
			}
			s[i], _, _ = medianMAD(xs, 1)
		}
	}
}

func joinNotices(a, b string) string {
	if a == "" || b == "" {
		return a + b
	}
	return a + "; " + b
}

func metricName(q query.Timeseries) string {
	switch q.Metric {
	case query.MetricOpen:
		return "Open tickets"
	case query.MetricSeasonal:
		return fmt.Sprintf("Normal for this time (median of %d days)", q.SeasonalDays)
	}
	return "Tickets " + map[string]string{query.TimeOpened: "opened", query.TimeUpdated: "updated", query.TimeResolved: "resolved"}[q.TimeField]
}

// colorSeverities gives series grouped by severity alone the severity's colour from the settings, as the ticket
// table colours the severity, so charts and table agree.
func colorSeverities(q query.Timeseries, series []frames.Series, severities []tickets.Severity) {
	if len(q.GroupBy) != 1 || q.GroupBy[0] != store.KeySeverity {
		return
	}
	for i, s := range series {
		for _, sv := range severities {
			if sv.Name == s.Labels[store.KeySeverity] {
				series[i].Color = sv.Color
			}
		}
	}
}

package engine

import (
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/spacetime/tickets/pkg/frames"
	"github.com/spacetime/tickets/pkg/query"
	"github.com/spacetime/tickets/pkg/store"
)

// Breakdown counts the tickets whose time field is in range per value combination of groupBy, largest
// first, the groups beyond topN summed into "other" (last). Metric "seasonal" gives each group's median count
// in the same window at the same time of day over the previous SeasonalDays days instead (long format).
func Breakdown(s *store.Store, q query.Breakdown, r Request) (frame *data.Frame, err error) {
	s.Read(func(v *store.View) { frame, err = breakdown(v, q, r) })
	return frame, err
}

func breakdown(v *store.View, q query.Breakdown, r Request) (*data.Frame, error) {
	g, err := newGrouper(v, q.GroupBy)
	if err != nil {
		return nil, err
	}
	if q.Metric == query.MetricSeasonal {
		return seasonalBreakdown(v, q, r, g)
	}
	rows, err := matching(v, q.Common, inRange(v, q.TimeField, r.millis()))
	if err != nil {
		return nil, err
	}
	var counts []float64
	rows.ForEach(func(row int) {
		for _, i := range g.groupsOf(row) {
			if i == len(counts) {
				counts = append(counts, 0)
			}
			counts[i]++
		}
	})
	var groups []frames.GroupCount
	for _, r := range topGroups(g, counts, q.TopN) {
		groups = append(groups, frames.GroupCount{Values: r.values, DisplayName: displayOf(r.values), Count: int64(r.total)})
	}
	if q.Format == query.FormatWide {
		return frames.NumericWide(g.keys(), groups), nil
	}
	return frames.NumericLong(g.keys(), groups), nil
}

func seasonalBreakdown(v *store.View, q query.Breakdown, r Request, g *grouper) (*data.Frame, error) {
	rows, err := matching(v, q.Common, nil)
	if err != nil {
		return nil, err
	}
	tr := r.millis()
	w := newSeasonalWindow(v, tr.from, r.end(), SeasonalPad, q.SeasonalDays)
	var perDay [][]float64 // group → day
	w.each(v.Times(q.TimeField), rows, func(row, d int, _ int64) {
		for _, i := range g.groupsOf(row) {
			for len(perDay) <= i {
				perDay = append(perDay, make([]float64, len(w.days)))
			}
			perDay[i][d]++
		}
	})
	medians := make([]float64, len(perDay))
	for i, days := range perDay {
		medians[i], _, _ = medianMAD(days, w.scale())
	}
	var groups []frames.GroupCount
	for _, r := range topGroups(g, medians, q.TopN) {
		m := r.total
		groups = append(groups, frames.GroupCount{Values: r.values, DisplayName: displayOf(r.values), Median: m})
	}
	frame := frames.NumericLongMedians(g.keys(), groups)
	if n := w.notice(); n != "" {
		frame.AppendNotices(data.Notice{Severity: data.NoticeSeverityInfo, Text: n})
	}
	return frame, nil
}

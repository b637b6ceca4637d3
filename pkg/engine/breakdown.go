package engine

import (
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/spacetime/tickets/pkg/frames"
	"github.com/spacetime/tickets/pkg/query"
	"github.com/spacetime/tickets/pkg/store"
)

// Breakdown counts the tickets whose time field is in range per value combination of groupBy, largest
// first, the groups beyond topN summed into "other" (last).
func Breakdown(s *store.Store, q query.Breakdown, r Request) (frame *data.Frame, err error) {
	s.Read(func(v *store.View) { frame, err = breakdown(v, q, r) })
	return frame, err
}

func breakdown(v *store.View, q query.Breakdown, r Request) (*data.Frame, error) {
	g, err := newGrouper(v, q.GroupBy)
	if err != nil {
		return nil, err
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

package engine

import (
	"fmt"
	"strings"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/spacetime/tickets/pkg/filter"
	"github.com/spacetime/tickets/pkg/frames"
	"github.com/spacetime/tickets/pkg/query"
	"github.com/spacetime/tickets/pkg/store"
)

// Tickets returns the tickets whose time field is in range and that pass the filters and search, sorted,
// at most q.Limit of them, as the tickets table frame. A notice says when the limit cut rows off.
func Tickets(s *store.Store, q query.Tickets, r Request) (frame *data.Frame, err error) {
	s.Read(func(v *store.View) { frame, err = ticketsFrame(v, q, r) })
	return frame, err
}

func ticketsFrame(v *store.View, q query.Tickets, r Request) (*data.Frame, error) {
	order, err := newRowOrder(v, q.Sort)
	if err != nil {
		return nil, err
	}
	m, err := filter.Compile(v, q.Filter, q.Filters, q.Search)
	if err != nil {
		return nil, err
	}
	rows := inRange(v, q.TimeField, r.millis())
	costly := m.NarrowCheap(rows)
	limit := q.Limit
	if limit <= 0 {
		limit = query.DefaultTicketsLimit
	}
	first, more := firstRows(rows, order, limit, costly)
	frame := frames.TicketTable(ticketColumns(v, first), r.SystemName, v.Severities())
	if more {
		frame.AppendNotices(data.Notice{Severity: data.NoticeSeverityInfo,
			Text: fmt.Sprintf("showing the first %d matching tickets: more match, narrow the query or raise the limit", limit)})
	}
	return frame, nil
}

func ticketColumns(v *store.View, rows []int32) frames.TicketColumns {
	n := len(rows)
	ids, _ := v.Text(store.KeyID)
	titles, _ := v.Text(store.KeyTitle)
	descriptions, _ := v.Text(store.KeyDescription)
	urls, _ := v.Text(store.KeyURL)
	opened, updated, resolved := v.Times(store.KeyOpened), v.Times(store.KeyUpdated), v.Times(store.KeyResolved)
	c := frames.TicketColumns{
		IDs: make([]string, n), Titles: make([]string, n), Descriptions: make([]string, n), URLs: make([]string, n),
		Statuses: categoryValues(v.Category(store.KeyStatus), rows), Severities: categoryValues(v.Category(store.KeySeverity), rows),
		States: categoryValues(v.Category(store.KeyState), rows),
		Opened: make([]time.Time, n), Updated: make([]time.Time, n), Resolved: make([]*time.Time, n),
	}
	for i, row := range rows {
		// Copies: the frame outlives the read lock, and the store's strings may point into its arena.
		c.IDs[i] = strings.Clone(ids.At(int(row)))
		c.Titles[i] = strings.Clone(titles.At(int(row)))
		c.Descriptions[i] = strings.Clone(descriptions.At(int(row)))
		c.URLs[i] = strings.Clone(urls.At(int(row)))
		c.Opened[i] = store.TimeOf(opened[row])
		c.Updated[i] = store.TimeOf(updated[row])
		if resolved[row] != 0 {
			t := store.TimeOf(resolved[row])
			c.Resolved[i] = &t
		}
	}
	for _, d := range v.Dimensions() {
		col := frames.DimensionColumn{Key: d.Key, Name: d.Name}
		if d.Multi {
			col.Lists = make([][]string, len(rows))
			for i, row := range rows {
				col.Lists[i] = d.RowValues(int(row))
			}
		} else {
			col.Values = categoryValues(d, rows)
		}
		c.Dimensions = append(c.Dimensions, col)
	}
	return c
}

func categoryValues(col *store.Category, rows []int32) []string {
	out := make([]string, len(rows))
	for i, row := range rows {
		out[i] = col.Value(int(row))
	}
	return out
}

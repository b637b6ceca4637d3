package filter_test

import (
	"slices"
	"testing"
	"time"

	"github.com/spacetime/tickets/pkg/filter"
	"github.com/spacetime/tickets/pkg/filter/vectors"
	"github.com/spacetime/tickets/pkg/store"
	"github.com/spacetime/tickets/pkg/tickets"
)

// TestSharedVectors runs every case of the vectors the TypeScript filter engine runs too.
func TestSharedVectors(t *testing.T) {
	vf := vectors.Load(t)
	s := vectorStore(t, vf)
	runVectors(t, s, vf, "", false)
	runVectors(t, s, vf, " (costly parts row by row)", true)
	defer filter.SplitAlways()()
	runVectors(t, s, vf, " (rows split between goroutines)", false)
}

func runVectors(t *testing.T, s *store.Store, vf vectors.File, suffix string, rowByRow bool) {
	for _, c := range vf.Cases {
		t.Run(c.Name+suffix, func(t *testing.T) {
			got, err := matchingIDs(s, c.Filter, c.Filters, c.Search, rowByRow)
			c.Check(t, got, err, "")
		})
	}
}

func vectorStore(t *testing.T, vf vectors.File) *store.Store {
	fixed := map[string]bool{}
	for _, k := range store.FixedKeys() {
		fixed[k] = true
	}
	var dims []tickets.Dimension
	for _, f := range vf.Fields {
		if !fixed[f.Key] {
			dims = append(dims, tickets.Dimension{Key: f.Key, Name: f.Key, Multi: f.Type == "strings"})
		}
	}
	when := func(v any) time.Time {
		tm, err := time.Parse(time.RFC3339, v.(string))
		if err != nil {
			t.Fatal(err)
		}
		return tm
	}
	var ts []tickets.Ticket
	for _, row := range vf.Tickets {
		tk := tickets.Ticket{
			ID: row["id"].(string), Title: row["title"].(string), Description: row["description"].(string),
			URL: row["url"].(string), Severity: row["severity"].(string), Status: row["status"].(string),
			Closed: row["state"] == "closed", Opened: when(row["opened"]), Updated: when(row["updated"]),
			Dimensions: map[string][]string{},
		}
		if row["resolved"] != nil {
			r := when(row["resolved"])
			tk.Resolved = &r
		}
		for _, d := range dims {
			if !d.Multi {
				tk.Dimensions[d.Key] = tickets.One(row[d.Key].(string))
				continue
			}
			for _, v := range row[d.Key].([]any) {
				tk.Dimensions[d.Key] = append(tk.Dimensions[d.Key], v.(string))
			}
		}
		ts = append(ts, tk)
	}
	s := store.New()
	s.Upsert(dims, ts)
	return s
}

func matchingIDs(s *store.Store, node *filter.Node, adhoc []filter.Condition, search string, rowByRow bool) (ids []string, err error) {
	s.Read(func(v *store.View) {
		var m *filter.Matcher
		if m, err = filter.Compile(v, node, adhoc, search); err != nil {
			return
		}
		rows := store.AllRows(v.Len())
		costly := func(int) bool { return true }
		if rowByRow {
			if rest := m.NarrowCheap(rows); rest != nil {
				costly = rest
			}
		} else {
			m.Narrow(rows)
		}
		rows.ForEach(func(row int) {
			if costly(row) {
				ids = append(ids, v.ID(row))
			}
		})
	})
	slices.Sort(ids)
	return ids, err
}

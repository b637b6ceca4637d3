package filter_test

import (
	"encoding/json"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/spacetime/tickets/pkg/filter"
	"github.com/spacetime/tickets/pkg/store"
	"github.com/spacetime/tickets/pkg/tickets"
)

type vectorFile struct {
	Fields []struct {
		Key  string `json:"key"`
		Type string `json:"type"`
	} `json:"fields"`
	Tickets []map[string]any `json:"tickets"`
	Cases   []struct {
		Name    string             `json:"name"`
		Filter  *filter.Node       `json:"filter"`
		Filters []filter.Condition `json:"filters"`
		Search  string             `json:"search"`
		Expect  []string           `json:"expect"`
		Error   []string           `json:"error"`
	} `json:"cases"`
}

// TestSharedVectors runs every case of the vectors the TypeScript filter engine runs too.
func TestSharedVectors(t *testing.T) {
	raw, err := os.ReadFile("../../testdata/filters/vectors.json")
	if err != nil {
		t.Fatal(err)
	}
	var vf vectorFile
	if err := json.Unmarshal(raw, &vf); err != nil {
		t.Fatal(err)
	}
	s := vectorStore(t, vf)
	if len(vf.Cases) == 0 {
		t.Fatal("no cases")
	}
	runVectors(t, s, vf, "", false)
	runVectors(t, s, vf, " (costly parts row by row)", true)
	defer filter.SplitAlways()()
	runVectors(t, s, vf, " (rows split between goroutines)", false)
}

func runVectors(t *testing.T, s *store.Store, vf vectorFile, suffix string, rowByRow bool) {
	for _, c := range vf.Cases {
		t.Run(c.Name+suffix, func(t *testing.T) {
			got, err := matchingIDs(s, c.Filter, c.Filters, c.Search, rowByRow)
			if c.Error != nil {
				if err == nil {
					t.Fatalf("no error, matched %v; want an error with %q", got, c.Error)
				}
				for _, want := range c.Error {
					if !strings.Contains(err.Error(), want) {
						t.Errorf("error %q does not contain %q", err, want)
					}
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			want := slices.Sorted(slices.Values(c.Expect))
			if !slices.Equal(got, want) && len(got)+len(want) > 0 {
				t.Errorf("got %v, want %v", got, c.Expect)
			}
		})
	}
}

func vectorStore(t *testing.T, vf vectorFile) *store.Store {
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

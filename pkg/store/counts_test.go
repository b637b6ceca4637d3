package store_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/spacetime/tickets/pkg/store"
	"github.com/spacetime/tickets/pkg/tickets"
)

// scanned counts each value of a column by reading every row, as a query would.
func scanned(v *store.View, key string) []int {
	c := v.Category(key)
	out := make([]int, c.Dict.Len())
	for row := range v.Len() {
		values := c.RowValues(row)
		if len(values) == 0 {
			values = []string{""}
		}
		for _, x := range values {
			code, _ := c.Dict.Code(x)
			out[code]++
		}
	}
	return out
}

// The counts the store keeps agree with a scan after inserts, overwrites, deletes, a dimension that arrives
// late, a column that becomes multi-valued and a snapshot's import.
func TestRowsPerValueFollowEveryWrite(t *testing.T) {
	s := store.New()
	check := func(step string, s *store.Store) {
		t.Helper()
		s.Read(func(v *store.View) {
			for _, key := range []string{store.KeySeverity, store.KeyStatus, store.KeyState, "service", "labels"} {
				if c := v.Category(key); c != nil && !slices.Equal(c.RowsPerValue(), scanned(v, key)) {
					t.Errorf("%s: %s kept %v, scanned %v", step, key, c.RowsPerValue(), scanned(v, key))
				}
			}
		})
	}
	var ts []tickets.Ticket
	for i := range 30 {
		x := ticket(int64(i+1), "t", map[string]string{"service": fmt.Sprint("svc-", i%4)})
		x.Severity = []string{"High", "Low"}[i%2]
		ts = append(ts, x)
	}
	s.Upsert(nil, ts)
	check("insert", s)

	ts[3].Dimensions["service"] = []string{"svc-9"}
	ts[4].Closed, ts[4].Status = true, "Closed"
	ts[5].Dimensions["labels"] = []string{"a"} // a dimension the other rows lack
	s.Upsert(nil, ts[3:6])
	check("overwrite, late dimension", s)

	s.Delete("1", "7", "30", "no-such-ticket")
	check("delete", s)

	ts[8].Dimensions["labels"] = []string{"a", "b"} // labels becomes multi-valued
	ts[9].Dimensions["labels"] = []string{"b"}
	s.Upsert(nil, ts[8:10])
	check("multi-valued", s)

	loaded := store.New()
	if err := loaded.Import(s.Export()); err != nil {
		t.Fatal(err)
	}
	check("import", loaded)
}

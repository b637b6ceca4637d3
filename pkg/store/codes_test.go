package store_test

import (
	"fmt"
	"slices"
	"strconv"
	"testing"

	"github.com/spacetime/tickets/pkg/store"
	"github.com/spacetime/tickets/pkg/tickets"
)

// rowsOf reads every row's values of key, and checks the counts the store keeps against them.
func rowsOf(t *testing.T, s *store.Store, key string) (values map[string][]string, width int) {
	t.Helper()
	values = map[string][]string{}
	s.Read(func(v *store.View) {
		c := v.Category(key)
		width = c.Codes().Width
		if c.Codes().Len() != v.Len() {
			t.Fatalf("%s: %d codes for %d rows", key, c.Codes().Len(), v.Len())
		}
		for row := range v.Len() {
			values[v.ID(row)] = c.RowValues(row)
		}
		if !slices.Equal(c.RowsPerValue(), scanned(v, key)) {
			t.Errorf("%s: kept counts %v differ from a scan", key, c.RowsPerValue())
		}
	})
	return values, width
}

// A single-valued column starts at 1 byte a row, widens to 2 bytes at its 256th code and to 4 at its 65,536th
// (code 0 is ""), in the middle of a backfill, and every row keeps its value through the copies, the deletes
// that move the last row into the freed slot, and a snapshot's export and import.
func TestCodesWidenWhenTheDictionaryOutgrowsThem(t *testing.T) {
	s := store.New()
	want := map[string][]string{}
	put := func(from, to int, value func(i int) string) {
		var ts []tickets.Ticket
		for i := from; i < to; i++ {
			id := strconv.Itoa(i)
			ts = append(ts, tickets.Ticket{ID: id, Number: int64(i), Dimensions: map[string][]string{"customer": {value(i)}}})
			want[id] = []string{value(i)}
		}
		s.Upsert(nil, ts)
	}
	check := func(step string, width int) {
		t.Helper()
		got, w := rowsOf(t, s, "customer")
		if w != width {
			t.Errorf("%s: width %d, want %d", step, w, width)
		}
		if len(got) != len(want) {
			t.Fatalf("%s: %d rows, want %d", step, len(got), len(want))
		}
		for id, v := range want {
			if !slices.Equal(got[id], v) {
				t.Fatalf("%s: ticket %s holds %v, want %v", step, id, got[id], v)
			}
		}
	}
	put(0, 255, func(i int) string { return fmt.Sprintf("c-%d", i) })
	check("255 values", 1)
	put(255, 600, func(i int) string { return fmt.Sprintf("c-%d", i%300) }) // the 256th value arrives in the batch
	check("300 values", 2)
	s.Delete("3", "17", "599")
	delete(want, "3")
	delete(want, "17")
	delete(want, "599")
	check("after deletes at 2 bytes", 2)
	put(600, 70_000, func(i int) string { return fmt.Sprintf("c-%d", i) })
	check("70,000 values", 4)
	put(100, 200, func(i int) string { return "c-65000" }) // overwrites after the copy
	s.Delete("0", "69999", "40000")
	delete(want, "0")
	delete(want, "69999")
	delete(want, "40000")
	check("overwrites and deletes at 4 bytes", 4)

	loaded := store.New()
	if err := loaded.Import(s.Export()); err != nil {
		t.Fatal(err)
	}
	s = loaded
	check("imported", 4)
	put(70_000, 70_010, func(i int) string { return "c-5" })
	check("upserts after import", 4)
}

// A multi-valued column's codes are its value sets: they widen when the sets outgrow the width, even while the
// values themselves are few.
func TestSetCodesWiden(t *testing.T) {
	s := store.New()
	labels := []tickets.Dimension{{Key: "labels", Name: "Labels", Multi: true}}
	want := map[string][]string{}
	put := func(id string, values ...string) tickets.Ticket {
		sorted := slices.Clone(values)
		slices.Sort(sorted)
		want[id] = sorted
		return tickets.Ticket{ID: id, Dimensions: map[string][]string{"labels": values}}
	}
	var ts []tickets.Ticket
	for i := range 40 {
		for j := i + 1; j < 40; j++ { // 780 distinct pairs of 40 labels
			ts = append(ts, put(fmt.Sprintf("%d-%d", i, j), fmt.Sprintf("l%02d", j), fmt.Sprintf("l%02d", i)))
		}
	}
	s.Upsert(labels, ts[:200])
	if _, w := rowsOf(t, s, "labels"); w != 1 {
		t.Errorf("200 sets: width %d", w)
	}
	s.Upsert(labels, ts[200:])
	got, w := rowsOf(t, s, "labels")
	if w != 2 {
		t.Errorf("780 sets: width %d", w)
	}
	for id, v := range want {
		if !slices.Equal(got[id], v) {
			t.Fatalf("ticket %s holds %v, want %v", id, got[id], v)
		}
	}
	// One ticket rewritten through 65,000 more sets of three of the 40 labels (sets stay in the dictionary).
	var churn []tickets.Ticket
	for i := 0; len(churn) < 65_000; i++ {
		a, b, c := i%40, (i/40)%40, (i/1600)%40
		if a < b && b < c {
			churn = append(churn, tickets.Ticket{ID: "churn", Dimensions: map[string][]string{"labels": {
				fmt.Sprintf("l%02d", a), fmt.Sprintf("l%02d", b), fmt.Sprintf("l%02d", c), fmt.Sprintf("x%d", i)}}})
		}
	}
	s.Upsert(labels, churn)
	s.Delete("churn", "0-1")
	delete(want, "0-1")
	got, w = rowsOf(t, s, "labels")
	if w != 4 {
		t.Errorf("over 65,536 sets: width %d", w)
	}
	for id, v := range want {
		if !slices.Equal(got[id], v) {
			t.Fatalf("after widening, ticket %s holds %v, want %v", id, got[id], v)
		}
	}
}

// A column at 2 bytes that becomes multi-valued keeps every row's value as a one-value set.
func TestAWideColumnBecomesMultiValued(t *testing.T) {
	s := store.New()
	var ts []tickets.Ticket
	for i := range 1000 {
		ts = append(ts, tickets.Ticket{ID: strconv.Itoa(i), Dimensions: map[string][]string{"team": {fmt.Sprintf("t%d", i)}}})
	}
	s.Upsert(nil, ts)
	s.Upsert(nil, []tickets.Ticket{{ID: "x", Dimensions: map[string][]string{"team": {"t1", "t2"}}}})
	got, w := rowsOf(t, s, "team")
	if w != 2 || !slices.Equal(got["x"], []string{"t1", "t2"}) || !slices.Equal(got["999"], []string{"t999"}) || !slices.Equal(got["0"], []string{"t0"}) {
		t.Errorf("width %d, x %v, 999 %v, 0 %v", w, got["x"], got["999"], got["0"])
	}
}

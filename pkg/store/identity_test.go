package store

import (
	"math/rand/v2"
	"testing"
)

// TestNumberIndexAgreesWithAMap puts, finds and removes numbers in the orders tickets arrive (newest first,
// oldest first, shuffled, with far-off outliers and numbers near the top of int64) and checks every answer
// against a map, and that dense numbers stay in the slice.
func TestNumberIndexAgreesWithAMap(t *testing.T) {
	orders := map[string]func() []int64{
		"newest first": func() []int64 { return seq(50_000, 1, -1) },
		"oldest first": func() []int64 { return seq(1, 50_000, 1) },
		"shuffled": func() []int64 {
			s := seq(1_000, 60_000, 1)
			rand.Shuffle(len(s), func(i, j int) { s[i], s[j] = s[j], s[i] })
			return s
		},
		"two projects far apart": func() []int64 { return append(seq(1, 20_000, 1), seq(5_000_000, 5_020_000, 1)...) },
		"outliers": func() []int64 {
			return append(append(seq(100, 10_000, 1), 1<<41, 9_223_372_036_854_775_807, 0), seq(10_000, 20_000, 1)...)
		},
	}
	for name, order := range orders {
		t.Run(name, func(t *testing.T) {
			var x numberIndex
			x.sparse = map[int64]int32{}
			want := map[int64]int32{}
			for i, n := range order() {
				x.put(n, int32(i))
				want[n] = int32(i)
			}
			check := func() {
				t.Helper()
				if x.len() != len(want) {
					t.Fatalf("len %d, want %d", x.len(), len(want))
				}
				for n, row := range want {
					if got, ok := x.get(n); !ok || got != row {
						t.Fatalf("get(%d) = %d, %v; want %d", n, got, ok, row)
					}
				}
				for _, n := range []int64{-1, 50_001, 4_999_999, 1 << 42} {
					if _, in := want[n]; !in {
						if _, ok := x.get(n); ok {
							t.Fatalf("get(%d) found a row never put", n)
						}
					}
				}
			}
			check()
			if (name == "newest first" || name == "oldest first") && len(x.sparse) > 0 {
				t.Errorf("%d of %d consecutive numbers in the map, want all in the slice", len(x.sparse), len(want))
			}
			if len(x.dense) > 2*x.held+128+len(x.dense)/4 {
				t.Errorf("dense covers %d numbers for %d held: less than half full", len(x.dense), x.held)
			}
			removed := 0
			for n := range want {
				if removed++; removed%3 == 0 {
					x.remove(n)
					delete(want, n)
				}
			}
			check()
			for n := range want {
				x.put(n, 7) // a ticket moved to another row
				want[n] = 7
				break
			}
			check()
		})
	}
}

func seq(from, to, step int64) []int64 {
	var s []int64
	for n := from; n != to+step; n += step {
		s = append(s, n)
	}
	return s
}

// TestSignedIDsAreTheirOwnTickets keeps "+5" and "5" (and "-5") apart: only a run of digits is a number.
func TestSignedIDsAreTheirOwnTickets(t *testing.T) {
	m := newIdentities()
	for i, id := range []string{"5", "+5", "-5", "05"} {
		if _, ok := m.get(id); ok {
			t.Fatalf("%q found before it was put", id)
		}
		m.put(id, int32(i))
	}
	for i, id := range []string{"5", "+5", "-5", "05"} {
		if row, ok := m.get(id); !ok || row != int32(i) {
			t.Errorf("%q: row %d, %v; want %d", id, row, ok, i)
		}
	}
}

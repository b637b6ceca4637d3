package store_test

import (
	"strings"
	"testing"

	"github.com/spacetime/tickets/pkg/engine/synthetic"
	"github.com/spacetime/tickets/pkg/store"
)

// BenchmarkDescriptionSearch prints the cost of one search term over every description: from the token
// codes (the store's way), against a scan of the same lower-cased texts kept as strings (the old layout);
// "unique" descriptions also hold likely-unique tokens (literals).
func BenchmarkDescriptionSearch(b *testing.B) {
	for _, unique := range []bool{false, true} {
		b.Run(map[bool]string{false: "words", true: "unique"}[unique], func(b *testing.B) { descriptionSearch(b, unique) })
	}
}

func descriptionSearch(b *testing.B, unique bool) {
	s := store.New()
	synthetic.FillWith(s, 100_000, 1, synthetic.Options{UniqueTokens: unique})
	s.Read(func(v *store.View) {
		descs, _ := v.Text(store.KeyDescription)
		texts := make([]string, v.Len())
		for row := range texts {
			texts[row] = strings.ToLower(descs.At(row))
		}
		for _, term := range []string{"timeout", "disk full", "zzz"} {
			b.Run("tokens/"+term, func(b *testing.B) {
				for b.Loop() {
					has := descs.Contains(term)
					for row := range texts {
						has(row)
					}
				}
			})
			b.Run("strings/"+term, func(b *testing.B) {
				for b.Loop() {
					for _, t := range texts {
						strings.Contains(t, term)
					}
				}
			})
		}
	})
}

// BenchmarkImport prints a snapshot load's store work (tokenizing the descriptions again included).
func BenchmarkImport(b *testing.B) {
	s := store.New()
	synthetic.Fill(s, 100_000, 1)
	c := s.Export()
	for b.Loop() {
		if err := store.New().Import(c); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkExport prints the cost of copying the store out for a snapshot (every description rebuilt).
func BenchmarkExport(b *testing.B) {
	s := store.New()
	synthetic.Fill(s, 100_000, 1)
	for b.Loop() {
		s.Export()
	}
}

// BenchmarkDescriptionRebuild prints the cost of reading every description as written (what a regex on
// the description reads per candidate row).
func BenchmarkDescriptionRebuild(b *testing.B) {
	s := store.New()
	synthetic.Fill(s, 100_000, 1)
	s.Read(func(v *store.View) {
		descs, _ := v.Text(store.KeyDescription)
		for b.Loop() {
			for row := range v.Len() {
				descs.AtMatch(row, func(string) bool { return true })
			}
		}
	})
}

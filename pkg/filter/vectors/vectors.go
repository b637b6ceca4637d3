// Package vectors loads the shared filter vectors (testdata/filters/vectors.json) and checks one case's
// answer, for every implementation that runs them in Go: the ticket store (pkg/filter) and ClickHouse SQL
// (tests/clickhouse). The TypeScript panel runs the same file (src/panel/engine/vectors.test.ts).
package vectors

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/spacetime/tickets/pkg/filter"
)

// File is the vectors file: the fields, the tickets, and the cases.
type File struct {
	Fields []struct {
		Key  string `json:"key"`
		Type string `json:"type"` // string, number, time, strings (multi-valued)
	} `json:"fields"`
	Tickets []map[string]any `json:"tickets"`
	Cases   []Case           `json:"cases"`
}

// Case is one filter, ad hoc filters and search with the ids it matches, or the words of the error it gives.
type Case struct {
	Name    string             `json:"name"`
	Filter  *filter.Node       `json:"filter"`
	Filters []filter.Condition `json:"filters"`
	Search  string             `json:"search"`
	Expect  []string           `json:"expect"`
	Error   []string           `json:"error"`
}

// Load reads the vectors file of this repository; it fails the test if the file is missing or has no cases.
func Load(t testing.TB) File {
	t.Helper()
	_, here, _, _ := runtime.Caller(0)
	raw, err := os.ReadFile(filepath.Join(filepath.Dir(here), "..", "..", "..", "testdata", "filters", "vectors.json"))
	if err != nil {
		t.Fatal(err)
	}
	var f File
	if err := json.Unmarshal(raw, &f); err != nil {
		t.Fatal(err)
	}
	if len(f.Cases) == 0 {
		t.Fatal(errors.New("the vectors file has no cases"))
	}
	return f
}

// Check fails the test unless the answer is the case's: the expected ids in any order, or an error that
// contains every expected word. detail (the compiled SQL, say) is printed with a wrong answer.
func (c Case) Check(t testing.TB, got []string, err error, detail string) {
	t.Helper()
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
	got, want := slices.Sorted(slices.Values(got)), slices.Sorted(slices.Values(c.Expect))
	if !slices.Equal(got, want) && len(got)+len(want) > 0 {
		t.Errorf("got %v, want %v%s", got, want, detail)
	}
}

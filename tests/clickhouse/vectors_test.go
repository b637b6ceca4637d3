//go:build integration

package clickhouse

import (
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/spacetime/tickets/pkg/filter"
	"github.com/spacetime/tickets/pkg/logengine/clickhouse/chclient"
	"github.com/spacetime/tickets/pkg/logengine/clickhouse/chsql"
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

// TestSharedVectorsOnClickHouse loads the vectors' tickets into a real ClickHouse table and runs every case
// as SQL compiled by chsql: the third implementation of one semantics, held to the same file as the Go
// store and the TypeScript panel.
func TestSharedVectorsOnClickHouse(t *testing.T) {
	s := serverFromEnv(t)
	raw, err := os.ReadFile("../../testdata/filters/vectors.json")
	if err != nil {
		t.Fatal(err)
	}
	var vf vectorFile
	if err := json.Unmarshal(raw, &vf); err != nil {
		t.Fatal(err)
	}
	table := loadVectorTable(t, s, vf)
	cat := vectorCatalog(vf)
	if len(vf.Cases) == 0 {
		t.Fatal("no cases")
	}
	for _, c := range vf.Cases {
		t.Run(c.Name, func(t *testing.T) {
			where, err := cat.Where(c.Filter, c.Filters, c.Search)
			if c.Error != nil {
				if err == nil {
					t.Fatalf("no error, compiled %s; want an error with %q", where, c.Error)
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
			r := s.query(t, "SELECT id FROM "+table+" WHERE "+where)
			got := make([]string, len(r.Data))
			for i := range r.Data {
				got[i] = r.String(i, 0)
			}
			want := slices.Clone(c.Expect) // any order
			slices.Sort(got)
			slices.Sort(want)
			if !slices.Equal(got, want) && len(got)+len(want) > 0 {
				t.Errorf("got %v, want %v\nWHERE %.600s", got, want, where)
			}
		})
	}
}

// The search fields of the ticket store: title, description, id, severity, status, state and the dimensions.
var notSearched = map[string]bool{"url": true, "opened": true, "updated": true, "resolved": true}

func vectorCatalog(vf vectorFile) chsql.Catalog {
	var cat chsql.Catalog
	for _, f := range vf.Fields {
		kind := chsql.KindText
		switch f.Type {
		case "number":
			kind = chsql.KindNumber
		case "time":
			kind = chsql.KindTime
		case "strings":
			kind = chsql.KindStrings
		}
		cat = append(cat, chsql.Field{Key: f.Key, Expr: "`" + f.Key + "`", Kind: kind, Search: !notSearched[f.Key]})
	}
	return cat
}

// loadVectorTable creates a MergeTree table with one column per vector field (times as epoch milliseconds,
// 0 when missing) and inserts the tickets as JSONEachRow.
func loadVectorTable(t *testing.T, s server, vf vectorFile) string {
	table := "filter_vectors"
	var cols []string
	for _, f := range vf.Fields {
		typ := "String"
		switch f.Type {
		case "number", "time":
			typ = "Int64"
		case "strings":
			typ = "Array(String)"
		}
		cols = append(cols, fmt.Sprintf("`%s` %s", f.Key, typ))
	}
	s.exec(t, "DROP TABLE IF EXISTS "+table)
	s.exec(t, "CREATE TABLE "+table+" ("+strings.Join(cols, ", ")+") ENGINE = MergeTree ORDER BY id")
	var rows strings.Builder
	for _, tk := range vf.Tickets {
		row := map[string]any{}
		for _, f := range vf.Fields {
			v := tk[f.Key]
			if f.Type == "time" {
				ms := int64(0)
				if v != nil {
					tm, err := time.Parse(time.RFC3339, v.(string))
					if err != nil {
						t.Fatal(err)
					}
					ms = tm.UnixMilli()
				}
				v = ms
			}
			row[f.Key] = v
		}
		b, _ := json.Marshal(row)
		rows.Write(append(b, '\n'))
	}
	s.exec(t, "INSERT INTO "+table+" FORMAT JSONEachRow\n"+rows.String())
	return s.db + "." + table
}

func ids(t *testing.T, r *chclient.Result) []int64 {
	t.Helper()
	out := make([]int64, len(r.Data))
	for i := range r.Data {
		n, err := r.Int(i, 0)
		if err != nil {
			t.Fatal(err)
		}
		out[i] = n
	}
	return out
}

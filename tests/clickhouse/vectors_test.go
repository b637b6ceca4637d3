//go:build integration

package clickhouse

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/spacetime/tickets/pkg/filter/vectors"
	"github.com/spacetime/tickets/pkg/logengine/clickhouse/chclient"
	"github.com/spacetime/tickets/pkg/logengine/clickhouse/chsql"
)

// TestSharedVectorsOnClickHouse loads the vectors' tickets into a real ClickHouse table and runs every case
// as SQL compiled by chsql: the third implementation of one semantics, held to the same file as the Go
// store and the TypeScript panel.
func TestSharedVectorsOnClickHouse(t *testing.T) {
	s := serverFromEnv(t)
	vf := vectors.Load(t)
	table := loadVectorTable(t, s, vf)
	cat := vectorCatalog(vf)
	for _, c := range vf.Cases {
		t.Run(c.Name, func(t *testing.T) {
			where, err := cat.Where(c.Filter, c.Filters, c.Search)
			var got []string
			if err == nil {
				r := s.query(t, "SELECT id FROM "+table+" WHERE "+where)
				for i := range r.Data {
					got = append(got, r.String(i, 0))
				}
			}
			c.Check(t, got, err, "\nWHERE "+where)
		})
	}
}

// The search fields of the ticket store: title, description, id, severity, status, state and the dimensions.
var notSearched = map[string]bool{"url": true, "opened": true, "updated": true, "resolved": true}

func vectorCatalog(vf vectors.File) chsql.Catalog {
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
func loadVectorTable(t *testing.T, s server, vf vectors.File) string {
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

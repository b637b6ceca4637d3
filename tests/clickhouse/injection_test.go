//go:build integration

package clickhouse

import (
	"encoding/hex"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/spacetime/tickets/pkg/filter"
	"github.com/spacetime/tickets/pkg/logengine/clickhouse/chsql"
)

// hostile are values a dashboard user, a template variable or an ad hoc filter could send.
var hostile = []string{
	`'`, `''`, `\`, `\'`, `\\'`, `' OR 1=1 --`, `x') OR ('1'='1`, `x'); DROP TABLE hostile; --`,
	`/* comment */`, `*/ OR 1=1 /*`, `-- tail`, `# hash`, "a\x00b", "\x00", "line\nbreak\r\ttab",
	"ünïcödé 日本 🚀", "`backtick`", `"double"`, `$1 {name:String} ?`, `%_*`, "\xff\xfe not UTF-8",
	`\x27 OR 1 --`, `\0`, strings.Repeat(`'\`, 5000),
}

// TestHostileLiteralsCannotChangeTheStatement stores each hostile value in a real table, then filters for
// it with every operator: each must match its own row and nothing else, so no value ended a literal,
// opened a comment or widened the WHERE clause.
func TestHostileLiteralsCannotChangeTheStatement(t *testing.T) {
	s := serverFromEnv(t)
	s.exec(t, "DROP TABLE IF EXISTS hostile")
	s.exec(t, "CREATE TABLE hostile (id Int64, v String) ENGINE = MergeTree ORDER BY id")
	var rows []string
	for i, h := range hostile {
		rows = append(rows, fmt.Sprintf("SELECT %d, unhex('%s')", i+1, hex.EncodeToString([]byte(h))))
	}
	rows = append(rows, fmt.Sprintf("SELECT %d, 'plain'", len(hostile)+1))
	s.exec(t, "INSERT INTO hostile "+strings.Join(rows, " UNION ALL "))
	table := s.db + ".hostile"
	cat := chsql.Catalog{{Key: "id", Expr: "id", Kind: chsql.KindNumber}, {Key: "v", Expr: "v", Kind: chsql.KindText, Search: true}}
	all := len(hostile) + 1

	for i, h := range hostile {
		id := int64(i + 1)
		name := fmt.Sprintf("%d %.20q", id, h)
		t.Run(name, func(t *testing.T) {
			r := s.query(t, "SELECT "+chsql.String(h)+" = unhex('"+hex.EncodeToString([]byte(h))+"')")
			if r.String(0, 0) != "1" {
				t.Fatalf("the literal %s does not read back as the value", chsql.String(h))
			}
			check := func(what string, node *filter.Node, search string, want func(got []int64) bool) {
				where, err := cat.Where(node, nil, search)
				if err != nil {
					t.Fatalf("%s: %v", what, err)
				}
				got := ids(t, s.query(t, "SELECT id FROM "+table+" WHERE "+where+" ORDER BY id"))
				if !want(got) {
					t.Errorf("%s matched %v\nWHERE %.300s", what, got, where)
				}
			}
			only := func(got []int64) bool { return slices.Equal(got, []int64{id}) }
			allBut := func(got []int64) bool { return len(got) == all-1 && !slices.Contains(got, id) }
			eq := filter.Cond("v", "=", h)
			check("=", &eq, "", only)
			ne := filter.Cond("v", "!=", h)
			check("!=", &ne, "", allBut)
			oneOf := filter.Node{Condition: filter.Condition{Key: "v", Operator: "=|", Values: []string{h, "no such value"}}}
			check("=|", &oneOf, "", only)
			if !strings.ContainsRune(h, 0) && !strings.Contains(h, "\xff") { // Go regexps are UTF-8 without NUL bytes here
				re := filter.Cond("v", "=~", regexp.QuoteMeta(h))
				check("=~ QuoteMeta", &re, "", only)
			}
			if !strings.ContainsAny(h, " \t\r\n\"") && strings.TrimSpace(h) != "" { // one search term
				check("search", nil, "v:"+h, func(got []int64) bool { return slices.Contains(got, id) && len(got) < all })
			}
		})
	}

	t.Run("a list of 20000 values, hostile ones among them", func(t *testing.T) {
		values := make([]string, 0, 20000)
		for i := 0; len(values) < 20000-len(hostile); i++ {
			values = append(values, fmt.Sprintf("v%d' OR '1'='1", i))
		}
		values = append(values, hostile[:3]...)
		n := filter.Node{Condition: filter.Condition{Key: "v", Operator: "=|", Values: values}}
		where, err := cat.Where(&n, nil, "")
		if err != nil {
			t.Fatal(err)
		}
		got := ids(t, s.query(t, "SELECT id FROM "+table+" WHERE "+where+" ORDER BY id"))
		if !slices.Equal(got, []int64{1, 2, 3}) {
			t.Fatalf("matched %v, want [1 2 3]", got)
		}
	})

	t.Run("a field key is never SQL", func(t *testing.T) {
		for _, key := range []string{"v OR 1=1", "v`", "id; DROP TABLE hostile"} {
			n := filter.Cond(key, "=", "x")
			if _, err := cat.Where(&n, nil, ""); err == nil || !strings.Contains(err.Error(), "unknown field") {
				t.Errorf("key %q: %v, want unknown field", key, err)
			}
		}
	})
}

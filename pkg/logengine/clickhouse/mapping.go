package clickhouse

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/spacetime/tickets/pkg/logengine/clickhouse/chsql"
)

// ref is a parsed column reference: a column, or a key of a Map column.
type ref struct {
	Column string
	MapKey string
	IsMap  bool
}

var refRe = regexp.MustCompile(`^([A-Za-z_][A-Za-z0-9_]*)(?:\['([^'\\]*)'\])?$`)

func parseRef(setting, s string) (ref, error) {
	m := refRe.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return ref{}, fmt.Errorf("The %s %q is not a column name or a Map column's key like LogAttributes['chain_id'].", setting, s)
	}
	return ref{Column: m[1], MapKey: m[2], IsMap: strings.Contains(s, "[")}, nil
}

// sql is the reference as SQL: the back-quoted column, or column['key'] with the key as an escaped literal.
func (r ref) sql() string {
	col, _ := chsql.Ident("column", r.Column) // checked by parseRef
	if r.IsMap {
		return col + "[" + chsql.String(r.MapKey) + "]"
	}
	return col
}

// timeExpr reads a time column as epoch milliseconds (Int64) and restricts it to a range, by the
// column's ClickHouse type.
type timeExpr struct {
	col  string // SQL of the column
	kind string // "DateTime", "DateTime64", "ms" (an integer of epoch milliseconds)
}

func newTimeExpr(col, clickhouseType string) (timeExpr, error) {
	t := strings.TrimPrefix(strings.TrimSuffix(clickhouseType, ")"), "Nullable(")
	switch {
	case strings.HasPrefix(t, "DateTime64"):
		return timeExpr{col, "DateTime64"}, nil
	case strings.HasPrefix(t, "DateTime"):
		return timeExpr{col, "DateTime"}, nil
	case t == "UInt64" || t == "Int64":
		return timeExpr{col, "ms"}, nil
	}
	return timeExpr{}, fmt.Errorf("has type %s: use DateTime, DateTime64 or an Int64/UInt64 of epoch milliseconds", clickhouseType)
}

// ms is the time as Int64 epoch milliseconds.
func (t timeExpr) ms() string {
	switch t.kind {
	case "DateTime64":
		return "toUnixTimestamp64Milli(" + t.col + ")"
	case "DateTime":
		return "(toInt64(toUnixTimestamp(" + t.col + ")) * 1000)"
	}
	return "toInt64(" + t.col + ")"
}

// between restricts the column itself (so the table's sorting key can skip parts) to [fromMs, toMs).
func (t timeExpr) between(fromMs, toMs int64) string {
	switch t.kind {
	case "DateTime64":
		return t.col + " >= fromUnixTimestamp64Milli(toInt64(" + chsql.Int(fromMs) + ")) AND " + t.col + " < fromUnixTimestamp64Milli(toInt64(" + chsql.Int(toMs) + "))"
	case "DateTime":
		return t.col + " >= toDateTime(" + chsql.Int(floorDiv(fromMs, 1000)) + ") AND " + t.col + " <= toDateTime(" + chsql.Int(floorDiv(toMs, 1000)) + ")"
	}
	return t.col + " >= " + chsql.Int(fromMs) + " AND " + t.col + " < " + chsql.Int(toMs)
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

// durationMs is a step's duration in milliseconds (Float64) from the Duration or End setting.
func durationMs(c Columns, duration string, end *timeExpr, start timeExpr) string {
	if end != nil {
		return "toFloat64(" + end.ms() + " - " + start.ms() + ")"
	}
	switch c.DurationUnit {
	case "us":
		return "(toFloat64(" + duration + ") / 1000)"
	case "ns":
		return "(toFloat64(" + duration + ") / 1000000)"
	case "s":
		return "(toFloat64(" + duration + ") * 1000)"
	}
	return "toFloat64(" + duration + ")"
}

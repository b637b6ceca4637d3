package clickhouse

import (
	"context"
	"fmt"
	"strings"

	"github.com/spacetime/tickets/pkg/logengine/clickhouse/chclient"
	"github.com/spacetime/tickets/pkg/logengine/clickhouse/chsql"
)

// model is the settings' mapping turned into SQL expressions over the event table, checked against the
// table's real column types.
type model struct {
	table, rollup string // SQL names ("" rollup: none)
	time          timeExpr
	tms           string // event time, epoch ms (Int64)
	chain, step   string
	service       string // '' when not mapped
	client        string
	outcome       string
	dur           string // step duration in ms (Float64)
	isErr         string // UInt8
	dims          []dimExpr
}

type dimExpr struct {
	key, sql string
	multi    bool // an Array(String) column: multi-valued, as the ticket store's labels
}

// columnTypes reads the table's columns and their types (from the node that holds the Distributed table).
func columnTypes(ctx context.Context, c *chclient.Client, db, table string) (map[string]string, error) {
	dbExpr := "currentDatabase()"
	if db != "" {
		dbExpr = chsql.String(db)
	}
	r, err := c.Query(ctx, "SELECT name, type FROM system.columns WHERE database = "+dbExpr+" AND table = "+chsql.String(table))
	if err != nil {
		return nil, err
	}
	types := map[string]string{}
	for i := range r.Data {
		types[r.String(i, 0)] = r.String(i, 1)
	}
	return types, nil
}

// newModel builds the expressions; the error names the setting whose column is missing or unusable.
func newModel(s Settings, types map[string]string) (*model, error) {
	m := &model{}
	m.table, _ = chsql.Table(s.Database, s.Table)
	if s.RollupTable != "" {
		m.rollup, _ = chsql.Table(s.Database, s.RollupTable)
	}
	where := s.Table
	if s.Database != "" {
		where = s.Database + "." + s.Table
	}
	col := func(setting, refText string) (ref, string, error) {
		r, _ := parseRef(setting, refText)
		typ, ok := types[r.Column]
		if !ok {
			return r, "", fmt.Errorf("The %s %q names no column of %s.", setting, refText, where)
		}
		if r.IsMap {
			if !strings.HasPrefix(typ, "Map(") {
				return r, "", fmt.Errorf("The %s %q reads a key of %s, which has type %s, not Map.", setting, refText, r.Column, typ)
			}
			inner := strings.TrimSuffix(typ[strings.Index(typ, ",")+1:], ")")
			return r, strings.TrimSpace(inner), nil
		}
		return r, typ, nil
	}
	text := func(setting, refText string) (string, error) {
		if refText == "" {
			return "''", nil
		}
		r, typ, err := col(setting, refText)
		if err != nil {
			return "", err
		}
		base := strings.TrimSuffix(strings.TrimPrefix(strings.TrimPrefix(typ, "LowCardinality("), "Nullable("), ")")
		switch {
		case base == "String":
			if strings.Contains(typ, "Nullable") {
				return "ifNull(" + r.sql() + ", '')", nil
			}
			return r.sql(), nil
		case strings.HasPrefix(base, "FixedString"), strings.HasPrefix(base, "Enum"), base == "UUID",
			strings.HasPrefix(base, "UInt"), strings.HasPrefix(base, "Int"):
			return "toString(" + r.sql() + ")", nil
		}
		return "", fmt.Errorf("The %s %q has type %s: map it to a String column (or FixedString, Enum, UUID, integer).", setting, refText, typ)
	}
	r, typ, err := col("Time column", s.Columns.Time)
	if err != nil {
		return nil, err
	}
	if r.IsMap {
		return nil, fmt.Errorf("The Time column %q must be a column, not a Map key.", s.Columns.Time)
	}
	if m.time, err = newTimeExpr(r.sql(), typ); err != nil {
		return nil, fmt.Errorf("The Time column %q %v.", s.Columns.Time, err)
	}
	m.tms = m.time.ms()
	for _, f := range []struct {
		dst           *string
		setting, text string
	}{
		{&m.chain, "Chain id column", s.Columns.Chain}, {&m.step, "Step column", s.Columns.Step},
		{&m.service, "Service column", s.Columns.Service}, {&m.client, "Client column", s.Columns.Client},
		{&m.outcome, "Outcome column", s.Columns.Outcome},
	} {
		if *f.dst, err = text(f.setting, f.text); err != nil {
			return nil, err
		}
	}
	if s.Columns.End != "" {
		r, typ, err := col("End column", s.Columns.End)
		if err != nil {
			return nil, err
		}
		end, err := newTimeExpr(r.sql(), typ)
		if err != nil {
			return nil, fmt.Errorf("The End column %q %v.", s.Columns.End, err)
		}
		m.dur = durationMs(s.Columns, "", &end, m.time)
	} else {
		r, typ, err := col("Duration column", s.Columns.Duration)
		if err != nil {
			return nil, err
		}
		base := strings.TrimSuffix(strings.TrimPrefix(typ, "Nullable("), ")")
		expr := r.sql()
		switch {
		case base == "String" && r.IsMap: // attributes are text: a number that does not parse counts as 0
			expr = "toFloat64OrZero(" + expr + ")"
		case !strings.HasPrefix(base, "UInt") && !strings.HasPrefix(base, "Int") && !strings.HasPrefix(base, "Float") && !strings.HasPrefix(base, "Decimal"):
			return nil, fmt.Errorf("The Duration column %q has type %s: it must be a number (%s), or a Map key holding one.", s.Columns.Duration, typ, s.Columns.DurationUnit)
		}
		m.dur = durationMs(s.Columns, expr, nil, m.time)
	}
	m.isErr = "toUInt8(" + m.outcome + " IN " + chsql.Strings(s.ErrorValues) + ")"
	for _, d := range s.Dimensions {
		setting := fmt.Sprintf("column of dimension %q", d.Key)
		if r, typ, err := col(setting, d.Column); err == nil && strings.HasPrefix(typ, "Array(") {
			if !strings.Contains(typ, "String") {
				return nil, fmt.Errorf("The %s %q has type %s: a multi-valued dimension must be an Array of String.", setting, d.Column, typ)
			}
			m.dims = append(m.dims, dimExpr{key: d.Key, sql: r.sql(), multi: true})
			continue
		}
		e, err := text(setting, d.Column)
		if err != nil {
			return nil, err
		}
		m.dims = append(m.dims, dimExpr{key: d.Key, sql: e})
	}
	return m, nil
}

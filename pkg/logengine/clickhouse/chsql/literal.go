// Package chsql writes ClickHouse SQL text safely: string literals escaped byte by byte, numbers formatted
// from parsed values, identifiers only from a whitelist pattern, and Spacetime's filter model
// (pkg/filter) compiled to a WHERE expression. ClickHouse 18.16's HTTP interface has no query
// parameters ({name:Type} came in 19.x), so every literal is written here.
package chsql

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// String is s as a ClickHouse string literal. Every quote and backslash is escaped, and every byte outside
// printable ASCII (NUL, newlines, control bytes, UTF-8 sequences) is written as \xHH, so no input can end
// the literal, start a comment or a second statement, or be read differently by the server.
func String(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	b.Grow(len(s) + 2)
	b.WriteByte('\'')
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\'' || c == '\\':
			b.WriteByte('\\')
			b.WriteByte(c)
		case c < 0x20 || c >= 0x7f:
			b.WriteString(`\x`)
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&0xf])
		default:
			b.WriteByte(c)
		}
	}
	b.WriteByte('\'')
	return b.String()
}

// Strings is a parenthesized list of string literals, for IN.
func Strings(values []string) string {
	quoted := make([]string, len(values))
	for i, v := range values {
		quoted[i] = String(v)
	}
	return "(" + strings.Join(quoted, ", ") + ")"
}

// Int is n as a literal.
func Int(n int64) string { return strconv.FormatInt(n, 10) }

// Float is a finite x as a literal (callers reject NaN and infinities first).
func Float(x float64) string {
	s := strconv.FormatFloat(x, 'g', -1, 64)
	if !strings.ContainsAny(s, ".e") {
		s += ".0" // keep it a Float64 literal, so comparisons are numeric
	}
	return s
}

var identRe = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// Ident is name as a back-quoted identifier, or an error naming it when it is not a plain identifier
// (letters, digits, underscores): settings name columns and tables, never SQL.
func Ident(what, name string) (string, error) {
	if !identRe.MatchString(name) {
		return "", fmt.Errorf("%s %q is not a plain identifier (letters, digits and _, not starting with a digit)", what, name)
	}
	return "`" + name + "`", nil
}

// Table is "db.table" with both parts checked, or just the table when db is empty.
func Table(db, table string) (string, error) {
	t, err := Ident("table", table)
	if err != nil || db == "" {
		return t, err
	}
	d, err := Ident("database", db)
	if err != nil {
		return "", err
	}
	return d + "." + t, nil
}

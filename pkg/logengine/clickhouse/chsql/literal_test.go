package chsql

import (
	"strings"
	"testing"
)

// readLiteral reads a ClickHouse string literal at the start of sql the way the server's lexer does
// (backslash escapes, ” as a quote) and returns its value and the rest of the text.
func readLiteral(t *testing.T, sql string) (value, rest string) {
	t.Helper()
	if sql == "" || sql[0] != '\'' {
		t.Fatalf("%q does not start with a quote", sql)
	}
	var b strings.Builder
	for i := 1; i < len(sql); i++ {
		switch c := sql[i]; c {
		case '\\':
			i++
			if sql[i] == 'x' {
				var v byte
				for _, h := range sql[i+1 : i+3] {
					v = v*16 + byte(strings.IndexRune("0123456789ABCDEF", h))
				}
				b.WriteByte(v)
				i += 2
			} else {
				b.WriteByte(sql[i])
			}
		case '\'':
			return b.String(), sql[i+1:]
		default:
			b.WriteByte(c)
		}
	}
	t.Fatalf("unterminated literal %q", sql)
	return "", ""
}

func TestStringIsOneLiteralThatReadsBackAsTheValue(t *testing.T) {
	for _, v := range []string{"", "'", `\`, `\'`, "' OR 1=1 --", "a\x00b", "/* x */", "日本 🚀", "\xff", "\n;\r", strings.Repeat(`'\`, 1000)} {
		lit := String(v)
		for i := 0; i < len(lit); i++ {
			if lit[i] < 0x20 || lit[i] >= 0x7f {
				t.Fatalf("String(%q) has the raw byte %#x", v, lit[i])
			}
		}
		got, rest := readLiteral(t, lit)
		if got != v || rest != "" {
			t.Errorf("String(%q) = %s reads back as %q with %q after it", v, lit, got, rest)
		}
	}
}

func TestIdentAcceptsOnlyPlainNames(t *testing.T) {
	for _, ok := range []string{"ts", "chain_id", "_x9", "LogAttributes"} {
		if _, err := Ident("column", ok); err != nil {
			t.Errorf("%q: %v", ok, err)
		}
	}
	for _, bad := range []string{"", "9x", "a b", "a`b", "a;DROP", "a--", "a.b", "ä", "a\x00"} {
		if _, err := Ident("column", bad); err == nil || !strings.Contains(err.Error(), "column") {
			t.Errorf("%q accepted (%v)", bad, err)
		}
	}
}

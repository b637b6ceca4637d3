package store

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/spacetime/tickets/pkg/tickets"
)

// The token search rests on this: strings.ToLower of a word rune gives word bytes only, and of a separator
// byte the byte itself, so lower-casing keeps every token boundary where it was.
func TestLowerCasingKeepsTokenBoundaries(t *testing.T) {
	for r := rune(0); r <= utf8.MaxRune; r++ {
		if !utf8.ValidRune(r) {
			continue
		}
		s := string(r)
		lower := strings.ToLower(s)
		if !wordByte[s[0]] {
			if lower != s {
				t.Errorf("separator %q lowers to %q", s, lower)
			}
			continue
		}
		if lower == "" {
			t.Errorf("word rune %U lowers to nothing", r)
		}
		for i := 0; i < len(lower); i++ {
			if !wordByte[lower[i]] {
				t.Errorf("word rune %U lowers to %q, which holds the separator %q", r, lower, lower[i])
			}
		}
	}
	// Invalid UTF-8 (bytes ≥ 0x80, word bytes) lowers to U+FFFD, word bytes too, and token by token.
	for _, s := range []string{"\xff", "a\xc3", "\xc3 b", "x\xe2\x82", "İ\xffK"} {
		if strings.ToLower(s) != string(lowerTokens(s)) {
			t.Errorf("%q: lower-cased token by token %q, whole %q", s, lowerTokens(s), strings.ToLower(s))
		}
	}
}

func lowerTokens(s string) []byte {
	var out []byte
	for i := 0; i < len(s); {
		j := nextToken(s, i)
		out = append(out, strings.ToLower(s[i:j])...)
		i = j
	}
	return out
}

// tokenTexts are descriptions with every kind of token boundary.
var tokenTexts = []string{
	"", " ", "  ", "disk full", "disk  full", " disk full ", "disk full.", ",disk,,full,", "disk, full; done.",
	"tab\tand\nnewline\r\n", "\n\nleading newlines", "trailing spaces   ", "Disk FULL on DB-1", "ALLCAPS",
	"İstanbul İZMİR", "STRAẞE Straße", "ΟΔΥΣΣΕΥΣ ς σ Σ", "\u212a Kelvin", "日本語のテキスト、ABC。", "emoji 🔥🔥 fire🔥",
	"bad \xff\xfe UTF-8 \xc3", "\xc3", "a\xc3 b", "request 3f2c9a1e-7b4d-4c1a-9e8f-0a1b2c3d4e5f failed",
	"host db-0042.eu-west-1.example.com at 2026-12-01T15:04:05Z", "MixedCase123456 ABCDEF0123456789",
	strings.Repeat("x", 40) + " " + strings.Repeat("=", 40) + " " + strings.Repeat("Y", 33), "a_b __init__ snake_case",
	"cache-miss cache miss", "x y z", "-", "--", "a-", "-a",
}

var tokenTerms = []string{
	"disk", "full", "disk full", "disk  full", "k f", "isk ful", ",", " ", "  ", ".", "\n", "\t", "", "d", "z",
	"istanbul", "i̇stanbul", "straße", "ς", "σ", "k", "日本", "テキスト、abc", "🔥", "fire🔥", "\ufffd", "\xff",
	"3f2c9a1e", "3f2c9a1e-7b4d", "0042.eu", "db-0042", "t15:04", "mixedcase123456", "abcdef", "xxx y", "== yy",
	"a_b", "_init", "cache-miss", "-miss", "cache-", "e m", "x y z", "y z", "-", "a-", "-a", "b __",
}

func tokenStore(texts []string) *Store {
	s := New()
	ts := make([]tickets.Ticket, len(texts))
	for i, text := range texts {
		ts[i] = tickets.Ticket{ID: fmt.Sprint(i + 1), Number: int64(i + 1), Description: text}
	}
	s.Upsert(nil, ts)
	return s
}

// checkTokens asserts that every row of s reads back as texts[row], and that search, regex pre-filters and
// equality agree with the same questions asked of the text itself.
func checkTokens(t *testing.T, s *Store, texts, terms []string) {
	t.Helper()
	s.Read(func(v *View) {
		col, _ := v.Text(KeyDescription)
		for _, term := range terms {
			has, may := col.Contains(term), col.MayContain(term)
			for row, text := range texts {
				want := strings.Contains(strings.ToLower(text), term)
				if has(row) != want {
					t.Errorf("%q contains %q: %v, want %v", text, term, has(row), want)
				}
				if want && may != nil && !may(row) {
					t.Errorf("%q contains %q, but the pre-filter drops it", text, term)
				}
			}
		}
		for row, text := range texts {
			var buf [8]byte
			if got := col.At(row); got != text {
				t.Errorf("row %d: %q comes back as %q", row, text, got)
			}
			if got := col.Lower(row, buf[:]); got != strings.ToLower(text) {
				t.Errorf("%q lower-cased: %q, want %q", text, got, strings.ToLower(text))
			}
			if !col.AtMatch(row, func(s string) bool { return s == text }) || !col.LowerMatch(row, func(s string) bool { return s == strings.ToLower(text) }) {
				t.Errorf("%q: AtMatch or LowerMatch reads another text", text)
			}
			for other, o := range texts {
				if got := col.Equal(o)(row); got != (text == o) {
					t.Errorf("%q == %q (row %d): %v", text, o, other, got)
				}
			}
		}
	})
}

func TestDescriptionTokens(t *testing.T) {
	s := tokenStore(tokenTexts)
	checkTokens(t, s, tokenTexts, append(tokenTerms, tokenTexts...))
	loaded := New()
	if err := loaded.Import(s.Export()); err != nil {
		t.Fatal(err)
	}
	checkTokens(t, loaded, tokenTexts, tokenTerms)
	s.Read(func(v *View) {
		col, _ := v.Text(KeyDescription)
		if col.Equal("a token no description has")(3) {
			t.Error("a text with an unknown token equals a description")
		}
	})
}

// A lone space between two words costs nothing, a word in the dictionary one byte, and a likely-unique
// token is a literal: the dictionary does not grow with every request id.
func TestTokenCodesAreSmall(t *testing.T) {
	var texts []string
	for i := range 1000 {
		texts = append(texts, fmt.Sprintf("Timeout calling payment-api, request %08x-%08x retried on host db%05d.example.com", i*7919, i, i))
	}
	s := tokenStore(texts)
	if n := s.tokens.Len(); n > 20 {
		t.Errorf("1000 descriptions with unique ids made %d dictionary entries", n)
	}
	// 15 dictionary codes, and 3 literals of 8, 8 and 7 bytes behind 2 bytes each.
	if codes := s.bodies.field(0, bodyDescCodes); len(codes) != 15+3*2+8+8+7 {
		t.Errorf("%q takes %d bytes of codes", texts[0], len(codes))
	}
	if codes := tokenStore([]string{"disk full now"}).bodies.field(0, bodyDescCodes); len(codes) != 3 {
		t.Errorf(`"disk full now" takes %d bytes of codes, want 3`, len(codes))
	}
}

// Rewritten and deleted rows keep reading their own text; the dictionary keeps the tokens they dropped.
func TestTokensAfterRewrites(t *testing.T) {
	s := tokenStore([]string{"first text", "second text"})
	s.Upsert(nil, []tickets.Ticket{{ID: "1", Number: 1, Description: "Rewritten, with NEW words"}})
	s.Delete("2")
	checkTokens(t, s, []string{"Rewritten, with NEW words"}, []string{"new", "second", "first", "text"})
}

func FuzzDescriptionTokens(f *testing.F) {
	for i, text := range tokenTexts {
		f.Add(text, tokenTerms[i%len(tokenTerms)])
	}
	f.Fuzz(func(t *testing.T, text, term string) {
		texts := []string{text, "other words, " + text}
		s := tokenStore(texts)
		checkTokens(t, s, texts, []string{term, strings.ToLower(term)})
	})
}

// Export reads the dictionary after the lock is released while upserts add tokens to it (run with -race).
func TestExportWhileTokensAreAdded(t *testing.T) {
	texts := make([]string, 2000)
	for i := range texts {
		texts[i] = fmt.Sprintf("w%d, Other%d words", i, i%7) // dictionary tokens, not literals
	}
	s := tokenStore(texts)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := range 2000 {
			s.Upsert(nil, []tickets.Ticket{{ID: fmt.Sprint(5000 + i), Number: int64(5000 + i), Description: fmt.Sprintf("f%d t%d", i, i)}})
		}
	}()
	c := s.Export()
	<-done
	for row, text := range texts {
		if c.Descriptions[row] != text {
			t.Fatalf("row %d exported as %q, want %q", row, c.Descriptions[row], text)
		}
	}
}

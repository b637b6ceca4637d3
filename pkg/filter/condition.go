package filter

import (
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/spacetime/tickets/pkg/store"
)

// TimeLayout is the text of a time field: RFC 3339 in UTC with seconds.
const TimeLayout = "2006-01-02T15:04:05Z07:00"

func compileCondition(v *store.View, c Condition) (pred, error) {
	kind, ok := v.Kind(c.Key)
	if !ok {
		return nil, unknownField(v, c.Key)
	}
	if err := CheckOperator(c); err != nil {
		return nil, err
	}
	var positive pred
	var err error
	switch c.Operator {
	case OpLessThan, OpGreaterThan:
		return compileOrder(v, kind, c)
	case OpRegex, OpNotRegex:
		positive, err = compileRegex(v, kind, c)
	default:
		positive, err = compileEqual(v, kind, c.Key, c.operands())
	}
	if err != nil {
		return nil, err
	}
	switch c.Operator {
	case OpNotEqual, OpNotRegex, OpNotOneOf:
		return negate(positive), nil
	}
	return positive, nil
}

func unknownField(v *store.View, key string) error {
	keys := make([]string, 0, 16)
	for _, f := range v.Fields() {
		keys = append(keys, f.Key)
	}
	return fmt.Errorf("unknown field %q in the filter: fields are %s", key, strings.Join(keys, ", "))
}

func negate(p pred) pred {
	if cp, ok := p.(interface{ negated() pred }); ok { // a codePred of any width
		return cp.negated()
	}
	return notPred{of: p}
}

// onCodes evaluates match once per dictionary entry of a categorical column; a row of a multi-valued
// column matches when any of its values does (and its negation when none does).
func onCodes(col *store.Category, match func(text string) bool) pred {
	table := make([]bool, col.Dict.Len())
	for code, text := range col.Dict.Values() {
		table[code] = match(text)
	}
	return newCodePred(col, col.Lift(table))
}

func compileEqual(v *store.View, kind store.Kind, key string, values []string) (pred, error) {
	switch kind {
	case store.KindCategory:
		return onCodes(v.Category(key), func(s string) bool { return slices.Contains(values, s) }), nil
	case store.KindText:
		text, _ := v.Text(key)
		tests := make([]func(row int) bool, len(values))
		for i, want := range values {
			tests[i] = text.Equal(want)
		}
		if len(tests) == 1 {
			return rowPred{keep: tests[0], c: costString}, nil
		}
		return rowPred{keep: func(row int) bool {
			for _, is := range tests {
				if is(row) {
					return true
				}
			}
			return false
		}, c: costString}, nil
	default:
		wantNull := false
		seconds := map[int64]bool{}
		for _, s := range values {
			if s == "" {
				wantNull = true
			} else if sec, ok := CanonicalSecond(s); ok {
				seconds[sec] = true
			}
		}
		times := v.Times(key)
		return rowPred{keep: func(row int) bool {
			ms := times[row]
			if ms == 0 {
				return wantNull
			}
			return seconds[floorDiv(ms, 1000)]
		}, c: costCheap}, nil
	}
}

func compileRegex(v *store.View, kind store.Kind, c Condition) (pred, error) {
	re, err := anchoredRegex(c.Key, c.Value)
	if err != nil {
		return nil, err
	}
	switch kind {
	case store.KindCategory:
		return onCodes(v.Category(c.Key), re.MatchString), nil
	case store.KindText:
		return rowPred{keep: regexOnText(v, c.Key, re, requiredLiterals(c.Value)), c: costScan}, nil
	default:
		times := v.Times(c.Key)
		return rowPred{keep: func(row int) bool {
			var buf [32]byte
			return re.Match(appendTimeText(buf[:0], times[row]))
		}, c: costScan}, nil
	}
}

// regexOnText runs re only on the rows whose text contains every literal the regex requires, checking
// first that the row's bigram signature allows them at all, and for a description that its tokens do.
func regexOnText(v *store.View, key string, re *regexp.Regexp, hints []literalHint) func(row int) bool {
	text, _ := v.Text(key)
	signed := text.Signed()
	sigs := v.Signatures()
	type check struct {
		needle
		lower bool
	}
	var checks []check
	var hintSig store.Signature
	var lowerTests []func(row int) bool // the lower-case hints, in the lower-cased text
	var exact []needle                  // the other hints, in the text the regex reads
	var folded []string                 // those of them in ASCII, lower-cased: the lower-cased text holds them too
	for _, h := range hints {
		if h.lower && !signed {
			continue
		}
		checks = append(checks, check{newNeedle(h.text), h.lower})
		s := store.TextSignature(strings.ToLower(h.text))
		for i := range hintSig {
			hintSig[i] |= s[i]
		}
		if h.lower {
			lowerTests = append(lowerTests, lowerTest(text, h.text))
			continue
		}
		exact = append(exact, newNeedle(h.text))
		if isASCII(h.text) {
			folded = append(folded, strings.ToLower(h.text))
		}
	}
	useSig := signed && len(checks) > 0
	if key == store.KeyTitle {
		return func(row int) bool {
			if useSig && !sigs[row].Covers(&hintSig) {
				return false
			}
			title, lower, _ := text.Forms(row)
			for i := range checks {
				in := title
				if checks[i].lower {
					in = lower
				}
				if !checks[i].in(in) {
					return false
				}
			}
			return re.MatchString(title)
		}
	}
	mayContain := text.MayContain(folded...)
	match := func(s string) bool {
		for i := range exact {
			if !exact[i].in(s) {
				return false
			}
		}
		return re.MatchString(s)
	}
	return func(row int) bool {
		if useSig && !sigs[row].Covers(&hintSig) || mayContain != nil && !mayContain(row) {
			return false
		}
		for _, has := range lowerTests {
			if !has(row) {
				return false
			}
		}
		return text.AtMatch(row, match)
	}
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// appendTimeText appends a time cell's text: RFC 3339 with seconds, "" for none.
func appendTimeText(b []byte, ms int64) []byte {
	if ms == 0 {
		return b
	}
	return time.UnixMilli(ms).UTC().AppendFormat(b, TimeLayout)
}

func compileOrder(v *store.View, kind store.Kind, c Condition) (pred, error) {
	less := c.Operator == OpLessThan
	if kind == store.KindTime {
		bound, ok := parseTimeValue(c.Value)
		if !ok {
			return nil, NeedsTimeError(c)
		}
		times := v.Times(c.Key)
		return rowPred{keep: func(row int) bool {
			ms := times[row]
			return ms != 0 && ((less && ms < bound) || (!less && ms > bound))
		}, c: costCheap}, nil
	}
	bound, ok := parseNumber(c.Value)
	if !ok {
		return nil, NeedsNumberError(c)
	}
	compare := func(x float64) bool { return (less && x < bound) || (!less && x > bound) }
	matchText := func(s string) bool {
		x, ok := parseNumber(s)
		return ok && compare(x)
	}
	switch kind {
	case store.KindCategory:
		return onCodes(v.Category(c.Key), matchText), nil
	default:
		text, _ := v.Text(c.Key)
		return rowPred{keep: func(row int) bool { return text.AtMatch(row, matchText) }, c: costScan}, nil
	}
}

// parseNumber reads a finite decimal number; "" and text are not numbers.
func parseNumber(s string) (float64, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, false
	}
	x, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsInf(x, 0) || math.IsNaN(x) {
		return 0, false
	}
	return x, true
}

// parseTimeValue reads epoch milliseconds or RFC 3339 into unix milliseconds.
func parseTimeValue(s string) (int64, bool) {
	s = strings.TrimSpace(s)
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		return n, true
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return 0, false
	}
	return t.UnixMilli(), true
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

package filter

import (
	"fmt"
	"regexp"
	"regexp/syntax"
	"strings"
	"unicode/utf8"
)

// anchoredRegex compiles pattern to match the whole value.
func anchoredRegex(key, pattern string) (*regexp.Regexp, error) {
	if _, err := syntax.Parse(pattern, syntax.Perl); err != nil {
		reason := err.Error()
		if se, ok := err.(*syntax.Error); ok {
			reason = string(se.Code)
		}
		return nil, fmt.Errorf("invalid regex %q for field %q: %s", pattern, key, reason)
	}
	return regexp.Compile(`^(?:` + pattern + `)$`)
}

// literalHint is a substring every match of a regex contains: text without it cannot match. When
// lower is set the hint is lower-case and must be looked for in lower-cased text.
type literalHint struct {
	text  string
	lower bool
}

// requiredLiteral finds a literal every match must contain, to skip the regex on most rows.
func requiredLiteral(pattern string) literalHint {
	re, err := syntax.Parse(`^(?:`+pattern+`)$`, syntax.Perl)
	if err != nil {
		return literalHint{}
	}
	return bestLiteral(re.Simplify())
}

func bestLiteral(re *syntax.Regexp) literalHint {
	switch re.Op {
	case syntax.OpLiteral:
		s := string(re.Rune)
		if re.Flags&syntax.FoldCase == 0 {
			return literalHint{text: s}
		}
		return foldHint(s)
	case syntax.OpCapture, syntax.OpPlus:
		return bestLiteral(re.Sub[0])
	case syntax.OpRepeat:
		if re.Min >= 1 {
			return bestLiteral(re.Sub[0])
		}
	case syntax.OpConcat:
		var best literalHint
		for _, sub := range re.Sub {
			if h := bestLiteral(sub); len(h.text) > len(best.text) {
				best = h
			}
		}
		return best
	}
	return literalHint{}
}

// foldHint turns a case-folded literal into a lower-case hint. Only ASCII literals qualify, and 's' is
// left out because the long s (ſ) folds to it but does not lower-case to it.
func foldHint(s string) literalHint {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return literalHint{}
		}
	}
	var best string
	for piece := range strings.SplitSeq(strings.ToLower(s), "s") {
		if len(piece) > len(best) {
			best = piece
		}
	}
	return literalHint{text: best, lower: true}
}

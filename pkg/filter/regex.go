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

// requiredLiterals finds literals every match must contain, to skip the regex on most rows.
func requiredLiterals(pattern string) []literalHint {
	re, err := syntax.Parse(`^(?:`+pattern+`)$`, syntax.Perl)
	if err != nil {
		return nil
	}
	var out []literalHint
	collectLiterals(re.Simplify(), &out)
	return out
}

func collectLiterals(re *syntax.Regexp, out *[]literalHint) {
	switch re.Op {
	case syntax.OpLiteral:
		if re.Flags&syntax.FoldCase != 0 {
			*out = append(*out, foldHints(string(re.Rune))...)
		} else {
			*out = append(*out, literalHint{text: string(re.Rune)})
		}
	case syntax.OpCapture, syntax.OpPlus:
		collectLiterals(re.Sub[0], out)
	case syntax.OpRepeat:
		if re.Min >= 1 {
			collectLiterals(re.Sub[0], out)
		}
	case syntax.OpConcat:
		for _, sub := range re.Sub {
			collectLiterals(sub, out)
		}
	}
}

// foldHints turns a case-folded literal into lower-case hints. Only ASCII literals qualify, and they are
// cut at each 's' because the long s (ſ) folds to s but does not lower-case to it.
func foldHints(s string) []literalHint {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return nil
		}
	}
	var out []literalHint
	for piece := range strings.SplitSeq(strings.ToLower(s), "s") {
		if piece != "" {
			out = append(out, literalHint{text: piece, lower: true})
		}
	}
	return out
}

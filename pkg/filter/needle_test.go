package filter

import (
	"strings"
	"testing"
)

func TestNeedleAgreesWithContains(t *testing.T) {
	texts := []string{"", "a", "timeout", "the timeout of the time out", "xtimeou", "imeout timeout", "mmmm", "zz top"}
	terms := []string{"", "t", "timeout", "time out", "out", "mm", "zz", "z top", "timeoutx"}
	for _, s := range texts {
		for _, term := range terms {
			n := newNeedle(term)
			if got, want := n.in(s), strings.Contains(s, term); got != want {
				t.Errorf("%q in %q: %v, want %v", term, s, got, want)
			}
		}
	}
}

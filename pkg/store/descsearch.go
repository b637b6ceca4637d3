package store

import (
	"strings"
	"sync"
)

// rebuildBuffers hold descriptions rebuilt for a caller's match func: a buffer on the stack would escape
// (the func is unknown to the compiler), so without the pool every rebuilt row would allocate.
var rebuildBuffers = sync.Pool{New: func() any { b := make([]byte, 0, 1024); return &b }}

// descriptionMatch reports match(the description, lower-cased when lower is set), rebuilt from its tokens.
func (s *Store) descriptionMatch(row int, lower bool, match func(string) bool) bool {
	buf := rebuildBuffers.Get().(*[]byte)
	b := s.tokens.appendText((*buf)[:0], s.bodies.field(row, bodyDescCodes), lower)
	ok := match(bytesString(b))
	if cap(b) <= 64<<10 {
		*buf = b
		rebuildBuffers.Put(buf)
	}
	return ok
}

// Contains returns a test of strings.Contains(Lower(row), term) for a lower-cased term, or nil for a
// column other than the description (which keeps no text to scan: see tokens.go). It reads the row's token
// codes only: a term made of word bytes alone is in one token (a table over the dictionary says which), a
// term with separators ("disk full", "cache-miss", ", ") lines up with a run of tokens (phrase.go). A term
// of more than 63 runs needs its word runs among the row's tokens, then is looked for in the rebuilt text.
func (t TextColumn) Contains(term string) func(row int) bool {
	if t.key != textDescription {
		return nil
	}
	s := t.s
	if term == "" {
		return func(int) bool { return true }
	}
	dict := &s.tokens
	if _, only := termRuns(nil, term); only {
		m := newTokenMatch(dict, term)
		return func(row int) bool { return m.covers(s.bodies.field(row, bodyDescCodes)) }
	}
	if p := newPhraseMatch(dict, term); p != nil {
		return func(row int) bool { return p.in(s.bodies.field(row, bodyDescCodes)) }
	}
	m := newTokenMatch(dict, term)
	return func(row int) bool {
		codes := s.bodies.field(row, bodyDescCodes)
		if m != nil && !m.covers(codes) {
			return false
		}
		var buf [1024]byte
		return strings.Contains(bytesString(dict.appendText(buf[:0], codes, true)), term)
	}
}

// MayContain returns a pre-filter for the lower-cased terms: false when the row's lower-cased text does not
// contain all of them (Contains of each). It is nil for a column other than the description, and when
// there are no terms.
func (t TextColumn) MayContain(terms ...string) func(row int) bool {
	if t.key != textDescription || len(terms) == 0 {
		return nil
	}
	tests := make([]func(int) bool, len(terms))
	for i, term := range terms {
		tests[i] = t.Contains(term)
	}
	return func(row int) bool {
		for _, has := range tests {
			if !has(row) {
				return false
			}
		}
		return true
	}
}

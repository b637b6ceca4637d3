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
// column other than the description (which keeps no text to scan: see tokens.go). A term made of word
// bytes only is answered from the dictionary, without rebuilding any text; a term with separators ("disk
// full", "cache-miss") first needs its word runs among the row's tokens, then is looked for in the
// rebuilt lower-cased text.
func (t TextColumn) Contains(term string) func(row int) bool {
	if t.key != textDescription {
		return nil
	}
	s := t.s
	if term == "" {
		return func(int) bool { return true }
	}
	dict := &s.tokens
	m := newTokenMatch(dict, term)
	if _, only := termRuns(nil, term); only {
		return func(row int) bool { return m.covers(s.bodies.field(row, bodyDescCodes)) }
	}
	return func(row int) bool {
		codes := s.bodies.field(row, bodyDescCodes)
		if m != nil && !m.covers(codes) {
			return false
		}
		var buf [1024]byte
		return strings.Contains(bytesString(dict.appendText(buf[:0], codes, true)), term)
	}
}

// MayContain returns a pre-filter for the lower-cased terms: false only when the row's lower-cased text
// cannot contain all of them (some word run of a term is in none of its tokens). It is nil for a column
// other than the description, and when the terms have no word run.
func (t TextColumn) MayContain(terms ...string) func(row int) bool {
	if t.key != textDescription {
		return nil
	}
	m := newTokenMatch(&t.s.tokens, terms...)
	if m == nil {
		return nil
	}
	s := t.s
	return func(row int) bool { return m.covers(s.bodies.field(row, bodyDescCodes)) }
}

package store

import (
	"strconv"
	"strings"
)

// TextColumn reads one text field (id, title, description or url) row by row, while Store.Read holds the
// read lock. The strings it returns may point into the store: read them, never modify them.
type TextColumn struct {
	s   *Store
	key textKey
}

type textKey uint8

const (
	textID textKey = iota
	textTitle
	textDescription
	textURL
)

func (s *Store) textColumn(key string) (TextColumn, bool) {
	switch key {
	case KeyID:
		return TextColumn{s, textID}, true
	case KeyTitle:
		return TextColumn{s, textTitle}, true
	case KeyDescription:
		return TextColumn{s, textDescription}, true
	case KeyURL:
		return TextColumn{s, textURL}, true
	}
	return TextColumn{}, false
}

// Signed reports whether Signatures cover the column's lower-cased text (title and description), which
// Lower then reads as it is stored, never using its buffer.
func (t TextColumn) Signed() bool { return t.key == textTitle || t.key == textDescription }

// At is row's text as the ticket system gave it. A description with capitals is rebuilt (allocated):
// AtMatch reads one without allocating.
func (t TextColumn) At(row int) string {
	switch t.key {
	case textID:
		return t.s.id(row)
	case textURL:
		return t.s.url(row)
	case textDescription:
		return t.s.description(row)
	}
	return t.s.heads.field(row, headTitle)
}

// AtMatch reports match(At(row)), rebuilding a description with capitals on this call's stack (up to
// 1 KiB) rather than the heap.
func (t TextColumn) AtMatch(row int, match func(text string) bool) bool {
	if t.key != textDescription {
		return match(t.At(row))
	}
	lower, mask := t.s.bodies.pair(row, bodyDescLower)
	if mask == "" {
		return match(lower)
	}
	var buf [1024]byte
	return match(patched(lower, mask, buf[:]))
}

// LowerMatch reports match(strings.ToLower(At(row))). Titles and descriptions are kept in lower case, so
// it reads them as they are; an id with capitals is rebuilt on this call's stack.
func (t TextColumn) LowerMatch(row int, match func(lower string) bool) bool {
	switch t.key {
	case textTitle:
		title, lower := t.s.heads.pair(row, headTitle)
		if lower == "" {
			return match(title)
		}
		return match(lower)
	case textDescription:
		return match(t.s.bodies.field(row, bodyDescLower))
	}
	var buf [64]byte
	return match(t.Lower(row, buf[:]))
}

// Lower is strings.ToLower(At(row)), rebuilt in buf where it must be (the result may share buf).
func (t TextColumn) Lower(row int, buf []byte) string {
	switch t.key {
	case textTitle:
		title, lower := t.s.heads.pair(row, headTitle)
		if lower == "" {
			return title
		}
		return lower
	case textDescription:
		return t.s.bodies.field(row, bodyDescLower)
	case textID:
		if t.s.heads.flags(row)&flagIDIsNumber != 0 {
			return bytesString(strconv.AppendInt(buf[:0], t.s.numbers[row], 10))
		}
		id, fold := t.s.heads.pair(row, headID)
		return patched(id, fold, buf)
	}
	return strings.ToLower(t.At(row))
}

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

// Signed reports whether Signatures cover the column's lower-cased text (title and description).
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

// AtMatch reports match(At(row)), rebuilding a description from its tokens in a pooled buffer (up to
// 1 KiB) rather than a new string; match must not keep the string.
func (t TextColumn) AtMatch(row int, match func(text string) bool) bool {
	if t.key != textDescription {
		return match(t.At(row))
	}
	return t.s.descriptionMatch(row, false, match)
}

// LowerMatch reports match(strings.ToLower(At(row))): a title is kept in lower case too, a description is
// rebuilt lower-cased from its tokens (in a pooled buffer), an id with capitals on this call's stack.
func (t TextColumn) LowerMatch(row int, match func(lower string) bool) bool {
	switch t.key {
	case textTitle:
		lower, title := t.s.heads.pair(row, headTitleLower)
		if lower == "" {
			return match(title)
		}
		return match(lower)
	case textDescription:
		return t.s.descriptionMatch(row, true, match)
	}
	var buf [64]byte
	return match(t.Lower(row, buf[:]))
}

// Forms returns At(row) and Lower(row) at once for a title (one read of its record), and false for another
// column.
func (t TextColumn) Forms(row int) (text, lower string, ok bool) {
	if t.key != textTitle {
		return "", "", false
	}
	lower, text = t.s.heads.pair(row, headTitleLower)
	if lower == "" {
		lower = text
	}
	return text, lower, true
}

// Lower is strings.ToLower(At(row)), rebuilt in buf where it must be (the result may share buf).
func (t TextColumn) Lower(row int, buf []byte) string {
	switch t.key {
	case textTitle:
		lower, title := t.s.heads.pair(row, headTitleLower)
		if lower == "" {
			return title
		}
		return lower
	case textDescription:
		return bytesString(t.s.tokens.appendText(buf[:0], t.s.bodies.field(row, bodyDescCodes), true))
	case textID:
		if t.s.kinds[row]&flagIDIsNumber != 0 {
			return bytesString(strconv.AppendInt(buf[:0], t.s.numbers[row], 10))
		}
		id, fold := t.s.heads.pair(row, headID)
		return patched(id, fold, buf)
	}
	return strings.ToLower(t.At(row))
}

// Equal returns a test of At(row) == want that allocates nothing: an id kept as its number is compared as
// a number, a link kept as the template around the id piece by piece, a description by its token codes.
func (t TextColumn) Equal(want string) func(row int) bool {
	s := t.s
	switch t.key {
	case textID:
		n, numeric := numericID(want)
		return func(row int) bool {
			if s.kinds[row]&flagIDIsNumber != 0 {
				return numeric && s.numbers[row] == n
			}
			return s.heads.field(row, headID) == want
		}
	case textTitle:
		return func(row int) bool { return s.heads.field(row, headTitle) == want }
	case textDescription:
		// A text has one code stream, so equal texts have equal streams; a token the dictionary lacks is in
		// no description.
		codes, known := s.tokens.lookup(nil, want)
		return func(row int) bool { return known && s.bodies.field(row, bodyDescCodes) == string(codes) }
	}
	idIs := TextColumn{s, textID}.Equal
	tmpl := s.urls
	var wantID func(int) bool
	if tmpl.learned && len(want) >= len(tmpl.prefix)+len(tmpl.suffix) && strings.HasPrefix(want, tmpl.prefix) && strings.HasSuffix(want, tmpl.suffix) {
		wantID = idIs(want[len(tmpl.prefix) : len(want)-len(tmpl.suffix)])
	}
	return func(row int) bool {
		if s.kinds[row]&flagURLTemplate != 0 {
			return wantID != nil && wantID(row)
		}
		return s.heads.field(row, headURL) == want
	}
}

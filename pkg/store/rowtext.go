package store

import (
	"encoding/binary"
	"unsafe"
)

// rowTexts keeps one record of text fields per row in a shared, append-only byte arena, and one offset
// per row: 8 bytes a row instead of a 16-byte string header and an allocation per field. A record is
// never changed once written, so strings that point into the arena stay valid; an upsert writes a new
// record, and the arena is compacted when more than half of it is dead. A record is a flags byte, then
// each field as a uvarint length and its bytes.
//
// The store keeps two: the short fields (title, id, url...) in one and the descriptions in the other, so
// a scan of the titles reads about as many bytes as the titles hold (one arena for both made the title
// regex 1.5× slower: every row's title was a cache miss).
type rowTexts struct {
	fields int
	data   []byte
	at     []uint64
	dead   int
}

// Fields of the short-text arena, then of the description arena.
const (
	headTitleLower = iota // "" when the title is its own lower-cased form; first, as search reads it most
	headTitle
	headID
	headIDFold
	headURL
	headSourceID
	headFields
)

const (
	bodyDescCodes = iota // the description's token codes (tokens.go)
	bodyFields
)

// Kinds of a row's text (Store.kinds).
const (
	flagIDIsNumber  = 1 << iota // the id is the decimal ticket number, not stored
	flagURLTemplate             // the url is the store's template around the id, not stored
)

func newRowTexts(fields int) rowTexts { return rowTexts{fields: fields} }

func (t *rowTexts) grow() { t.at = append(t.at, 0) }

// set writes row's record: its flags and exactly t.fields fields.
func (t *rowTexts) set(row int, flags byte, fields ...string) {
	if len(t.data) == 0 {
		t.data = make([]byte, 1+t.fields, 1<<16) // offset 0: the empty record of a row never set
	}
	t.dead += t.recordLen(row)
	t.at[row] = uint64(len(t.data))
	t.data = append(t.data, flags)
	for _, f := range fields {
		t.data = binary.AppendUvarint(t.data, uint64(len(f)))
		t.data = append(t.data, f...)
	}
}

// recordLen is the length of row's record, 0 for the shared empty record.
func (t *rowTexts) recordLen(row int) int {
	start := t.at[row]
	if start == 0 {
		return 0
	}
	p := int(start) + 1 // #nosec G115 -- offsets are inside the arena
	for range t.fields {
		l, n := binary.Uvarint(t.data[p:])
		p += n + int(l) // #nosec G115 -- as above
	}
	return p - int(start) // #nosec G115 -- as above
}

// drop marks row's record dead (its ticket is deleted).
func (t *rowTexts) drop(row int) { t.dead += t.recordLen(row) }

// compact rewrites the arena without its dead records once they are more than half of it.
func (t *rowTexts) compact() {
	if t.dead < 1<<20 || t.dead < len(t.data)/2 {
		return
	}
	fresh := make([]byte, 1+t.fields, len(t.data)-t.dead)
	for row := range t.at {
		if t.at[row] == 0 {
			continue
		}
		start, n := int(t.at[row]), t.recordLen(row) // #nosec G115 -- offsets are inside the arena
		t.at[row] = uint64(len(fresh))
		fresh = append(fresh, t.data[start:start+n]...)
	}
	t.data, t.dead = fresh, 0
}

// frozen is a copy that later writes to t never change: the arena is append-only, the offsets are copied.
func (t *rowTexts) frozen() rowTexts {
	return rowTexts{fields: t.fields, data: t.data, at: clone(t.at)}
}

// field returns one field of row's record; the string points into the arena.
func (t *rowTexts) field(row, f int) string {
	text, _ := t.next(t.skip(row, f))
	return text
}

// pair returns a field and the one after it (a text and its case patch).
func (t *rowTexts) pair(row, f int) (string, string) {
	text, p := t.next(t.skip(row, f))
	second, _ := t.next(p)
	return text, second
}

// skip returns where field f of row's record starts.
func (t *rowTexts) skip(row, f int) int {
	p := int(t.at[row]) + 1 // #nosec G115 -- offsets are inside the arena
	for range f {
		l, n := binary.Uvarint(t.data[p:])
		p += n + int(l) // #nosec G115 -- as above
	}
	return p
}

// next reads the field at p and returns it and where the one after it starts.
func (t *rowTexts) next(p int) (string, int) {
	l, n := binary.Uvarint(t.data[p:])
	p += n
	return unsafe.String(unsafe.SliceData(t.data[p:]), int(l)), p + int(l) // #nosec G103,G115 -- the arena's bytes are never written again
}

// patched returns text with its case patch applied: text itself when the patch is empty, otherwise the
// form rebuilt into buf (which the result may share).
func patched(text, patch string, buf []byte) string {
	if patch == "" {
		return text
	}
	b := applyCase(buf[:0], text, unsafe.Slice(unsafe.StringData(patch), len(patch))) // #nosec G103 -- read only
	return unsafe.String(unsafe.SliceData(b), len(b))                                 // #nosec G103 -- b is not written again before the caller is done
}

func bytesString(b []byte) string { return unsafe.String(unsafe.SliceData(b), len(b)) } // #nosec G103 -- read only

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
// The arena is a list of chunks of arenaChunk bytes (a record never spans two), so it grows without the
// quarter of unused capacity, on average an eighth, that append's growth leaves in one large slice, and
// without copying what it holds. An offset is the chunk's index << 32 | the record's position in it.
//
// The store keeps two: the short fields (title, id, url...) in one and the descriptions in the other, so
// a scan of the titles reads about as many bytes as the titles hold (one arena for both made the title
// regex 1.5× slower: every row's title was a cache miss).
type rowTexts struct {
	fields int
	chunks [][]byte
	at     []uint64
	dead   int
}

// arenaChunk is the size of an arena's chunks; a record longer than it gets a chunk of its own length.
const arenaChunk = 1 << 20

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

// newRowTexts starts an arena with the empty record at offset 0 (a row never set reads it) in a first
// chunk that is small, so an empty store costs little.
func newRowTexts(fields int) rowTexts {
	return rowTexts{fields: fields, chunks: [][]byte{make([]byte, 1+fields, 4096)}}
}

func (t *rowTexts) grow() { t.at = push(t.at, 0) }

// set writes row's record: its flags and exactly t.fields fields.
func (t *rowTexts) set(row int, flags byte, fields ...string) {
	size := 1
	for _, f := range fields {
		size += uvarintLen(len(f)) + len(f)
	}
	last := len(t.chunks) - 1
	if c := t.chunks[last]; len(c)+size > cap(c) {
		t.chunks = append(t.chunks, make([]byte, 0, max(arenaChunk, size)))
		last++
	}
	t.dead += t.recordLen(row)
	c := t.chunks[last]
	t.at[row] = uint64(last)<<32 | uint64(len(c)) // #nosec G115 -- a chunk index and a position inside a chunk
	c = append(c, flags)
	for _, f := range fields {
		c = binary.AppendUvarint(c, uint64(len(f)))
		c = append(c, f...)
	}
	t.chunks[last] = c
}

func uvarintLen(n int) int {
	l := 1
	for ; n >= 0x80; n >>= 7 {
		l++
	}
	return l
}

// record returns the chunk that holds row's record and where the record starts in it.
func (t *rowTexts) record(row int) ([]byte, int) {
	at := t.at[row]
	return t.chunks[at>>32], int(uint32(at)) // #nosec G115 -- a position inside a chunk
}

// recordLen is the length of row's record, 0 for the shared empty record.
func (t *rowTexts) recordLen(row int) int {
	if t.at[row] == 0 {
		return 0
	}
	c, start := t.record(row)
	return t.recordLenIn(c, start)
}

// drop marks row's record dead (its ticket is deleted).
func (t *rowTexts) drop(row int) { t.dead += t.recordLen(row) }

// compact rewrites the arena without its dead records once they are more than half of it.
func (t *rowTexts) compact() {
	held := 0
	for _, c := range t.chunks {
		held += len(c)
	}
	if t.dead < 1<<20 || t.dead < held/2 {
		return
	}
	old := t.chunks
	t.chunks = newRowTexts(t.fields).chunks
	for row := range t.at {
		if t.at[row] == 0 {
			continue
		}
		c, start := old[t.at[row]>>32], int(t.at[row]&0xffffffff) // #nosec G115 -- a position inside a chunk
		t.at[row] = 0
		t.put(row, c[start:start+t.recordLenIn(c, start)])
	}
	t.dead = 0
}

// recordLenIn is the length of the record at start of chunk c.
func (t *rowTexts) recordLenIn(c []byte, start int) int {
	p := start + 1
	for range t.fields {
		l, n := binary.Uvarint(c[p:])
		p += n + int(l) // #nosec G115 -- lengths are inside the arena
	}
	return p - start
}

// put appends a whole record for row, as it was written elsewhere.
func (t *rowTexts) put(row int, record []byte) {
	last := len(t.chunks) - 1
	if c := t.chunks[last]; len(c)+len(record) > cap(c) {
		t.chunks = append(t.chunks, make([]byte, 0, max(arenaChunk, len(record))))
		last++
	}
	t.at[row] = uint64(last)<<32 | uint64(len(t.chunks[last])) // #nosec G115 -- as in set
	t.chunks[last] = append(t.chunks[last], record...)
}

// frozen is a copy that later writes to t never change: the chunks are append-only, the offsets are copied.
func (t *rowTexts) frozen() rowTexts {
	return rowTexts{fields: t.fields, chunks: clone(t.chunks), at: clone(t.at)}
}

// field returns one field of row's record; the string points into the arena.
func (t *rowTexts) field(row, f int) string {
	c, p := t.skip(row, f)
	text, _ := next(c, p)
	return text
}

// pair returns a field and the one after it (a text and its case patch).
func (t *rowTexts) pair(row, f int) (string, string) {
	c, p := t.skip(row, f)
	text, p := next(c, p)
	second, _ := next(c, p)
	return text, second
}

// skip returns the chunk of row's record and where field f starts in it.
func (t *rowTexts) skip(row, f int) ([]byte, int) {
	c, p := t.record(row)
	p++
	for range f {
		l, n := fieldLen(c, p)
		p += n + l
	}
	return c, p
}

// next reads the field at p of chunk c and returns it and where the one after it starts.
func next(c []byte, p int) (string, int) {
	l, n := fieldLen(c, p)
	p += n
	return unsafe.String(unsafe.SliceData(c[p:]), l), p + l // #nosec G103 -- the arena's bytes are never written again
}

// fieldLen reads the uvarint length at p: one byte for a field under 128 bytes, read without a call.
func fieldLen(c []byte, p int) (int, int) {
	if b := c[p]; b < 0x80 {
		return int(b), 1
	}
	l, n := binary.Uvarint(c[p:])
	return int(l), n // #nosec G115 -- lengths are inside the arena
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

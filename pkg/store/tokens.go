package store

import (
	"strings"
	"unicode/utf8"
	"unsafe"
)

// A description is kept as a stream of token codes into the store's token dictionary, not as text.
//
// Tokens are the maximal runs of word bytes (ASCII letters, digits, '_', and every byte ≥ 0x80, so a UTF-8
// rune is never split) and the maximal runs of the other bytes (separators). Two word tokens next to each
// other in the stream stand for one space between them, so the commonest separator costs nothing; any other
// separator run (", ", "\n", "  ", a space at either end) is a token of its own. A code is a uvarint: 0 and
// 1 are a literal (a uvarint length and the token's bytes follow; 0 when the token is its own lower-cased
// form, so search reads it as it is), any other code an entry of the dictionary.
//
// strings.ToLower maps rune by rune, and no rune lowers to a separator byte nor a separator to anything
// else (tokens_test.go checks every rune), so the lower-cased text has the same tokens, each lower-cased:
// a lower-cased term made of word bytes only is in the lower-cased description exactly when it is in the
// lower-cased form of one of its tokens. Search answers from a table over the dictionary, without the text.

// wordByte marks the bytes of word tokens.
var wordByte = func() (w [256]bool) {
	for c := range 256 {
		w[c] = c >= utf8.RuneSelf || c == '_' || '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
	}
	return w
}()

const (
	literalCode     = 0 // a literal that is its own lower-cased form
	literalCaseCode = 1 // a literal with capitals
	firstCode       = 2 // of the dictionary's entries
	// A token likely to be unique (a request id, a hash, a timestamp, a host with a number) is kept inline
	// as a literal, so the dictionary does not grow with every ticket: one longer than maxDictToken bytes, or
	// a word with a digit longer than maxDigitToken bytes (pkg/store/README.md has the measurements).
	maxDictToken  = 32
	maxDigitToken = 6
)

// isLiteral reports whether tok is kept inline rather than in the dictionary.
func isLiteral(tok string) bool {
	if len(tok) > maxDictToken {
		return true
	}
	if len(tok) <= maxDigitToken {
		return false
	}
	for i := 0; i < len(tok); i++ {
		if '0' <= tok[i] && tok[i] <= '9' {
			return true
		}
	}
	return false
}

// tokenDict is the store's token dictionary: each token in its original case and lower-cased (the same
// string when it is its own lower-cased form), by code in first-seen order (codes below 128 take one byte).
// It only grows: a copy of its slices (frozen) reads the same entries while the store takes writes, and
// tokens nobody uses any more (their tickets rewritten or deleted) stay until the store is rebuilt (Import).
type tokenDict struct {
	text, lower []string
	index       map[string]uint32
	literals    int    // literal tokens ever written (never lowered: rewrites and deletes do not count)
	chunk       []byte // where the entries' bytes go: tokenPad bytes after each entry are always readable
	frozenCopy  bool   // read while the store takes writes: never past an entry (a writer may be filling it)
}

// tokenPad is how far past an entry's start appendText may read: every entry's bytes sit in a chunk with at
// least this much room after them, so a short entry is copied as one 16-byte move.
const tokenPad = 16

func newTokenDict() tokenDict {
	return tokenDict{text: []string{"", ""}, lower: []string{"", ""}, index: map[string]uint32{}}
}

// frozen is a copy for reading after the store's lock is released: entries are never rewritten, and
// appends go past the copy's length.
func (d *tokenDict) frozen() tokenDict {
	return tokenDict{text: d.text, lower: d.lower, literals: d.literals, frozenCopy: true}
}

// Len is the number of entries, the literals' codes included.
func (d *tokenDict) Len() int { return len(d.text) }

func (d *tokenDict) code(tok string) uint32 {
	if c, ok := d.index[tok]; ok {
		return c
	}
	c := uint32(len(d.text)) // #nosec G115 -- far fewer than 2^32 tokens: likely-unique ones are literals
	text := d.keep(tok)
	lower := text
	if l := strings.ToLower(tok); l != tok {
		lower = d.keep(l)
	}
	d.text = append(d.text, text)
	d.lower = append(d.lower, lower)
	d.index[text] = c
	return c
}

// keep copies s into the current chunk (a new one when s and tokenPad bytes do not fit). Chunks are never
// written below their length again, so a frozen copy of the dictionary reads them safely.
func (d *tokenDict) keep(s string) string {
	if cap(d.chunk)-len(d.chunk) < len(s)+tokenPad {
		d.chunk = make([]byte, 0, max(4<<10, len(s)+tokenPad))
	}
	start := len(d.chunk)
	d.chunk = append(d.chunk, s...)
	return bytesString(d.chunk[start:])
}

// nextToken returns the end of the token that starts at i.
func nextToken(text string, i int) int {
	word := wordByte[text[i]]
	j := i + 1
	for j < len(text) && wordByte[text[j]] == word {
		j++
	}
	return j
}

// encode appends text's code stream to dst, adding its new tokens to the dictionary.
func (d *tokenDict) encode(dst []byte, text string) []byte {
	for i := 0; i < len(text); {
		j := nextToken(text, i)
		tok := text[i:j]
		switch {
		case tok == " " && i > 0 && j < len(text): // a lone space between two words: implied
		case isLiteral(tok):
			dst = appendLiteral(dst, tok)
			d.literals++
		default:
			dst = appendUvarint(dst, uint64(d.code(tok)))
		}
		i = j
	}
	return dst
}

// lookup appends text's code stream to dst without changing the dictionary, and reports false when text
// has a token the dictionary lacks (then no stored description is text).
func (d *tokenDict) lookup(dst []byte, text string) ([]byte, bool) {
	for i := 0; i < len(text); {
		j := nextToken(text, i)
		tok := text[i:j]
		switch {
		case tok == " " && i > 0 && j < len(text):
		case isLiteral(tok):
			dst = appendLiteral(dst, tok)
		default:
			c, ok := d.index[tok]
			if !ok {
				return dst, false
			}
			dst = appendUvarint(dst, uint64(c))
		}
		i = j
	}
	return dst, true
}

// appendText appends the text of a code stream to dst, lower-cased when lower is set.
func (d *tokenDict) appendText(dst []byte, codes string, lower bool) []byte {
	forms := d.text
	if lower {
		forms = d.lower
	}
	prevWord := false
	for p := 0; p < len(codes); {
		c, tok, next := uint64(codes[p]), "", p+1
		if c >= 0x80 || c <= literalCaseCode { // a code of one byte is read here: readToken does not inline
			c, tok, next = readToken(codes, p)
		}
		p = next
		if c > literalCaseCode {
			tok = forms[c]
		}
		word := wordByte[tok[0]]
		if word && prevWord {
			dst = append(dst, ' ')
		}
		switch {
		case c > literalCaseCode && len(tok) <= tokenPad && cap(dst)-len(dst) >= tokenPad && !d.frozenCopy:
			// One 16-byte move instead of a memmove call: the entry's chunk has tokenPad bytes after it.
			n := len(dst)
			*(*[tokenPad]byte)(dst[n : n+tokenPad]) = *(*[tokenPad]byte)(unsafe.Pointer(unsafe.StringData(tok))) // #nosec G103 -- inside the entry's chunk (keep)
			dst = dst[:n+len(tok)]
		case lower && c == literalCaseCode:
			dst = appendLower(dst, tok)
		default:
			dst = append(dst, tok...)
		}
		prevWord = word
	}
	return dst
}

func appendLiteral(dst []byte, tok string) []byte {
	code := byte(literalCode)
	if strings.ToLower(tok) != tok { // no allocation when it is its own lower-cased form
		code = literalCaseCode
	}
	dst = append(dst, code)
	dst = appendUvarint(dst, uint64(len(tok)))
	return append(dst, tok...)
}

// appendLower appends strings.ToLower(s) to dst, without allocating when s is ASCII.
func appendLower(dst []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return append(dst, strings.ToLower(s)...)
		}
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		dst = append(dst, c)
	}
	return dst
}

func appendUvarint(dst []byte, x uint64) []byte {
	for x >= 0x80 {
		dst = append(dst, byte(x)|0x80)
		x >>= 7
	}
	return append(dst, byte(x))
}

// readToken reads the code at codes[p:] (a well-formed stream), the literal's bytes when it is a literal,
// and where the next code starts.
func readToken(codes string, p int) (c uint64, lit string, next int) {
	c, n := uint64(codes[p]), 1
	if c >= 0x80 {
		c, n = uvarintString(codes[p:])
	}
	p += n
	if c <= literalCaseCode {
		l, n := uvarintString(codes[p:])
		lit = codes[p+n : p+n+int(l)] // #nosec G115 -- lengths are inside the record
		p += n + int(l)               // #nosec G115 -- as above
	}
	return c, lit, p
}

// uvarintString decodes a uvarint at the start of s (a well-formed record).
func uvarintString(s string) (uint64, int) {
	if s[0] < 0x80 {
		return uint64(s[0]), 1
	}
	var x uint64
	for i := 0; ; i++ {
		b := s[i]
		x |= uint64(b&0x7f) << (7 * i)
		if b < 0x80 {
			return x, i + 1
		}
	}
}

// encodedRows are descriptions tokenized into a dictionary of their own, so Import tokenizes the two
// halves of a snapshot on two cores and merges the dictionaries after.
type encodedRows struct {
	dict  tokenDict
	codes []byte
	ends  []int
}

func encodeRows(texts []string) encodedRows {
	e := encodedRows{dict: newTokenDict(), ends: make([]int, len(texts))}
	for i, t := range texts {
		e.codes = e.dict.encode(e.codes, t)
		e.ends[i] = len(e.codes)
	}
	return e
}

// row returns the codes of the i-th text.
func (e *encodedRows) row(i int) []byte {
	start := 0
	if i > 0 {
		start = e.ends[i-1]
	}
	return e.codes[start:e.ends[i]]
}

// rowOr returns the codes of row of the two halves: as they are in e (the first half, whose dictionary the
// store took), or second's row remapped into buf.
func (e *encodedRows) rowOr(row int, second *encodedRows, remap []uint32, buf *[]byte) []byte {
	if row < len(e.ends) {
		return e.row(row)
	}
	*buf = remapTokens((*buf)[:0], second.row(row-len(e.ends)), remap)
	return *buf
}

// merge adds other's tokens to d in other's order, and returns other's codes as d's codes.
func (d *tokenDict) merge(other *tokenDict) []uint32 {
	remap := make([]uint32, len(other.text))
	for c := firstCode; c < len(other.text); c++ {
		remap[c] = d.code(other.text[c])
	}
	d.literals += other.literals
	return remap
}

// remapTokens appends codes with every dictionary code replaced by remap[code] to dst.
func remapTokens(dst, codes []byte, remap []uint32) []byte {
	for p := 0; p < len(codes); {
		c, _, next := readToken(bytesString(codes), p)
		if c > literalCaseCode {
			dst = appendUvarint(dst, uint64(remap[c]))
		} else {
			dst = append(dst, codes[p:next]...) // the literal code, length and bytes
		}
		p = next
	}
	return dst
}

// textChunks holds rebuilt descriptions in shared 1 MiB chunks (Export rebuilds every row: one allocation
// per chunk rather than per row).
type textChunks struct{ chunk []byte }

func (c *textChunks) description(s *Store, row int) string {
	codes := s.bodies.field(row, bodyDescCodes)
	// A code byte stands for at most a 32-byte token and a space, a literal's bytes for themselves.
	if most := (maxDictToken + 1) * len(codes); cap(c.chunk)-len(c.chunk) < most {
		c.chunk = make([]byte, 0, max(1<<20, most))
	}
	start := len(c.chunk)
	c.chunk = s.tokens.appendText(c.chunk, codes, false)
	return bytesString(c.chunk[start:])
}

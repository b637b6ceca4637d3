package store

import (
	"encoding/binary"
	"strings"
	"unicode"
	"unicode/utf8"
)

// A fold patch turns a text (an id) into its strings.ToLower form, so the store keeps one copy of the text
// and a few bytes. A patch is a list of edits, each a uvarint count of bytes to copy
// unchanged, then a uvarint k: k even flips the case of a run of k/2 ASCII letters; k odd replaces k/2
// bytes with a uvarint length and that many bytes. A rune whose lower-cased form has another length
// (Turkish İ → i, 2 bytes to 1; ẞ → ß, 3 to 2; the Kelvin sign → k, an invalid UTF-8 byte → U+FFFD) is a replacement. Text
// that strings.ToLower leaves as it is has an empty patch.

// foldPatch appends the patch from s to strings.ToLower(s) to dst, and returns the lower-cased form.
func foldPatch(dst []byte, s string) ([]byte, string) {
	lower := strings.ToLower(s)
	if lower == s {
		return dst, s
	}
	start := len(dst)
	var e editor
	for i := 0; i < len(s); {
		c, w := rune(s[i]), 1
		if c >= utf8.RuneSelf {
			c, w = utf8.DecodeRuneInString(s[i:])
		}
		var with string // the rune's lower-cased bytes when they are not an ASCII case flip
		switch {
		case 'A' <= c && c <= 'Z':
			dst = e.flip(dst, i)
		case c < utf8.RuneSelf:
		case c == utf8.RuneError && w == 1: // strings.ToLower writes U+FFFD for an invalid byte
			with = string(utf8.RuneError)
		default:
			if l := unicode.ToLower(c); l != c {
				with = string(l)
			}
		}
		if with != "" {
			dst = e.replace(dst, i, w, with)
		}
		i += w
	}
	dst = e.emit(dst)
	if string(applyCase(nil, s, dst[start:])) != lower {
		// Unreachable while strings.ToLower maps rune by rune; if it ever stops, keep the whole other form.
		e = editor{}
		dst = e.replace(dst[:start], 0, len(s), lower)
		dst = e.emit(dst)
	}
	return dst, lower
}

// editor merges neighbouring edits of one kind as foldPatch walks the text.
type editor struct {
	done  int    // bytes of the patched text the written edits cover
	at, n int    // the pending edit: n bytes from at (n == 0: none)
	flips bool   // the pending edit is a run of ASCII case flips
	with  []byte // the pending replacement's bytes
}

func (e *editor) flip(dst []byte, i int) []byte {
	if e.n > 0 && e.flips && e.at+e.n == i {
		e.n++
		return dst
	}
	dst = e.emit(dst)
	e.at, e.n, e.flips = i, 1, true
	return dst
}

func (e *editor) replace(dst []byte, i, n int, with string) []byte {
	if e.n > 0 && !e.flips && e.at+e.n == i {
		e.n += n
		e.with = append(e.with, with...)
		return dst
	}
	dst = e.emit(dst)
	e.at, e.n, e.flips, e.with = i, n, false, append(e.with[:0], with...)
	return dst
}

func (e *editor) emit(dst []byte) []byte {
	if e.n == 0 {
		return dst
	}
	dst = binary.AppendUvarint(dst, uint64(e.at-e.done)) // #nosec G115 -- offsets are never negative
	if e.flips {
		dst = binary.AppendUvarint(dst, uint64(e.n)<<1) // #nosec G115 -- as above
	} else {
		dst = binary.AppendUvarint(dst, uint64(e.n)<<1|1) // #nosec G115 -- as above
		dst = binary.AppendUvarint(dst, uint64(len(e.with)))
		dst = append(dst, e.with...)
	}
	e.done, e.n = e.at+e.n, 0
	return dst
}

// applyCase appends s with patch applied to dst. A damaged patch stops the edits where it breaks and
// copies the rest of s unchanged.
func applyCase(dst []byte, s string, patch []byte) []byte {
	at := 0
	for len(patch) > 0 {
		skip, n1 := binary.Uvarint(patch)
		if n1 <= 0 || skip > uint64(len(s)-at) {
			break
		}
		k, n2 := binary.Uvarint(patch[n1:])
		if n2 <= 0 {
			break
		}
		patch = patch[n1+n2:]
		dst = append(dst, s[at:at+int(skip)]...) // #nosec G115 -- checked against len(s) above
		at += int(skip)                          // #nosec G115 -- as above
		if k>>1 > uint64(len(s)-at) {
			break
		}
		n := int(k >> 1) // #nosec G115 -- checked above
		if k&1 == 0 {
			for i := at; i < at+n; i++ {
				dst = append(dst, s[i]^0x20) // an ASCII letter's other case
			}
		} else {
			l, n3 := binary.Uvarint(patch)
			if n3 <= 0 || l > uint64(len(patch)-n3) {
				break
			}
			dst = append(dst, patch[n3:n3+int(l)]...) // #nosec G115 -- checked against len(patch) above
			patch = patch[n3+int(l):]                 // #nosec G115 -- as above
		}
		at += n
	}
	return append(dst, s[at:]...)
}

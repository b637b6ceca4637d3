package store

import "strings"

// phraseMatch finds a lower-cased term with separators ("disk full", "cache-miss", ", ") in a code stream
// without rebuilding the text. The term's maximal runs (word and separator, alternating) must line up with
// the text's tokens, which alternate too once each implied space is counted as a separator token: the
// first run is a suffix of one token, the last a prefix of the token that follows the middle ones, and
// every run between them is a whole token. It is the shift-and algorithm over tokens: bit i of the state
// says that runs 0…i end at the current token.
type phraseMatch struct {
	parts []termPart
	masks []uint64 // per dictionary code: the parts the token satisfies, and wordBit for a word token
	space uint64   // the implied space's parts
	last  uint64   // the bit of the last part
	none  bool     // some part is in no dictionary token and no description has a literal
}

// wordBit marks a word token's mask; parts use the bits below it.
const wordBit = 1 << 63

type termPart struct {
	text        string
	first, last bool
}

func (p termPart) in(lower string) bool {
	switch {
	case p.first && p.last:
		return strings.Contains(lower, p.text)
	case p.first:
		return strings.HasSuffix(lower, p.text)
	case p.last:
		return strings.HasPrefix(lower, p.text)
	}
	return lower == p.text
}

// newPhraseMatch prepares the search for term, or returns nil when it has more than 63 runs.
func newPhraseMatch(d *tokenDict, term string) *phraseMatch {
	m := &phraseMatch{}
	for i := 0; i < len(term); {
		j := nextToken(term, i)
		m.parts = append(m.parts, termPart{text: term[i:j], first: i == 0, last: j == len(term)})
		i = j
	}
	if len(m.parts) == 0 || len(m.parts) > 63 {
		return nil
	}
	m.last = 1 << (len(m.parts) - 1)
	m.masks = make([]uint64, d.Len())
	var seen uint64
	for code := firstCode; code < len(d.lower); code++ {
		m.masks[code] = m.mask(d.lower[code])
		seen |= m.masks[code]
	}
	m.space = m.mask(" ")
	seen |= m.space
	m.none = d.literals == 0 && seen&(m.last<<1-1) != m.last<<1-1
	return m
}

func (m *phraseMatch) mask(lower string) uint64 {
	var bits uint64
	if wordByte[lower[0]] {
		bits = wordBit
	}
	for i, p := range m.parts {
		if p.in(lower) {
			bits |= 1 << i
		}
	}
	return bits
}

// in reports whether the text of a code stream, lower-cased, holds the term.
func (m *phraseMatch) in(codes string) bool {
	if m.none {
		return false
	}
	var state uint64
	prevWord := false
	for p := 0; p < len(codes); {
		c, lit, next := uint64(codes[p]), "", p+1
		if c >= 0x80 || c <= literalCaseCode { // a code of one byte is read here: readToken does not inline
			c, lit, next = readToken(codes, p)
		}
		p = next
		var tm uint64
		if c <= literalCaseCode {
			tm = literalMask(lit, c, m.mask)
		} else {
			tm = m.masks[c]
		}
		word := tm&wordBit != 0
		if word && prevWord {
			if state = (state<<1 | 1) & m.space; state&m.last != 0 {
				return true
			}
		}
		if state = (state<<1 | 1) & tm &^ wordBit; state&m.last != 0 {
			return true
		}
		prevWord = word
	}
	return false
}

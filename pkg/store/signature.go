package store

// Signature is a 256-bit set of the byte pairs (bigrams) in a row's lower-cased title and description.
// A term can only be a substring of the text if every bigram of the term is in the text's signature, so a
// signature test rejects most rows before any substring search.
type Signature [4]uint64

// TextSignature adds the bigrams of each text to one signature.
func TextSignature(texts ...string) Signature {
	var s Signature
	for _, t := range texts {
		for i := 1; i < len(t); i++ {
			h := bigramBit(t[i-1], t[i])
			s[h>>6] |= 1 << (h & 63)
		}
	}
	return s
}

func bigramBit(a, b byte) uint32 {
	return (uint32(a)<<8 | uint32(b)) * 0x9E3779B1 >> 24
}

// Covers reports whether every bigram of term may be in s.
func (s *Signature) Covers(term *Signature) bool {
	return s[0]&term[0] == term[0] && s[1]&term[1] == term[1] && s[2]&term[2] == term[2] && s[3]&term[3] == term[3]
}

package store

import "strings"

// termRun is one maximal run of word bytes in a lower-cased search term, and whether a separator of the
// term bounds it on the left and on the right: a description's word token that holds the run must then
// start (left) or end (right) with it, as a word token is a maximal run too.
type termRun struct {
	text        string
	left, right bool
}

func (r termRun) in(lower string) bool {
	switch {
	case r.left && r.right:
		return lower == r.text
	case r.left:
		return strings.HasPrefix(lower, r.text)
	case r.right:
		return strings.HasSuffix(lower, r.text)
	}
	return strings.Contains(lower, r.text)
}

// termRuns appends the word runs of term to runs, and reports whether term is one word run alone.
func termRuns(runs []termRun, term string) ([]termRun, bool) {
	only := false
	for i := 0; i < len(term); {
		j := nextToken(term, i)
		if wordByte[term[i]] {
			runs = append(runs, termRun{text: term[i:j], left: i > 0, right: j < len(term)})
			only = i == 0 && j == len(term)
		}
		i = j
	}
	return runs, only
}

// tokenMatch tests a row's code stream for word runs: masks[code] has bit i set when the dictionary entry
// holds run i as termRun.in says; a row passes when its tokens cover every run. For one run, hit[code]
// says the same for the codes of one and two bytes, so the walk has no bounds check.
type tokenMatch struct {
	runs  []termRun
	masks []uint64
	all   uint64
	hit   *[1 << 14]bool
	// none is set when no dictionary entry holds a run and no description has a literal: no row passes.
	none bool
}

// newTokenMatch prepares the test for the word runs of the lower-cased terms (at most 64 are kept: a test
// of fewer runs only lets more rows through), and returns nil when the terms have no word run.
func newTokenMatch(d *tokenDict, terms ...string) *tokenMatch {
	var runs []termRun
	for _, t := range terms {
		runs, _ = termRuns(runs, t)
	}
	if len(runs) == 0 {
		return nil
	}
	runs = runs[:min(len(runs), 64)]
	m := &tokenMatch{runs: runs, masks: make([]uint64, d.Len()), all: 1<<len(runs) - 1}
	if len(runs) == 64 {
		m.all = ^uint64(0)
	}
	var any uint64
	for code := firstCode; code < len(d.lower); code++ {
		m.masks[code] = m.mask(d.lower[code])
		any |= m.masks[code]
	}
	m.none = any != m.all && d.literals == 0
	if len(runs) == 1 {
		m.hit = new([1 << 14]bool)
		for code := firstCode; code < min(len(m.masks), len(m.hit)); code++ {
			m.hit[code] = m.masks[code] != 0
		}
	}
	return m
}

func (m *tokenMatch) mask(lower string) uint64 {
	var bits uint64
	for i, r := range m.runs {
		if r.in(lower) {
			bits |= 1 << i
		}
	}
	return bits
}

// covers reports whether the tokens of a code stream hold every run.
func (m *tokenMatch) covers(codes string) bool {
	if m.none {
		return false
	}
	if m.hit != nil {
		return m.hits(codes)
	}
	var found uint64
	for p := 0; p < len(codes); {
		c, lit, next := readToken(codes, p)
		p = next
		if c <= literalCaseCode {
			found |= literalMask(lit, c, m.mask)
		} else {
			found |= m.masks[c]
		}
		if found == m.all {
			return true
		}
	}
	return false
}

// hits is covers for one run. Codes of one and two bytes are decoded without a branch on their length
// (their mix is unpredictable: a third of the synthetic descriptions' codes take two bytes).
func (m *tokenMatch) hits(codes string) bool {
	hit := m.hit
	for p := 0; p < len(codes); {
		b0 := uint32(codes[p])
		var b1 uint32
		if p+1 < len(codes) {
			b1 = uint32(codes[p+1])
		}
		switch {
		case b0 <= literalCaseCode:
			c, lit, next := readToken(codes, p)
			if literalMask(lit, c, m.mask) != 0 {
				return true
			}
			p = next
			continue
		case b0&b1&0x80 != 0: // three bytes or more: a dictionary past 16384 tokens
			c, n := uvarintString(codes[p:])
			if m.masks[c] != 0 {
				return true
			}
			p += n
			continue
		}
		long := b0 >> 7
		if hit[(b0&0x7f|(b1&0x7f)<<7*long)&(1<<14-1)] {
			return true
		}
		p += 1 + int(long)
	}
	return false
}

// literalMask is mask of a literal's lower-cased form: the literal itself for code 0, lower-cased on the
// stack for code 1.
func literalMask(lit string, code uint64, mask func(lower string) uint64) uint64 {
	if code == literalCode {
		return mask(lit)
	}
	var buf [128]byte
	if len(lit) <= len(buf) {
		return mask(bytesString(appendLower(buf[:0], lit)))
	}
	return mask(strings.ToLower(lit))
}

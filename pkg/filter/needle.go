package filter

import "strings"

// needle finds a fixed substring by scanning for its rarest byte (by English letter frequency) and
// comparing around each hit: far fewer false starts than scanning for its first byte.
type needle struct {
	text string
	rare int // index in text of the byte to scan for
}

// byteCommonness ranks bytes: higher is more common in lower-cased English text.
var byteCommonness = func() [256]uint8 {
	var r [256]uint8
	for i, c := range []byte(" etaoinsrhldcumfpgwybvkxjqz") {
		r[c] = uint8(255 - i)
	}
	for c := '0'; c <= '9'; c++ {
		r[c] = 200
	}
	return r
}()

func newNeedle(text string) needle {
	n := needle{text: text}
	for i := 1; i < len(text); i++ {
		if byteCommonness[text[i]] < byteCommonness[text[n.rare]] {
			n.rare = i
		}
	}
	return n
}

func (n *needle) in(s string) bool {
	t := n.text
	if len(t) <= 1 || len(s) < len(t) {
		return strings.Contains(s, t)
	}
	c := t[n.rare]
	last := len(s) - len(t) + n.rare // the last position the rare byte can be at
	for i := n.rare; i <= last; {
		j := strings.IndexByte(s[i:last+1], c)
		if j < 0 {
			return false
		}
		start := i + j - n.rare
		if s[start:start+len(t)] == t {
			return true
		}
		i += j + 1
	}
	return false
}

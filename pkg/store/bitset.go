package store

import "math/bits"

// Bitset is a set of row indexes, one bit per row.
type Bitset struct {
	words []uint64
	n     int
}

// NewBitset returns an empty set over n rows.
func NewBitset(n int) *Bitset {
	return &Bitset{words: make([]uint64, (n+63)/64), n: n}
}

// AllRows returns the set of every row of n.
func AllRows(n int) *Bitset {
	b := NewBitset(n)
	for i := range b.words {
		b.words[i] = ^uint64(0)
	}
	b.trim()
	return b
}

func (b *Bitset) trim() {
	if r := b.n % 64; r != 0 {
		b.words[len(b.words)-1] &= (uint64(1) << r) - 1
	}
}

// Len is the number of rows the set is over (not how many are in it).
func (b *Bitset) Len() int { return b.n }

// Words exposes the backing words for loops that work a word at a time.
func (b *Bitset) Words() []uint64 { return b.words }

func (b *Bitset) Set(i int)      { b.words[i>>6] |= 1 << (uint(i) & 63) }
func (b *Bitset) Clear(i int)    { b.words[i>>6] &^= 1 << (uint(i) & 63) }
func (b *Bitset) Has(i int) bool { return b.words[i>>6]&(1<<(uint(i)&63)) != 0 }

// Count is how many rows are in the set.
func (b *Bitset) Count() int {
	c := 0
	for _, w := range b.words {
		c += bits.OnesCount64(w)
	}
	return c
}

func (b *Bitset) Clone() *Bitset {
	return &Bitset{words: append([]uint64(nil), b.words...), n: b.n}
}

// CopyFrom makes b equal to o (same length).
func (b *Bitset) CopyFrom(o *Bitset) { copy(b.words, o.words) }

func (b *Bitset) And(o *Bitset) {
	for i := range b.words {
		b.words[i] &= o.words[i]
	}
}

func (b *Bitset) Or(o *Bitset) {
	for i := range b.words {
		b.words[i] |= o.words[i]
	}
}

func (b *Bitset) AndNot(o *Bitset) {
	for i := range b.words {
		b.words[i] &^= o.words[i]
	}
}

func (b *Bitset) ClearAll() {
	clear(b.words)
}

// ForEach calls fn for each row in the set, in ascending order.
func (b *Bitset) ForEach(fn func(row int)) { b.ForEachIn(0, len(b.words), fn) }

// ForEachIn calls fn for each row in the words [lo, hi), in ascending order.
func (b *Bitset) ForEachIn(lo, hi int, fn func(row int)) {
	for wi := lo; wi < hi; wi++ {
		for w := b.words[wi]; w != 0; w &= w - 1 {
			fn(wi<<6 | bits.TrailingZeros64(w))
		}
	}
}

// Rows returns the rows in the set, ascending.
func (b *Bitset) Rows() []int32 {
	out := make([]int32, 0, b.Count())
	for wi, w := range b.words {
		for w != 0 {
			out = append(out, int32(wi<<6|bits.TrailingZeros64(w))) // #nosec G115 -- bit positions are store rows (< 2^31)
			w &= w - 1
		}
	}
	return out
}

// Retain keeps only the rows for which keep returns true, visiting the words in [lo, hi).
// Splitting the word range lets callers run Retain on two halves concurrently.
func (b *Bitset) Retain(lo, hi int, keep func(row int) bool) {
	for wi := lo; wi < hi; wi++ {
		w := b.words[wi]
		if w == 0 {
			continue
		}
		out := w
		base := wi << 6
		for w != 0 {
			t := bits.TrailingZeros64(w)
			if !keep(base | t) {
				out &^= 1 << uint(t)
			}
			w &= w - 1
		}
		b.words[wi] = out
	}
}

package store

import (
	"strconv"
	"strings"
)

// identities finds a row by its ticket's identity (tickets.Ticket.Identity). Identities that are decimal
// numbers (Redmine's, RT's) go to a numberIndex, the others to a map keyed by the string.
type identities struct {
	numbers numberIndex
	texts   map[string]int32
}

func newIdentities() identities {
	return identities{numbers: numberIndex{sparse: map[int64]int32{}}, texts: map[string]int32{}}
}

// numericID reports whether id is exactly the decimal form of a number.
func numericID(id string) (int64, bool) {
	if id == "" || len(id) > 19 || (id[0] == '0' && len(id) > 1) || strings.TrimLeft(id, "0123456789") != "" {
		return 0, false // only digits: ParseInt also takes "+5", which is another id than "5"
	}
	n, err := strconv.ParseInt(id, 10, 64)
	return n, err == nil && n >= 0
}

func (m *identities) get(id string) (int32, bool) {
	if n, ok := numericID(id); ok {
		return m.numbers.get(n)
	}
	row, found := m.texts[id]
	return row, found
}

func (m *identities) put(id string, row int32) {
	if n, ok := numericID(id); ok {
		m.numbers.put(n, row)
		return
	}
	m.texts[strings.Clone(id)] = row // never a string into the text arena: a map key would pin it
}

func (m *identities) remove(id string) {
	if n, ok := numericID(id); ok {
		m.numbers.remove(n)
		return
	}
	delete(m.texts, id)
}

func (m *identities) len() int { return m.numbers.len() + len(m.texts) }

// numberIndex finds a row by a number. Ticket numbers are mostly dense (a Redmine or RT instance numbers
// its tickets 1, 2, 3…, shared between projects): a slice over the numbers' range costs 4 bytes a number
// where a map costs 19–38 bytes a ticket. A number that would make the range less than half full goes to
// the sparse map instead.
type numberIndex struct {
	lo     int64   // dense[i] is the row of number lo+i, plus one; 0: no such ticket
	dense  []int32 // over [lo, lo+len(dense))
	held   int     // numbers in dense
	sparse map[int64]int32
}

// maxDenseNumber is the largest number dense may cover: ticket numbers are far smaller, and larger ones
// (a timestamp used as an id) go to the map.
const maxDenseNumber = 1 << 40

func (x *numberIndex) get(n int64) (int32, bool) {
	if i := n - x.lo; i >= 0 && i < int64(len(x.dense)) {
		if r := x.dense[i]; r != 0 {
			return r - 1, true
		}
	}
	row, ok := x.sparse[n]
	return row, ok
}

func (x *numberIndex) put(n int64, row int32) {
	if !x.covers(n) && !x.extend(n) {
		x.sparse[n] = row
		return
	}
	if i := n - x.lo; x.dense[i] == 0 {
		x.held++
	}
	x.dense[n-x.lo] = row + 1
}

func (x *numberIndex) covers(n int64) bool { return n >= x.lo && n-x.lo < int64(len(x.dense)) }

// extend widens dense to cover n, with room for an eighth more on the side it grows (backfills arrive
// newest first, so downwards too), when the range stays at least half full; it moves the sparse numbers
// the new range covers into it.
func (x *numberIndex) extend(n int64) bool {
	if n > maxDenseNumber {
		return false
	}
	lo, hi := x.lo, x.lo+int64(len(x.dense))
	if len(x.dense) == 0 {
		lo, hi = n, n+1
	}
	room := (hi-lo)/8 + 64
	switch {
	case n < lo:
		lo = max(0, n-room)
	case n >= hi:
		hi = n + 1 + room
	}
	if hi-lo > 2*int64(x.held+len(x.sparse)+1)+128 {
		return false
	}
	dense := make([]int32, hi-lo)
	if len(x.dense) > 0 {
		copy(dense[x.lo-lo:], x.dense)
	}
	x.lo, x.dense = lo, dense
	for m, row := range x.sparse {
		if x.covers(m) {
			x.dense[m-lo] = row + 1
			x.held++
			delete(x.sparse, m)
		}
	}
	return true
}

func (x *numberIndex) remove(n int64) {
	if x.covers(n) && x.dense[n-x.lo] != 0 {
		x.dense[n-x.lo] = 0
		x.held--
		return
	}
	delete(x.sparse, n)
}

func (x *numberIndex) len() int { return x.held + len(x.sparse) }

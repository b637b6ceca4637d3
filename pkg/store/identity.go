package store

import (
	"strconv"
	"strings"
)

// identities finds a row by its ticket's identity (tickets.Ticket.Identity). Identities that are decimal
// numbers (Redmine's, RT's) are keyed by the number, 16 bytes a map slot instead of 24 plus the string.
type identities struct {
	numbers map[int64]int32
	texts   map[string]int32
}

func newIdentities() identities {
	return identities{numbers: map[int64]int32{}, texts: map[string]int32{}}
}

// numericID reports whether id is exactly the decimal form of a number.
func numericID(id string) (int64, bool) {
	if id == "" || len(id) > 19 || (id[0] == '0' && len(id) > 1) {
		return 0, false
	}
	n, err := strconv.ParseInt(id, 10, 64)
	return n, err == nil && n >= 0
}

func (m identities) get(id string) (int32, bool) {
	if n, ok := numericID(id); ok {
		row, found := m.numbers[n]
		return row, found
	}
	row, found := m.texts[id]
	return row, found
}

func (m identities) put(id string, row int32) {
	if n, ok := numericID(id); ok {
		m.numbers[n] = row
		return
	}
	m.texts[strings.Clone(id)] = row // never a string into the text arena: a map key would pin it
}

func (m identities) remove(id string) {
	if n, ok := numericID(id); ok {
		delete(m.numbers, n)
		return
	}
	delete(m.texts, id)
}

func (m identities) len() int { return len(m.numbers) + len(m.texts) }

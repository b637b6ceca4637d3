package store

import (
	"time"

	"github.com/spacetime/tickets/pkg/tickets"
)

// View reads the store's columns while Store.Read holds the read lock. The slices it returns belong to
// the store: read them, never modify or keep them after Read returns.
type View struct {
	s *Store
}

// Len is the number of rows.
func (v *View) Len() int { return len(v.s.numbers) }

// ID is row's ticket id ("PROJ-123", "42").
func (v *View) ID(row int) string { return v.s.id(row) }

// IDsMayContain reports whether some id may contain the lower-cased term: false when the term has a byte
// no id has ever held.
func (v *View) IDsMayContain(term string) bool {
	for i := 0; i < len(term); i++ {
		if !v.s.idBytes[term[i]] {
			return false
		}
	}
	return true
}

// Numbers are the tickets' ordering numbers by row (0 where the system has none).
func (v *View) Numbers() []int64 { return v.s.numbers }

// Kind returns how the field key is stored, and false for an unknown key.
func (v *View) Kind(key string) (Kind, bool) {
	if k, ok := fixedKind(key); ok {
		return k, true
	}
	_, ok := v.s.dimByKey[key]
	return KindCategory, ok
}

// Fields lists the fixed fields, then the dimensions.
func (v *View) Fields() []FieldInfo { return v.s.fields() }

// Dimensions are the dimension columns in first-seen order.
func (v *View) Dimensions() []*Category { return v.s.dims }

// Category returns a categorical column (severity, status, state or a dimension), or nil.
func (v *View) Category(key string) *Category {
	switch key {
	case KeySeverity:
		return v.s.severity
	case KeyStatus:
		return v.s.status
	case KeyState:
		return v.s.state
	}
	return v.s.dimByKey[key]
}

// Text returns a text column (id, title, description, url), and false for another key.
func (v *View) Text(key string) (TextColumn, bool) { return v.s.textColumn(key) }

// Signatures are the bigram signatures of each row's lower-cased title and description.
func (v *View) Signatures() []Signature { return v.s.signature }

// Times returns a time column (opened, updated, resolved) in unix milliseconds; 0 means none.
func (v *View) Times(key string) []int64 {
	switch key {
	case KeyOpened:
		return v.s.opened
	case KeyUpdated:
		return v.s.updated
	case KeyResolved:
		return v.s.resolved
	}
	return nil
}

// ClosedAt is when row stopped being open, in unix milliseconds, or 0 while open: its resolved time, or
// for a closed ticket without one its last update.
func (v *View) ClosedAt(row int) int64 {
	if r := v.s.resolved[row]; r != 0 {
		return r
	}
	if uint32(v.s.state.codes.U8[row]) == closedCode { // state holds "", open and closed: always 1 byte a row
		return v.s.updated[row]
	}
	return 0
}

// Severities are the ticket system's severities.
func (v *View) Severities() []tickets.Severity { return v.s.severities }

// FieldName is the display name of a field key ("" for an unknown key).
func (v *View) FieldName(key string) string {
	for _, f := range fixedFields {
		if f.info.Key == key {
			return f.info.Name
		}
	}
	if c, ok := v.s.dimByKey[key]; ok {
		return c.Name
	}
	return ""
}

// TimeOf converts a stored millisecond value to a UTC time.
func TimeOf(ms int64) time.Time { return time.UnixMilli(ms).UTC() }

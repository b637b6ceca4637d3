// Package store keeps tickets in memory, column by column: times as unix milliseconds, categorical fields
// dictionary-encoded, text once per ticket. Queries read it through a View under a read lock.
package store

import (
	"strings"
	"sync"
	"time"

	"github.com/spacetime/tickets/pkg/tickets"
)

// Codes of the state column, fixed by New.
const (
	openCode   uint32 = 1
	closedCode uint32 = 2
)

// Store is a columnar ticket store, safe for concurrent use.
type Store struct {
	mu sync.RWMutex

	rowOf map[int64]int32

	ids         []int64
	title       []string
	titleLower  []string
	description []string
	descLower   []string
	signature   []Signature // of titleLower and descLower
	url         []string
	opened      []int64
	updated     []int64
	resolved    []int64 // 0 while unresolved

	severity *Category
	status   *Category
	state    *Category
	dims     []*Category // in first-seen order
	dimByKey map[string]*Category

	maxUpdated int64
	severities []tickets.Severity
}

// New returns an empty store.
func New() *Store {
	s := &Store{
		rowOf:    map[int64]int32{},
		severity: newCategory(KeySeverity, "Severity", 0),
		status:   newCategory(KeyStatus, "Status", 0),
		state:    newCategory(KeyState, "State", 0),
		dimByKey: map[string]*Category{},
	}
	s.state.Dict.code(StateOpen)   // openCode
	s.state.Dict.code(StateClosed) // closedCode
	return s
}

// Upsert inserts tickets or overwrites them in place by id. dims names the dimensions (in display order);
// a dimension key a ticket carries that dims does not list is added with its key as name. Dimension keys
// that collide with a fixed field (FixedKeys) are ignored: connectors rename them.
func (s *Store) Upsert(dims []tickets.Dimension, ts []tickets.Ticket) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, d := range dims {
		s.dimension(d.Key, d.Name)
	}
	for i := range ts {
		s.upsert(&ts[i])
	}
}

func (s *Store) dimension(key, name string) *Category {
	if c, ok := s.dimByKey[key]; ok {
		return c
	}
	if _, fixed := fixedKind(key); fixed {
		return nil
	}
	if name == "" {
		name = key
	}
	c := newCategory(key, name, len(s.ids))
	s.dims = append(s.dims, c)
	s.dimByKey[key] = c
	return c
}

func (s *Store) upsert(t *tickets.Ticket) {
	row, ok := s.rowOf[t.ID]
	if !ok {
		row = int32(len(s.ids)) // #nosec G115 -- rows are int32 by design: a store holds far fewer than 2^31 tickets
		s.rowOf[t.ID] = row
		s.grow()
	}
	s.ids[row] = t.ID
	s.title[row] = t.Title
	s.titleLower[row] = strings.ToLower(t.Title)
	s.description[row] = t.Description
	s.descLower[row] = strings.ToLower(t.Description)
	s.signature[row] = TextSignature(s.titleLower[row], s.descLower[row])
	s.url[row] = t.URL
	s.opened[row] = toMillis(t.Opened)
	s.updated[row] = toMillis(t.Updated)
	s.resolved[row] = 0
	if t.Resolved != nil {
		s.resolved[row] = toMillis(*t.Resolved)
	}
	s.severity.Codes[row] = s.severity.Dict.code(t.Severity)
	s.status.Codes[row] = s.status.Dict.code(t.Status)
	s.state.Codes[row] = openCode
	if t.Closed {
		s.state.Codes[row] = closedCode
	}
	for key := range t.Dimensions {
		s.dimension(key, key)
	}
	for _, c := range s.dims {
		c.Codes[row] = c.Dict.code(t.Dimensions[c.Key])
	}
	if u := s.updated[row]; u > s.maxUpdated {
		s.maxUpdated = u
	}
}

func (s *Store) grow() {
	s.ids = append(s.ids, 0)
	s.title = append(s.title, "")
	s.titleLower = append(s.titleLower, "")
	s.description = append(s.description, "")
	s.descLower = append(s.descLower, "")
	s.signature = append(s.signature, Signature{})
	s.url = append(s.url, "")
	s.opened = append(s.opened, 0)
	s.updated = append(s.updated, 0)
	s.resolved = append(s.resolved, 0)
	for _, c := range s.categories() {
		c.Codes = append(c.Codes, 0)
	}
}

func (s *Store) categories() []*Category {
	return append([]*Category{s.severity, s.status, s.state}, s.dims...)
}

// Delete removes the tickets with these ids and returns how many it found. The last row moves into each
// freed slot, so row indexes are only stable between writes.
func (s *Store) Delete(ids ...int64) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	cats := s.categories()
	removed := 0
	for _, id := range ids {
		row, ok := s.rowOf[id]
		if !ok {
			continue
		}
		last := int32(len(s.ids) - 1) // #nosec G115 -- rows are int32 by design: a store holds far fewer than 2^31 tickets
		if row != last {
			s.moveRow(last, row, cats)
		}
		s.truncate(int(last), cats)
		delete(s.rowOf, id)
		removed++
	}
	return removed
}

func (s *Store) moveRow(from, to int32, cats []*Category) {
	s.ids[to] = s.ids[from]
	s.title[to] = s.title[from]
	s.titleLower[to] = s.titleLower[from]
	s.description[to] = s.description[from]
	s.descLower[to] = s.descLower[from]
	s.signature[to] = s.signature[from]
	s.url[to] = s.url[from]
	s.opened[to] = s.opened[from]
	s.updated[to] = s.updated[from]
	s.resolved[to] = s.resolved[from]
	for _, c := range cats {
		c.Codes[to] = c.Codes[from]
	}
	s.rowOf[s.ids[to]] = to
}

func (s *Store) truncate(n int, cats []*Category) {
	// Clear the strings so the dropped row's text can be collected.
	s.title[n], s.titleLower[n], s.description[n], s.descLower[n], s.url[n] = "", "", "", "", ""
	s.ids = s.ids[:n]
	s.title = s.title[:n]
	s.titleLower = s.titleLower[:n]
	s.description = s.description[:n]
	s.descLower = s.descLower[:n]
	s.signature = s.signature[:n]
	s.url = s.url[:n]
	s.opened = s.opened[:n]
	s.updated = s.updated[:n]
	s.resolved = s.resolved[:n]
	for _, c := range cats {
		c.Codes = c.Codes[:n]
	}
}

// Len is the number of tickets.
func (s *Store) Len() int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return len(s.ids)
}

// MaxUpdated is the latest update time ever stored (the sync's high-water mark); zero when empty.
func (s *Store) MaxUpdated() time.Time {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.maxUpdated == 0 {
		return time.Time{}
	}
	return time.UnixMilli(s.maxUpdated).UTC()
}

// IDsOpenedBetween returns the ids of tickets opened in [from, to], ascending.
func (s *Store) IDsOpenedBetween(from, to time.Time) []int64 {
	lo, hi := toMillis(from), toMillis(to)
	s.mu.RLock()
	var out []int64
	for i, o := range s.opened {
		if o >= lo && o <= hi {
			out = append(out, s.ids[i])
		}
	}
	s.mu.RUnlock()
	sortInt64s(out)
	return out
}

// Fields lists the fixed fields, then the dimensions in first-seen order.
func (s *Store) Fields() []FieldInfo {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.fields()
}

func (s *Store) fields() []FieldInfo {
	out := make([]FieldInfo, 0, len(fixedFields)+len(s.dims))
	for _, f := range fixedFields {
		out = append(out, f.info)
	}
	for _, d := range s.dims {
		out = append(out, FieldInfo{Key: d.Key, Name: d.Name, Type: TypeString})
	}
	return out
}

// Dimensions lists the dimensions in first-seen order.
func (s *Store) Dimensions() []tickets.Dimension {
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := make([]tickets.Dimension, len(s.dims))
	for i, d := range s.dims {
		out[i] = tickets.Dimension{Key: d.Key, Name: d.Name}
	}
	return out
}

// SetSeverities records the ticket system's severities (order and colours).
func (s *Store) SetSeverities(sev []tickets.Severity) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.severities = append([]tickets.Severity(nil), sev...)
}

// Severities returns what SetSeverities recorded.
func (s *Store) Severities() []tickets.Severity {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return append([]tickets.Severity(nil), s.severities...)
}

// Read runs fn with a read-only view of the store, holding the read lock until fn returns.
func (s *Store) Read(fn func(v *View)) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	fn(&View{s: s})
}

func toMillis(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMilli()
}

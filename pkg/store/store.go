// Package store keeps tickets in memory, column by column: times as unix milliseconds, categorical fields
// dictionary-encoded, text once per ticket. Queries read it through a View under a read lock.
package store

import (
	"slices"
	"strconv"
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

	rowOf identities // by tickets.Ticket.Identity

	heads     rowTexts // title, id, url, source id, and the fold patches to the lower-cased title and id
	bodies    rowTexts // the description's token codes into tokens (tokens.go)
	urls      urlTemplate
	kinds     []uint8 // flagIDIsNumber, flagURLTemplate: a column of their own, so an id scan reads 1 byte a row
	numbers   []int64
	signature []Signature // of the lower-cased title and description
	opened    []int64
	updated   []int64
	resolved  []int64 // 0 while unresolved

	severity *Category
	status   *Category
	state    *Category
	dims     []*Category // in first-seen order
	dimByKey map[string]*Category

	maxUpdated int64
	severities []tickets.Severity
	// idBytes marks every byte some lower-cased id has held: a search term with another byte cannot be in
	// any id, so search skips the ids (Redmine's are digits only).
	idBytes [256]bool

	tokens  tokenDict // the descriptions' tokens
	scratch []byte    // a row's token codes while they are written
}

// New returns an empty store.
func New() *Store {
	s := &Store{
		rowOf:    newIdentities(),
		heads:    newRowTexts(headFields),
		bodies:   newRowTexts(bodyFields),
		tokens:   newTokenDict(),
		severity: newCategory(KeySeverity, "Severity", 0, false),
		status:   newCategory(KeyStatus, "Status", 0, false),
		state:    newCategory(KeyState, "State", 0, false),
		dimByKey: map[string]*Category{},
	}
	s.state.Dict.code(StateOpen)   // openCode
	s.state.Dict.code(StateClosed) // closedCode
	return s
}

// Upsert inserts tickets or overwrites them in place by id. dims names the dimensions (in display order);
// a dimension key a ticket carries that dims does not list is added with its key as name. Dimension keys
// that collide with a fixed field (FixedKeys) are ignored: connectors rename them. A dimension becomes
// multi-valued when dims says so or a ticket carries several values for it. Tickets are normalized
// (tickets.Ticket.Normalize): an open ticket has no resolved time.
func (s *Store) Upsert(dims []tickets.Dimension, ts []tickets.Ticket) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, d := range dims {
		if c := s.dimension(d.Key, d.Name); c != nil && d.Multi {
			c.makeMulti()
		}
	}
	for i := range ts {
		s.upsert(&ts[i])
	}
	s.heads.compact()
	s.bodies.compact()
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
	c := newCategory(key, name, len(s.numbers), false)
	s.dims = append(s.dims, c)
	s.dimByKey[key] = c
	return c
}

func (s *Store) upsert(t *tickets.Ticket) {
	identity := t.Identity()
	row, ok := s.rowOf.get(identity)
	if !ok {
		row = int32(len(s.numbers)) // #nosec G115 -- rows are int32 by design: a store holds far fewer than 2^31 tickets
		s.rowOf.put(identity, row)
		s.grow()
	}
	s.numbers[row] = t.Number
	s.setText(int(row), t.ID, t.SourceID, t.Title, t.Description, t.URL)
	s.opened[row] = toMillis(t.Opened)
	s.updated[row] = toMillis(t.Updated)
	s.resolved[row] = 0
	if t.Resolved != nil && t.Closed {
		s.resolved[row] = toMillis(*t.Resolved)
	}
	s.severity.assign(row, s.severity.Dict.code(t.Severity))
	s.status.assign(row, s.status.Dict.code(t.Status))
	state := openCode
	if t.Closed {
		state = closedCode
	}
	s.state.assign(row, state)
	for key, values := range t.Dimensions {
		if c := s.dimension(key, key); c != nil && len(values) > 1 {
			c.makeMulti()
		}
	}
	for _, c := range s.dims {
		c.assign(row, c.code(t.Dimensions[c.Key]))
	}
	if u := s.updated[row]; u > s.maxUpdated {
		s.maxUpdated = u
	}
}

// setText writes row's text records and signature; numbers[row] must be set first.
func (s *Store) setText(row int, id, sourceID, title, description, url string) {
	s.urls.fits(url, id) // learns the link template from the first link that holds its id
	p := s.prepareText(row, id, sourceID, title, description, url)
	s.putText(row, &p)
}

// preparedText is a row's text as its records keep it, computed without changing the store (so Import
// prepares rows on two cores).
type preparedText struct {
	kind                                              uint8
	title, titleLower, description, id, url, sourceID string
	idFold                                            []byte
	idLower                                           string
	codes                                             []byte // the description's codes when coded (Import tokenizes apart)
	coded                                             bool
	signature                                         Signature
}

func (s *Store) prepareText(row int, id, sourceID, title, description, url string) preparedText {
	p := preparedText{title: title, description: description, id: id, url: url, sourceID: sourceID}
	if n, ok := numericID(id); ok && n == s.numbers[row] {
		p.kind |= flagIDIsNumber
		p.id = ""
	}
	if s.urls.learned && s.urls.fits(url, id) {
		p.kind |= flagURLTemplate
		p.url = ""
	}
	titleLower := strings.ToLower(title)
	if titleLower != title {
		p.titleLower = titleLower // titles are read in both forms by every scan: both are kept whole
	}
	p.idFold, p.idLower = foldPatch(nil, id)
	p.signature = TextSignature(titleLower, strings.ToLower(description))
	return p
}

func (s *Store) putText(row int, p *preparedText) {
	s.kinds[row] = p.kind
	s.heads.set(row, 0, p.titleLower, p.title, p.id, bytesString(p.idFold), p.url, p.sourceID)
	if !p.coded {
		s.scratch = s.tokens.encode(s.scratch[:0], p.description)
		p.codes = s.scratch
	}
	s.bodies.set(row, 0, bytesString(p.codes))
	s.signature[row] = p.signature
	s.noteIDBytes(p.idLower)
}

func (s *Store) grow() {
	s.heads.grow()
	s.bodies.grow()
	s.kinds = push(s.kinds, 0)
	s.numbers = push(s.numbers, 0)
	s.signature = push(s.signature, Signature{})
	s.opened = push(s.opened, 0)
	s.updated = push(s.updated, 0)
	s.resolved = push(s.resolved, 0)
	for _, c := range s.categories() {
		c.grow()
	}
}

func (s *Store) categories() []*Category {
	return append([]*Category{s.severity, s.status, s.state}, s.dims...)
}

// Delete removes the tickets with these identities (tickets.Ticket.Identity) and returns how many it found. The last row moves into each
// freed slot, so row indexes are only stable between writes.
func (s *Store) Delete(ids ...string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	cats := s.categories()
	removed := 0
	for _, id := range ids {
		row, ok := s.rowOf.get(id)
		if !ok {
			continue
		}
		s.heads.drop(int(row))
		s.bodies.drop(int(row))
		last := int32(len(s.numbers) - 1) // #nosec G115 -- rows are int32 by design: a store holds far fewer than 2^31 tickets
		s.rowOf.remove(id)
		for _, c := range cats {
			c.count(c.Code(int(row)), -1)
		}
		if row != last {
			s.moveRow(last, row, cats)
		}
		s.truncate(int(last), cats)
		removed++
	}
	s.heads.compact()
	s.bodies.compact()
	return removed
}

func (s *Store) moveRow(from, to int32, cats []*Category) {
	s.heads.at[to], s.bodies.at[to] = s.heads.at[from], s.bodies.at[from]
	s.kinds[to] = s.kinds[from]
	s.numbers[to] = s.numbers[from]
	s.signature[to] = s.signature[from]
	s.opened[to] = s.opened[from]
	s.updated[to] = s.updated[from]
	s.resolved[to] = s.resolved[from]
	for _, c := range cats {
		c.codes.move(int(from), int(to))
	}
	s.rowOf.put(s.identity(int(to)), to)
}

func (s *Store) truncate(n int, cats []*Category) {
	s.heads.at, s.bodies.at = s.heads.at[:n], s.bodies.at[:n]
	s.kinds = s.kinds[:n]
	s.numbers = s.numbers[:n]
	s.signature = s.signature[:n]
	s.opened = s.opened[:n]
	s.updated = s.updated[:n]
	s.resolved = s.resolved[:n]
	for _, c := range cats {
		c.codes.truncate(n)
	}
}

// Len is the number of tickets.
func (s *Store) Len() int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return len(s.numbers)
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

func (s *Store) noteIDBytes(lower string) {
	for i := 0; i < len(lower); i++ {
		s.idBytes[lower[i]] = true
	}
}

// id is row's ticket id.
func (s *Store) id(row int) string {
	if s.kinds[row]&flagIDIsNumber != 0 {
		return strconv.FormatInt(s.numbers[row], 10)
	}
	return s.heads.field(row, headID)
}

// url is row's link.
func (s *Store) url(row int) string {
	if s.kinds[row]&flagURLTemplate != 0 {
		return s.urls.around(s.id(row))
	}
	return s.heads.field(row, headURL)
}

func (s *Store) identity(row int) string {
	if id := s.heads.field(row, headSourceID); id != "" {
		return id
	}
	return s.id(row)
}

// IDsOpenedBetween returns the identities (tickets.Ticket.Identity) of tickets opened in [from, to], sorted.
func (s *Store) IDsOpenedBetween(from, to time.Time) []string {
	lo, hi := toMillis(from), toMillis(to)
	s.mu.RLock()
	var out []string
	for i, o := range s.opened {
		if o >= lo && o <= hi {
			out = append(out, s.identity(i))
		}
	}
	s.mu.RUnlock()
	slices.Sort(out)
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
		out = append(out, FieldInfo{Key: d.Key, Name: d.Name, Type: TypeString, Multi: d.Multi})
	}
	return out
}

// Dimensions lists the dimensions in first-seen order.
func (s *Store) Dimensions() []tickets.Dimension {
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := make([]tickets.Dimension, len(s.dims))
	for i, d := range s.dims {
		out[i] = tickets.Dimension{Key: d.Key, Name: d.Name, Multi: d.Multi}
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

// description is row's description as the ticket system gave it (rebuilt from its token codes).
func (s *Store) description(row int) string {
	codes := s.bodies.field(row, bodyDescCodes)
	return string(s.tokens.appendText(make([]byte, 0, 8*len(codes)), codes, false))
}

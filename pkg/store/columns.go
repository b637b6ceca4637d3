package store

import (
	"fmt"
	"strings"
	"sync"

	"github.com/spacetime/tickets/pkg/tickets"
)

// Columns is a copy of the store's content, column by column, for a snapshot on disk. Its slices are the
// store's strings (immutable) in new slices, so a writer can encode it while the store takes new writes.
type Columns struct {
	IDs, SourceIDs, Titles, Descriptions, URLs []string
	Numbers, Opened, Updated, Resolved         []int64
	Severity, Status, State                    CategoryColumn
	Dimensions                                 []CategoryColumn
	MaxUpdated                                 int64
	Severities                                 []tickets.Severity
}

// CategoryColumn is one categorical column: its dictionary, its value sets when multi-valued, and the
// code of every row.
type CategoryColumn struct {
	Key, Name string
	Multi     bool
	Values    []string
	Sets      [][]uint32
	Codes     []uint32
}

// Export copies the store's columns: under the read lock only the offsets and the fixed-size columns
// (milliseconds for 1M tickets); the text columns are read from the append-only arena after the lock is
// released, so encoding them never holds it.
func (s *Store) Export() *Columns {
	s.mu.RLock()
	frozen := &Store{heads: s.heads.frozen(), bodies: s.bodies.frozen(), tokens: s.tokens.frozen(), urls: s.urls, kinds: clone(s.kinds), numbers: clone(s.numbers)}
	c := &Columns{
		Numbers: frozen.numbers, Opened: clone(s.opened), Updated: clone(s.updated),
		Resolved: clone(s.resolved), Severity: exportCategory(s.severity), Status: exportCategory(s.status),
		State: exportCategory(s.state), MaxUpdated: s.maxUpdated, Severities: clone(s.severities),
	}
	for _, d := range s.dims {
		c.Dimensions = append(c.Dimensions, exportCategory(d))
	}
	s.mu.RUnlock()
	n := len(frozen.numbers)
	c.IDs, c.SourceIDs, c.Titles, c.Descriptions, c.URLs = make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n)
	var texts textChunks
	for row := range n {
		c.IDs[row], c.SourceIDs[row], c.URLs[row] = frozen.id(row), frozen.heads.field(row, headSourceID), frozen.url(row)
		c.Titles[row], c.Descriptions[row] = frozen.heads.field(row, headTitle), texts.description(frozen, row)
	}
	return c
}

func clone[T any](s []T) []T { return append([]T(nil), s...) }

func exportCategory(c *Category) CategoryColumn {
	out := CategoryColumn{Key: c.Key, Name: c.Name, Multi: c.Multi, Values: clone(c.Dict.values), Codes: c.codes.Wide()}
	if c.Multi {
		// A set's members are never changed once made: sharing them is safe.
		out.Sets = clone(c.sets.members)
	}
	return out
}

// Import replaces the store's content with c, after checking that it is consistent (every column as long
// as the ids, every code inside its dictionary): a snapshot that fails the check is refused whole.
func (s *Store) Import(c *Columns) error {
	if err := c.check(); err != nil {
		return err
	}
	n := len(c.IDs)
	fresh := New()
	fresh.numbers, fresh.opened, fresh.updated, fresh.resolved = c.Numbers, c.Opened, c.Updated, c.Resolved
	fresh.kinds = make([]uint8, n)
	fresh.signature, fresh.heads.at, fresh.bodies.at = make([]Signature, n), make([]uint64, n), make([]uint64, n)
	for row := 0; row < n && !fresh.urls.learned; row++ {
		fresh.urls.fits(c.URLs[row], c.IDs[row])
	}
	// Lower-casing, fold patches and signatures are most of a load's work: half the rows on another core,
	// then the records are appended in row order.
	prepared := make([]preparedText, n)
	prepare := func(lo, hi int) {
		for row := lo; row < hi; row++ {
			prepared[row] = fresh.prepareText(row, c.IDs[row], c.SourceIDs[row], c.Titles[row], c.Descriptions[row], c.URLs[row])
		}
	}
	var halves [2]encodedRows // the descriptions' tokens, each half into a dictionary of its own
	var wg sync.WaitGroup
	wg.Go(func() { prepare(n/2, n); halves[1] = encodeRows(c.Descriptions[n/2:]) })
	prepare(0, n/2)
	halves[0] = encodeRows(c.Descriptions[:n/2])
	wg.Wait()
	fresh.tokens = halves[0].dict
	remap := fresh.tokens.merge(&halves[1].dict)
	for row := range n {
		identity := identityOf(c.IDs[row], c.SourceIDs[row])
		if _, dup := fresh.rowOf.get(identity); dup {
			return fmt.Errorf("ticket %q appears twice", identity)
		}
		fresh.rowOf.put(identity, int32(row)) // #nosec G115 -- rows are int32 by design
		p := &prepared[row]
		p.codes, p.coded = halves[0].rowOr(row, &halves[1], remap, &fresh.scratch), true
		fresh.putText(row, p)
		prepared[row] = preparedText{}
	}
	fresh.severity, fresh.status, fresh.state = importCategory(c.Severity), importCategory(c.Status), importCategory(c.State)
	for _, d := range c.Dimensions {
		cat := importCategory(d)
		fresh.dims = append(fresh.dims, cat)
		fresh.dimByKey[cat.Key] = cat
	}
	fresh.maxUpdated, fresh.severities = c.MaxUpdated, c.Severities

	s.mu.Lock()
	defer s.mu.Unlock()
	s.kinds, s.tokens = fresh.kinds, fresh.tokens
	s.rowOf, s.heads, s.bodies, s.urls, s.numbers, s.signature = fresh.rowOf, fresh.heads, fresh.bodies, fresh.urls, fresh.numbers, fresh.signature
	s.opened, s.updated, s.resolved = fresh.opened, fresh.updated, fresh.resolved
	s.severity, s.status, s.state, s.dims, s.dimByKey = fresh.severity, fresh.status, fresh.state, fresh.dims, fresh.dimByKey
	s.maxUpdated, s.severities, s.idBytes = fresh.maxUpdated, fresh.severities, fresh.idBytes
	return nil
}

func identityOf(id, sourceID string) string {
	if sourceID != "" {
		return sourceID
	}
	return id
}

func importCategory(c CategoryColumn) *Category {
	space := len(c.Values)
	if c.Multi {
		space = len(c.Sets)
	}
	cat := &Category{Key: c.Key, Name: c.Name, codes: narrowed(c.Codes, space), Dict: &Dict{values: c.Values, lower: make([]string, len(c.Values)),
		index: make(map[string]uint32, len(c.Values))}, Multi: c.Multi}
	for code, v := range c.Values {
		cat.Dict.lower[code] = strings.ToLower(v)
		cat.Dict.index[v] = uint32(code) // #nosec G115 -- checked: a dictionary holds fewer than 2^32 values
	}
	if c.Multi {
		cat.sets = &setDict{members: c.Sets, index: make(map[string]uint32, len(c.Sets))}
		for code, m := range c.Sets {
			if code > 0 {
				cat.sets.index[setKey(m)] = uint32(code) // #nosec G115 -- as above
			}
		}
		cat.sets.index[""] = 0
	}
	cat.recount()
	return cat
}

func (c *Columns) check() error {
	n := len(c.IDs)
	for name, l := range map[string]int{"source ids": len(c.SourceIDs), "titles": len(c.Titles), "descriptions": len(c.Descriptions),
		"urls": len(c.URLs), "numbers": len(c.Numbers), "opened": len(c.Opened), "updated": len(c.Updated), "resolved": len(c.Resolved)} {
		if l != n {
			return fmt.Errorf("column %s has %d rows, the ids %d", name, l, n)
		}
	}
	seen := map[string]bool{}
	for _, cat := range append([]CategoryColumn{c.Severity, c.Status, c.State}, c.Dimensions...) {
		if seen[cat.Key] {
			return fmt.Errorf("column %q appears twice", cat.Key)
		}
		seen[cat.Key] = true
		if len(cat.Codes) != n {
			return fmt.Errorf("column %q has %d rows, the ids %d", cat.Key, len(cat.Codes), n)
		}
		if len(cat.Values) == 0 || cat.Values[0] != "" {
			return fmt.Errorf("column %q has no empty value first", cat.Key)
		}
		space := len(cat.Values)
		if cat.Multi {
			if len(cat.Sets) == 0 {
				return fmt.Errorf("column %q is multi-valued without value sets", cat.Key)
			}
			for _, set := range cat.Sets {
				for _, m := range set {
					if int(m) >= len(cat.Values) {
						return fmt.Errorf("column %q has a value set outside its dictionary", cat.Key)
					}
				}
			}
			space = len(cat.Sets)
		}
		for _, code := range cat.Codes {
			if int(code) >= space {
				return fmt.Errorf("column %q has a code outside its dictionary", cat.Key)
			}
		}
	}
	if len(c.State.Values) != 3 || c.State.Multi || c.State.Values[openCode] != StateOpen || c.State.Values[closedCode] != StateClosed {
		return fmt.Errorf("column state does not hold just open and closed")
	}
	return nil
}

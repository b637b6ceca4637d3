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

// Export copies the store's columns under the read lock (a copy of slice headers: milliseconds for 1M
// tickets), so encoding them never holds the lock.
func (s *Store) Export() *Columns {
	s.mu.RLock()
	defer s.mu.RUnlock()
	c := &Columns{
		IDs: clone(s.ids), SourceIDs: clone(s.sourceIDs), Titles: clone(s.title), Descriptions: clone(s.description),
		URLs: clone(s.url), Numbers: clone(s.numbers), Opened: clone(s.opened), Updated: clone(s.updated),
		Resolved: clone(s.resolved), Severity: exportCategory(s.severity), Status: exportCategory(s.status),
		State: exportCategory(s.state), MaxUpdated: s.maxUpdated, Severities: clone(s.severities),
	}
	for _, d := range s.dims {
		c.Dimensions = append(c.Dimensions, exportCategory(d))
	}
	return c
}

func clone[T any](s []T) []T { return append([]T(nil), s...) }

func exportCategory(c *Category) CategoryColumn {
	out := CategoryColumn{Key: c.Key, Name: c.Name, Multi: c.Multi, Values: clone(c.Dict.values), Codes: clone(c.Codes)}
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
	fresh.ids, fresh.sourceIDs, fresh.title, fresh.description, fresh.url = c.IDs, c.SourceIDs, c.Titles, c.Descriptions, c.URLs
	fresh.numbers, fresh.opened, fresh.updated, fresh.resolved = c.Numbers, c.Opened, c.Updated, c.Resolved
	fresh.idLower, fresh.titleLower, fresh.descLower, fresh.signature = make([]string, n), make([]string, n), make([]string, n), make([]Signature, n)
	// The lower-cased copies and signatures are most of a load's work: half the rows on another core.
	var wg sync.WaitGroup
	lowerRows := func(lo, hi int) {
		for row := lo; row < hi; row++ {
			fresh.idLower[row] = strings.ToLower(c.IDs[row])
			fresh.titleLower[row] = strings.ToLower(c.Titles[row])
			fresh.descLower[row] = strings.ToLower(c.Descriptions[row])
			fresh.signature[row] = TextSignature(fresh.titleLower[row], fresh.descLower[row])
		}
	}
	wg.Go(func() { lowerRows(n/2, n) })
	lowerRows(0, n/2)
	wg.Wait()
	for row := range n {
		fresh.noteIDBytes(fresh.idLower[row])
		identity := identityOf(c.IDs[row], c.SourceIDs[row])
		if _, dup := fresh.rowOf[identity]; dup {
			return fmt.Errorf("ticket %q appears twice", identity)
		}
		fresh.rowOf[identity] = int32(row) // #nosec G115 -- rows are int32 by design
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
	s.rowOf, s.ids, s.idLower, s.sourceIDs, s.numbers = fresh.rowOf, fresh.ids, fresh.idLower, fresh.sourceIDs, fresh.numbers
	s.title, s.titleLower, s.description, s.descLower, s.signature, s.url = fresh.title, fresh.titleLower, fresh.description, fresh.descLower, fresh.signature, fresh.url
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
	cat := &Category{Key: c.Key, Name: c.Name, Codes: c.Codes, Dict: &Dict{values: c.Values, lower: make([]string, len(c.Values)),
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
	if len(c.State.Values) < 3 || c.State.Values[openCode] != StateOpen || c.State.Values[closedCode] != StateClosed {
		return fmt.Errorf("column state does not hold open and closed")
	}
	return nil
}

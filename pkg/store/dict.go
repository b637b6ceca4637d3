package store

import (
	"encoding/binary"
	"slices"
	"strings"
)

// Dict is the dictionary of a categorical column: code 0 is always "", codes are stable for the
// store's life (values of deleted or updated rows stay in the dictionary).
type Dict struct {
	values []string
	lower  []string
	index  map[string]uint32
}

func newDict() *Dict {
	return &Dict{values: []string{""}, lower: []string{""}, index: map[string]uint32{"": 0}}
}

func (d *Dict) code(v string) uint32 {
	if c, ok := d.index[v]; ok {
		return c
	}
	c := uint32(len(d.values)) // #nosec G115 -- distinct values of one field stay far below 2^32
	d.values = append(d.values, v)
	d.lower = append(d.lower, strings.ToLower(v))
	d.index[v] = c
	return c
}

// Len is the number of entries, "" included.
func (d *Dict) Len() int { return len(d.values) }

// Value is the text of a code.
func (d *Dict) Value(code uint32) string { return d.values[code] }

// Values are the texts by code; do not modify.
func (d *Dict) Values() []string { return d.values }

// Lower are the lower-cased texts by code, for search; do not modify.
func (d *Dict) Lower() []string { return d.lower }

// Code returns the code of v, if the dictionary has it.
func (d *Dict) Code(v string) (uint32, bool) {
	c, ok := d.index[v]
	return c, ok
}

// Category is a dictionary-encoded column. In a single-valued column a row's code is its value code.
// In a multi-valued column (labels, components, teams) a row's code is the code of the row's set of values:
// rows with the same values share one set, so a filter still tests one table entry per row.
type Category struct {
	Key   string
	Name  string
	codes Codes
	Dict  *Dict
	// Multi marks a multi-valued column; sets then holds the value codes of each set code.
	Multi bool
	sets  *setDict
	// rows[code] is how many rows hold code (counts.go).
	rows []int
}

// setDict numbers the distinct value sets of a multi-valued column. Set 0 is the empty set, whose one
// member is the "" value, so a ticket without values matches "" and is counted as "(none)".
type setDict struct {
	members [][]uint32
	index   map[string]uint32
}

func newSetDict() *setDict {
	return &setDict{members: [][]uint32{{0}}, index: map[string]uint32{"": 0}}
}

func newCategory(key, name string, rows int, multi bool) *Category {
	c := &Category{Key: key, Name: name, codes: newCodes(rows, 1), Dict: newDict(), Multi: multi, rows: []int{rows}}
	if multi {
		c.sets = newSetDict()
	}
	return c
}

// code returns the code of a row's values: the value code, or for a Multi column the set code.
func (c *Category) code(values []string) uint32 {
	if !c.Multi {
		if len(values) == 0 {
			return 0
		}
		return c.Dict.code(values[0])
	}
	members := make([]uint32, 0, len(values))
	for _, v := range values {
		if v == "" {
			continue
		}
		if m := c.Dict.code(v); !slices.Contains(members, m) {
			members = append(members, m)
		}
	}
	if len(members) == 0 {
		return 0
	}
	slices.SortFunc(members, func(a, b uint32) int { return strings.Compare(c.Dict.values[a], c.Dict.values[b]) })
	key := setKey(members)
	if s, ok := c.sets.index[key]; ok {
		return s
	}
	s := uint32(len(c.sets.members)) // #nosec G115 -- distinct value sets stay far below 2^32
	c.sets.members = append(c.sets.members, members)
	c.sets.index[key] = s
	return s
}

func setKey(members []uint32) string {
	b := make([]byte, 0, 4*len(members))
	for _, m := range members {
		b = binary.LittleEndian.AppendUint32(b, m)
	}
	return string(b)
}

// makeMulti turns a single-valued column into a multi-valued one (a ticket arrived with several values).
func (c *Category) makeMulti() {
	if c.Multi {
		return
	}
	c.Multi, c.sets = true, newSetDict()
	setOf := make([]uint32, c.Dict.Len())
	for code := 1; code < c.Dict.Len(); code++ {
		setOf[code] = c.code([]string{c.Dict.values[code]})
	}
	c.codes.remap(setOf)
	c.recount()
}

// Space is the number of distinct codes a row can hold: dictionary entries, or value sets when Multi.
func (c *Category) Space() int {
	if c.Multi {
		return len(c.sets.members)
	}
	return c.Dict.Len()
}

// Members are the value codes of a code of a Multi column; do not modify. Use it only when Multi is set: a
// single-valued column's code is its value code.
func (c *Category) Members(code uint32) []uint32 { return c.sets.members[code] }

// Lift turns a table over value codes into a table over Codes: a set is marked when any of its values is.
func (c *Category) Lift(byValue []bool) []bool {
	if !c.Multi {
		return byValue
	}
	out := make([]bool, len(c.sets.members))
	for s, members := range c.sets.members {
		for _, m := range members {
			if byValue[m] {
				out[s] = true
				break
			}
		}
	}
	return out
}

// CodeText is the text of a code: its value, or a set's values joined by ", ".
func (c *Category) CodeText(code uint32) string {
	if !c.Multi {
		return c.Dict.values[code]
	}
	members := c.sets.members[code]
	if len(members) == 1 {
		return c.Dict.values[members[0]]
	}
	parts := make([]string, len(members))
	for i, m := range members {
		parts[i] = c.Dict.values[m]
	}
	return strings.Join(parts, ", ")
}

// Codes are the rows' codes at the column's width (codes.go), for loops over many rows.
func (c *Category) Codes() Codes { return c.codes }

// Code is row's code.
func (c *Category) Code(row int) uint32 { return c.codes.At(row) }

// Value is row's text (several values joined by ", ").
func (c *Category) Value(row int) string { return c.CodeText(c.codes.At(row)) }

// RowValues are row's values: one for a single-valued column ("" when missing), none for a multi-valued
// row without values.
func (c *Category) RowValues(row int) []string {
	if !c.Multi {
		return []string{c.Dict.values[c.codes.At(row)]}
	}
	code := c.codes.At(row)
	if code == 0 {
		return []string{}
	}
	members := c.sets.members[code]
	out := make([]string, len(members))
	for i, m := range members {
		out[i] = c.Dict.values[m]
	}
	return out
}

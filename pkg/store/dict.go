package store

import "strings"

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

// Category is a dictionary-encoded column: the value of row i is Dict.Value(Codes[i]).
type Category struct {
	Key   string
	Name  string
	Codes []uint32
	Dict  *Dict
}

func newCategory(key, name string, rows int) *Category {
	return &Category{Key: key, Name: name, Codes: make([]uint32, rows), Dict: newDict()}
}

// Value is row's text.
func (c *Category) Value(row int) string { return c.Dict.values[c.Codes[row]] }

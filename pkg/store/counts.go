package store

// A Category keeps how many rows hold each of its codes, updated on every write, so a question about the whole
// store ("how many tickets have region=EMEA") costs a dictionary's length, not a scan (contrast's rest-of-the-
// window baseline is the whole store less the range).

// assign sets row's code and keeps the counts.
func (c *Category) assign(row int32, code uint32) {
	c.count(c.codes.At(int(row)), -1)
	c.count(code, 1)
	c.codes.set(int(row), code)
}

// grow adds a row holding code 0.
func (c *Category) grow() {
	c.codes.appendZero()
	c.count(0, 1)
}

// count adds delta to code's rows.
func (c *Category) count(code uint32, delta int) {
	if int(code) >= len(c.rows) {
		c.rows = append(c.rows, make([]int, int(code)+1-len(c.rows))...)
	}
	c.rows[code] += delta
}

// recount counts every row's code again (after the codes were remapped or loaded whole).
func (c *Category) recount() {
	c.rows = make([]int, c.Space())
	switch c.codes.Width {
	case 1:
		countCodes(c.codes.U8, c.rows)
	case 2:
		countCodes(c.codes.U16, c.rows)
	default:
		countCodes(c.codes.U32, c.rows)
	}
}

// RowsPerValue is how many rows hold each value code, a multi-valued row once under each of its values (a row
// without values under ""). It is read from the counts the store keeps: no scan of the rows.
func (c *Category) RowsPerValue() []int {
	out := make([]int, c.Dict.Len())
	for code, n := range c.rows {
		if n == 0 {
			continue
		}
		if !c.Multi {
			out[code] += n
			continue
		}
		for _, m := range c.sets.members[code] {
			out[m] += n
		}
	}
	return out
}

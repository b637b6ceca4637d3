package store

// A category column keeps each row's code in as few bytes as its dictionary needs: 1 byte while the column has
// at most 256 codes (values, or value sets when multi-valued), 2 bytes up to 65,536, else 4. When a new code
// does not fit, the column is copied once into the next width; codes never narrow (a dictionary never shrinks).
// Loops over many rows read the slice of their width through a function instantiated per width (Code), chosen
// once per query; a single row's code is Category.Code.

// Code is a row's code at one of the three widths.
type Code interface{ uint8 | uint16 | uint32 }

// Codes is a column's codes: the slice of its Width (1, 2 or 4 bytes) is set, the other two are nil. Read it
// under the read lock only; a write may widen the column into new slices.
type Codes struct {
	Width int
	U8    []uint8
	U16   []uint16
	U32   []uint32
}

// widthFor is the width that holds codes below space.
func widthFor(space int) int {
	switch {
	case space <= 1<<8:
		return 1
	case space <= 1<<16:
		return 2
	}
	return 4
}

func newCodes(rows, space int) Codes {
	c := Codes{Width: widthFor(space)}
	switch c.Width {
	case 1:
		c.U8 = make([]uint8, rows)
	case 2:
		c.U16 = make([]uint16, rows)
	default:
		c.U32 = make([]uint32, rows)
	}
	return c
}

// Len is the number of rows.
func (c Codes) Len() int { return len(c.U8) + len(c.U16) + len(c.U32) }

// At is row's code.
func (c *Codes) At(row int) uint32 {
	switch c.Width {
	case 1:
		return uint32(c.U8[row])
	case 2:
		return uint32(c.U16[row])
	}
	return c.U32[row]
}

// set writes row's code, widening the column first when the code does not fit.
func (c *Codes) set(row int, code uint32) {
	c.fit(code)
	switch c.Width {
	case 1:
		c.U8[row] = uint8(code) // #nosec G115 -- fit widened the column to hold code
	case 2:
		c.U16[row] = uint16(code) // #nosec G115 -- as above
	default:
		c.U32[row] = code
	}
}

// fit widens the column so it holds code: one copy of the rows, with the same spare capacity.
func (c *Codes) fit(code uint32) {
	w := widthFor(int(code) + 1)
	if w <= c.Width {
		return
	}
	if w == 2 {
		c.U16, c.U8 = widen[uint16](c.U8), nil
	} else if c.Width == 1 {
		c.U32, c.U8 = widen[uint32](c.U8), nil
	} else {
		c.U32, c.U16 = widen[uint32](c.U16), nil
	}
	c.Width = w
}

func widen[To, From Code](from []From) []To {
	out := make([]To, len(from), cap(from))
	for i, x := range from {
		out[i] = To(x)
	}
	return out
}

// appendZero adds a row holding code 0.
func (c *Codes) appendZero() {
	switch c.Width {
	case 1:
		c.U8 = push(c.U8, 0)
	case 2:
		c.U16 = push(c.U16, 0)
	default:
		c.U32 = push(c.U32, 0)
	}
}

// move copies row from's code into row to.
func (c *Codes) move(from, to int) {
	switch c.Width {
	case 1:
		c.U8[to] = c.U8[from]
	case 2:
		c.U16[to] = c.U16[from]
	default:
		c.U32[to] = c.U32[from]
	}
}

// truncate keeps the first n rows.
func (c *Codes) truncate(n int) {
	switch c.Width {
	case 1:
		c.U8 = c.U8[:n]
	case 2:
		c.U16 = c.U16[:n]
	default:
		c.U32 = c.U32[:n]
	}
}

// remap replaces every code x by to[x] (to's codes fit the width the column is widened to).
func (c *Codes) remap(to []uint32) {
	top := uint32(0)
	for _, x := range to {
		top = max(top, x)
	}
	c.fit(top)
	switch c.Width {
	case 1:
		remapCodes(c.U8, to)
	case 2:
		remapCodes(c.U16, to)
	default:
		remapCodes(c.U32, to)
	}
}

func remapCodes[T Code](codes []T, to []uint32) {
	for i, x := range codes {
		codes[i] = T(to[x])
	}
}

// Wide returns every row's code as 4 bytes (a new slice).
func (c *Codes) Wide() []uint32 {
	switch c.Width {
	case 1:
		return widen[uint32](c.U8)
	case 2:
		return widen[uint32](c.U16)
	}
	return append([]uint32(nil), c.U32...)
}

// narrowed is codes (each below space) at the width space needs.
func narrowed(codes []uint32, space int) Codes {
	c := Codes{Width: widthFor(space)}
	switch c.Width {
	case 1:
		c.U8 = narrowCodes[uint8](codes)
	case 2:
		c.U16 = narrowCodes[uint16](codes)
	default:
		c.U32 = codes
	}
	return c
}

func narrowCodes[T Code](codes []uint32) []T {
	out := make([]T, len(codes))
	for i, x := range codes {
		out[i] = T(x)
	}
	return out
}

// countCodes adds each row's code to rows.
func countCodes[T Code](codes []T, rows []int) {
	for _, x := range codes {
		rows[x]++
	}
}

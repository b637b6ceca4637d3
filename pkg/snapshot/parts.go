package snapshot

import (
	"encoding/gob"
	"fmt"

	"github.com/spacetime/tickets/pkg/store"
)

// partRows is how many rows one gob message of a snapshot's columns holds. gob reads a message over 10 MB
// in growing pieces, copying it about twice over: one message for 1M tickets was a quarter of the load.
const partRows = 1 << 16

// partsHeader opens the columns' messages: the rows in all, and how many parts follow.
type partsHeader struct{ Rows, Parts int }

// columnParts splits c into a partsHeader and parts of partRows rows. The first part carries everything
// that is not per row (dictionaries, keys, names, the severities); every part carries its rows' slices.
func columnParts(c *store.Columns) []any {
	n := len(c.IDs)
	parts := []any{partsHeader{Rows: n, Parts: max(1, (n+partRows-1)/partRows)}}
	for lo := 0; lo < n || lo == 0; lo += partRows {
		hi := min(n, lo+partRows)
		p := store.Columns{
			IDs: c.IDs[lo:hi], SourceIDs: c.SourceIDs[lo:hi], Titles: c.Titles[lo:hi], Descriptions: c.Descriptions[lo:hi],
			URLs: c.URLs[lo:hi], Numbers: c.Numbers[lo:hi], Opened: c.Opened[lo:hi], Updated: c.Updated[lo:hi],
			Resolved: c.Resolved[lo:hi], Severity: rowsOf(c.Severity, lo, hi), Status: rowsOf(c.Status, lo, hi),
			State: rowsOf(c.State, lo, hi),
		}
		for _, d := range c.Dimensions {
			p.Dimensions = append(p.Dimensions, rowsOf(d, lo, hi))
		}
		if lo == 0 {
			p.Severity, p.Status, p.State = c.Severity, c.Status, c.State
			p.Severity.Codes, p.Status.Codes, p.State.Codes = c.Severity.Codes[:hi], c.Status.Codes[:hi], c.State.Codes[:hi]
			for i, d := range c.Dimensions {
				p.Dimensions[i] = d
				p.Dimensions[i].Codes = d.Codes[:hi]
			}
			p.MaxUpdated, p.Severities = c.MaxUpdated, c.Severities
		}
		parts = append(parts, p)
		if n == 0 {
			break
		}
	}
	return parts
}

// rowsOf is a category column with only the codes of rows [lo, hi).
func rowsOf(c store.CategoryColumn, lo, hi int) store.CategoryColumn {
	return store.CategoryColumn{Key: c.Key, Codes: c.Codes[lo:hi]}
}

// decodeColumns reads what columnParts wrote into c, each row slice allocated once at its full length.
func decodeColumns(d *gob.Decoder, c *store.Columns) error {
	var h partsHeader
	if err := d.Decode(&h); err != nil {
		return err
	}
	if h.Rows < 0 || h.Parts < 1 || h.Parts > h.Rows/partRows+1 {
		return fmt.Errorf("%d rows in %d parts", h.Rows, h.Parts)
	}
	for i := range h.Parts {
		var p store.Columns
		if err := d.Decode(&p); err != nil {
			return err
		}
		if i == 0 {
			*c = p
			grow(c, h.Rows)
			continue
		}
		if len(p.Dimensions) != len(c.Dimensions) {
			return fmt.Errorf("part %d has %d dimensions, the first %d", i, len(p.Dimensions), len(c.Dimensions))
		}
		c.IDs, c.SourceIDs, c.Titles = append(c.IDs, p.IDs...), append(c.SourceIDs, p.SourceIDs...), append(c.Titles, p.Titles...)
		c.Descriptions, c.URLs = append(c.Descriptions, p.Descriptions...), append(c.URLs, p.URLs...)
		c.Numbers, c.Opened = append(c.Numbers, p.Numbers...), append(c.Opened, p.Opened...)
		c.Updated, c.Resolved = append(c.Updated, p.Updated...), append(c.Resolved, p.Resolved...)
		c.Severity.Codes = append(c.Severity.Codes, p.Severity.Codes...)
		c.Status.Codes = append(c.Status.Codes, p.Status.Codes...)
		c.State.Codes = append(c.State.Codes, p.State.Codes...)
		for j := range c.Dimensions {
			c.Dimensions[j].Codes = append(c.Dimensions[j].Codes, p.Dimensions[j].Codes...)
		}
	}
	return nil // Import checks that every column has the rows of the ids
}

// grow gives every row slice of c room for rows, so the parts after the first append without copying.
func grow(c *store.Columns, rows int) {
	c.IDs, c.SourceIDs, c.Titles = room(c.IDs, rows), room(c.SourceIDs, rows), room(c.Titles, rows)
	c.Descriptions, c.URLs = room(c.Descriptions, rows), room(c.URLs, rows)
	c.Numbers, c.Opened, c.Updated, c.Resolved = room(c.Numbers, rows), room(c.Opened, rows), room(c.Updated, rows), room(c.Resolved, rows)
	c.Severity.Codes, c.Status.Codes, c.State.Codes = room(c.Severity.Codes, rows), room(c.Status.Codes, rows), room(c.State.Codes, rows)
	for j := range c.Dimensions {
		c.Dimensions[j].Codes = room(c.Dimensions[j].Codes, rows)
	}
}

func room[T any](s []T, rows int) []T {
	if cap(s) >= rows {
		return s
	}
	out := make([]T, len(s), rows)
	copy(out, s)
	return out
}

package snapshot

import (
	"bytes"
	"encoding/gob"
	"reflect"
	"testing"

	"github.com/spacetime/tickets/pkg/engine/synthetic"
	"github.com/spacetime/tickets/pkg/store"
)

// TestColumnPartsRoundTrip writes a store of three and a half parts' rows (and an empty one) as the snapshot
// does and reads it back: the same columns, dictionaries and codes.
func TestColumnPartsRoundTrip(t *testing.T) {
	for _, n := range []int{0, 1, partRows, 3*partRows + partRows/2} {
		s := store.New()
		synthetic.Fill(s, n, 7)
		want := s.Export()
		var buf bytes.Buffer
		if _, err := writeBlock(&buf, columnParts(want)...); err != nil {
			t.Fatal(err)
		}
		var got store.Columns
		if err := readBlock(&buf, int64(buf.Len()), func(d *gob.Decoder) error { return decodeColumns(d, &got) }); err != nil {
			t.Fatalf("%d rows: %v", n, err)
		}
		if !reflect.DeepEqual(normalized(want), normalized(&got)) {
			t.Errorf("%d rows: the columns read back differ from those written", n)
		}
		loaded := store.New()
		if err := loaded.Import(&got); err != nil || loaded.Len() != n {
			t.Errorf("%d rows: import: %v, %d rows", n, err, loaded.Len())
		}
	}
}

// normalized makes empty and nil slices alike, as gob does not tell them apart.
func normalized(c *store.Columns) *store.Columns {
	out := *c
	for _, s := range []*[]string{&out.IDs, &out.SourceIDs, &out.Titles, &out.Descriptions, &out.URLs} {
		if len(*s) == 0 {
			*s = nil
		}
	}
	for _, s := range []*[]int64{&out.Numbers, &out.Opened, &out.Updated, &out.Resolved} {
		if len(*s) == 0 {
			*s = nil
		}
	}
	cats := []*store.CategoryColumn{&out.Severity, &out.Status, &out.State}
	out.Dimensions = append([]store.CategoryColumn(nil), c.Dimensions...)
	for i := range out.Dimensions {
		cats = append(cats, &out.Dimensions[i])
	}
	for _, cat := range cats {
		if len(cat.Codes) == 0 {
			cat.Codes = nil
		}
		if len(cat.Sets) == 0 {
			cat.Sets = nil
		}
		if len(cat.Values) == 0 {
			cat.Values = nil
		}
	}
	return &out
}

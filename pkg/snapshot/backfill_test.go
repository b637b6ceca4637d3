package snapshot_test

import (
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"testing"
	"time"

	"github.com/spacetime/tickets/pkg/snapshot"
	"github.com/spacetime/tickets/pkg/store"
	"github.com/spacetime/tickets/pkg/syncer"
	"github.com/spacetime/tickets/pkg/tickets"
)

// TestAnUnfinishedBackfillIsRecordedAsItProceeds: the first record writes the snapshot, later ones the
// change log; a load gets the tickets and the latest "left"; the finished backfill's Save ends the record.
func TestAnUnfinishedBackfillIsRecordedAsItProceeds(t *testing.T) {
	dir := t.TempDir()
	src := store.New()
	k := snapshot.New(dir, "ds", "fp", src, &logLines{})
	var all []tickets.Ticket
	dims := []tickets.Dimension{{Key: "service", Name: "Service"}}
	page := func(from, to int) []tickets.Ticket {
		var out []tickets.Ticket
		for i := from; i <= to; i++ {
			out = append(out, tickets.Ticket{ID: "OPS-" + strconv.Itoa(i), Title: "t", Opened: t0.Add(time.Duration(i) * time.Minute),
				Updated: t0.Add(time.Duration(i) * time.Minute), Dimensions: map[string][]string{"service": {"svc"}}})
		}
		return out
	}
	span := func(from, to int) syncer.Span {
		return syncer.Span{From: t0.Add(time.Duration(from) * time.Minute), To: t0.Add(time.Duration(to) * time.Minute)}
	}
	progress := func(left ...syncer.Span) syncer.Backfill {
		return syncer.Backfill{Start: t0, End: t0.Add(48 * time.Hour), Began: t0.Add(time.Hour), Left: left}
	}
	for i, step := range []struct {
		ts   []tickets.Ticket
		left syncer.Backfill
	}{
		{page(21, 30), progress(span(0, 21))},
		{page(11, 20), progress(span(0, 11))},
	} {
		src.Upsert(dims, step.ts)
		all = append(all, step.ts...)
		if err := k.Backfilling(dims, step.ts, step.left); err != nil {
			t.Fatalf("record %d: %v", i, err)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "ds.snap")); err != nil {
		t.Fatalf("the first record wrote no snapshot: %v", err)
	}

	got := store.New()
	lk := snapshot.New(dir, "ds", "fp", got, &logLines{})
	if _, _, ok := lk.Load(); !ok || got.Len() != len(all) {
		t.Fatalf("loaded %v with %d tickets, want the %d recorded", ok, got.Len(), len(all))
	}
	if left := lk.Unfinished(); left == nil || !reflect.DeepEqual(*left, progress(span(0, 11))) {
		t.Fatalf("unfinished %+v, want the latest record's", left)
	}

	if err := k.Save(t0); err != nil {
		t.Fatal(err)
	}
	done := snapshot.New(dir, "ds", "fp", store.New(), &logLines{})
	if _, covered, ok := done.Load(); !ok || done.Unfinished() != nil || !covered.Equal(t0) {
		t.Fatalf("after the finished backfill's save: ok %v, unfinished %+v, covered %v", ok, done.Unfinished(), covered)
	}
}

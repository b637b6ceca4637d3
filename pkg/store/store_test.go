package store_test

import (
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/spacetime/tickets/pkg/store"
	"github.com/spacetime/tickets/pkg/tickets"
)

var t0 = time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)

func ticket(id int64, title string, dims map[string]string) tickets.Ticket {
	multi := map[string][]string{}
	for k, v := range dims {
		multi[k] = tickets.One(v)
	}
	return tickets.Ticket{ID: strconv.FormatInt(id, 10), Number: id, Title: title, Severity: "High", Status: "New",
		Opened: t0.Add(time.Duration(id) * time.Minute), Updated: t0.Add(time.Duration(id) * time.Hour), Dimensions: multi}
}

func rowsByID(s *store.Store) map[string]map[string]string {
	out := map[string]map[string]string{}
	s.Read(func(v *store.View) {
		titles, _ := v.Text(store.KeyTitle)
		for row := range v.Len() {
			id := v.ID(row)
			m := map[string]string{"title": titles.At(row), "state": v.Category(store.KeyState).Value(row)}
			for _, d := range v.Dimensions() {
				m[d.Key] = d.Value(row)
			}
			out[id] = m
		}
	})
	return out
}

func TestUpsertOverwritesInPlaceAndAddsDimensions(t *testing.T) {
	s := store.New()
	s.Upsert([]tickets.Dimension{{Key: "service", Name: "Service"}}, []tickets.Ticket{
		ticket(1, "One", map[string]string{"service": "checkout"}),
		ticket(2, "Two", nil),
	})
	closed := ticket(1, "One again", map[string]string{"service": "auth", "region": "EMEA"})
	closed.Closed = true
	s.Upsert(nil, []tickets.Ticket{closed})

	if s.Len() != 2 {
		t.Fatalf("len %d", s.Len())
	}
	got := rowsByID(s)
	if g := got["1"]; g["title"] != "One again" || g["service"] != "auth" || g["region"] != "EMEA" || g["state"] != "closed" {
		t.Errorf("ticket 1: %v", g)
	}
	if g := got["2"]; g["region"] != "" || g["service"] != "" || g["state"] != "open" {
		t.Errorf("ticket 2: %v", g)
	}
	var keys []string
	for _, f := range s.Fields() {
		keys = append(keys, f.Key+":"+f.Name+":"+f.Type)
	}
	want := []string{"id:ID:string", "title:Title:string", "description:Description:string", "url:URL:string",
		"severity:Severity:string", "status:Status:string", "state:State:string", "opened:Opened:time",
		"updated:Updated:time", "resolved:Resolved:time", "service:Service:string", "region:region:string"}
	if !slices.Equal(keys, want) {
		t.Errorf("fields %v", keys)
	}
}

func TestDeleteKeepsTheOtherRowsIntact(t *testing.T) {
	s := store.New()
	var ts []tickets.Ticket
	for id := int64(1); id <= 6; id++ {
		ts = append(ts, ticket(id, "T"+string(rune('0'+id)), map[string]string{"service": "s" + string(rune('0'+id))}))
	}
	s.Upsert(nil, ts)
	if n := s.Delete("2", "6", "99", "2"); n != 2 {
		t.Fatalf("deleted %d, want 2", n)
	}
	got := rowsByID(s)
	if len(got) != 4 || s.Len() != 4 {
		t.Fatalf("rows %v", got)
	}
	for _, id := range []string{"1", "3", "4", "5"} {
		if got[id]["title"] != "T"+id || got[id]["service"] != "s"+id {
			t.Errorf("ticket %s: %v", id, got[id])
		}
	}
	s.Upsert(nil, []tickets.Ticket{ticket(5, "T5b", nil)})
	if got := rowsByID(s); got["5"]["title"] != "T5b" || len(got) != 4 {
		t.Errorf("update after delete: %v", got)
	}
	if ids := s.IDsOpenedBetween(t0.Add(3*time.Minute), t0.Add(5*time.Minute)); !slices.Equal(ids, []string{"3", "4", "5"}) {
		t.Errorf("opened between: %v", ids)
	}
	if !s.MaxUpdated().Equal(t0.Add(6 * time.Hour)) {
		t.Errorf("max updated %v: the high-water mark survives deletes", s.MaxUpdated())
	}
}

func TestConcurrentReadersAndWriter(t *testing.T) {
	s := store.New()
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		for id := int64(1); id <= 500; id++ {
			s.Upsert(nil, []tickets.Ticket{ticket(id, "x", map[string]string{"k": "v"})})
			if id%7 == 0 {
				s.Delete(strconv.FormatInt(id-3, 10))
			}
		}
	}()
	go func() {
		defer wg.Done()
		for range 200 {
			s.Read(func(v *store.View) {
				if c := v.Category("k"); c != nil && c.Codes().Len() != v.Len() {
					t.Errorf("column length %d, rows %d", c.Codes().Len(), v.Len())
				}
			})
		}
	}()
	wg.Wait()
}

func TestBitset(t *testing.T) {
	b := store.AllRows(130)
	if b.Count() != 130 {
		t.Fatal(b.Count())
	}
	b.Retain(0, len(b.Words()), func(row int) bool { return row%3 == 0 })
	rows := b.Rows()
	if len(rows) != 44 || rows[43] != 129 {
		t.Fatalf("%v", rows)
	}
}

func TestSignatureNeverRejectsASubstring(t *testing.T) {
	text := "disk full on db-3: /var/lib/postgres at 100%"
	sig := store.TextSignature("title", text)
	for i := range len(text) {
		for j := i; j <= len(text); j++ {
			term := store.TextSignature(text[i:j])
			if !sig.Covers(&term) {
				t.Fatalf("%q rejected", text[i:j])
			}
		}
	}
	other := store.TextSignature("zebra")
	if sig.Covers(&other) {
		t.Log("zebra passes the signature (a false positive, allowed but unlikely)")
	}
}

func TestMultiValuedDimension(t *testing.T) {
	s := store.New()
	s.Upsert([]tickets.Dimension{{Key: "labels", Name: "Labels", Multi: true}}, []tickets.Ticket{
		{ID: "OPS-1", Dimensions: map[string][]string{"labels": {"db", "api", "db"}}},
		{ID: "OPS-2", Dimensions: map[string][]string{"labels": {"api", "db"}}},
		{ID: "OPS-3"},
	})
	s.Read(func(v *store.View) {
		c := v.Category("labels")
		if !c.Multi {
			t.Fatal("labels is not multi-valued")
		}
		if got := c.RowValues(0); !slices.Equal(got, []string{"api", "db"}) {
			t.Errorf("OPS-1 values %v: want sorted, without the duplicate", got)
		}
		if c.Code(0) != c.Code(1) {
			t.Error("OPS-1 and OPS-2 carry the same values but not the same set")
		}
		if got := c.RowValues(2); len(got) != 0 || c.Value(2) != "" {
			t.Errorf("OPS-3 values %v", got)
		}
		if c.Value(0) != "api, db" {
			t.Errorf("text %q", c.Value(0))
		}
	})
	if f := s.Fields(); !f[len(f)-1].Multi {
		t.Errorf("fields resource does not mark labels multi: %+v", f[len(f)-1])
	}
}

func TestSeveralValuesMakeADimensionMultiValued(t *testing.T) {
	s := store.New()
	s.Upsert(nil, []tickets.Ticket{{ID: "1", Dimensions: map[string][]string{"team": {"sre"}}}})
	s.Upsert(nil, []tickets.Ticket{{ID: "2", Dimensions: map[string][]string{"team": {"sre", "payments"}}}})
	s.Read(func(v *store.View) {
		c := v.Category("team")
		if !c.Multi || !slices.Equal(c.RowValues(0), []string{"sre"}) || !slices.Equal(c.RowValues(1), []string{"payments", "sre"}) {
			t.Errorf("multi %v, rows %v %v", c.Multi, c.RowValues(0), c.RowValues(1))
		}
	})
}

func TestIdentityKeepsAMovedTicket(t *testing.T) {
	s := store.New()
	s.Upsert(nil, []tickets.Ticket{{ID: "OPS-7", SourceID: "10007", Title: "before the move"}})
	s.Upsert(nil, []tickets.Ticket{{ID: "SHOP-1", SourceID: "10007", Title: "after the move"}})
	if s.Len() != 1 {
		t.Fatalf("%d tickets: a moved ticket is the same ticket", s.Len())
	}
	s.Read(func(v *store.View) {
		if v.ID(0) != "SHOP-1" {
			t.Errorf("id %q, want the new key", v.ID(0))
		}
	})
	if n := s.Delete("10007"); n != 1 || s.Len() != 0 {
		t.Errorf("delete by identity removed %d", n)
	}
}

func TestAReopenedTicketHasNoResolvedTime(t *testing.T) {
	s := store.New()
	closedOn := t0
	s.Upsert(nil, []tickets.Ticket{{ID: "1", Closed: false, Resolved: &closedOn}})
	s.Read(func(v *store.View) {
		if r := v.Times(store.KeyResolved)[0]; r != 0 || v.ClosedAt(0) != 0 {
			t.Errorf("an open ticket is resolved at %d", r)
		}
	})
}

func TestExportImportKeepsEveryColumn(t *testing.T) {
	s := store.New()
	closedOn := t0.Add(time.Hour)
	s.Upsert([]tickets.Dimension{{Key: "service", Name: "Service"}, {Key: "labels", Name: "Labels", Multi: true}}, []tickets.Ticket{
		{ID: "OPS-1", SourceID: "10001", Number: 10001, Title: "Cart", Description: "Empty CART", URL: "u1", Severity: "High",
			Status: "Done", Closed: true, Opened: t0, Updated: closedOn, Resolved: &closedOn,
			Dimensions: map[string][]string{"service": {"checkout"}, "labels": {"b", "a"}}},
		{ID: "OPS-2", Title: "Login", Severity: "Low", Status: "Open", Opened: t0, Updated: t0,
			Dimensions: map[string][]string{"labels": {"a"}}},
	})
	s.SetSeverities([]tickets.Severity{{Name: "Low", Rank: 1}, {Name: "High", Rank: 2, Color: "red"}})

	loaded := store.New()
	if err := loaded.Import(s.Export()); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(loaded.Fields(), s.Fields()) || loaded.Len() != 2 || !loaded.MaxUpdated().Equal(s.MaxUpdated()) ||
		!slices.Equal(loaded.Severities(), s.Severities()) {
		t.Fatalf("fields %v, len %d, max %v, severities %v", loaded.Fields(), loaded.Len(), loaded.MaxUpdated(), loaded.Severities())
	}
	loaded.Read(func(v *store.View) {
		lbl := v.Category("labels")
		if v.ID(0) != "OPS-1" || !slices.Equal(lbl.RowValues(0), []string{"a", "b"}) || lbl.Value(1) != "a" ||
			v.Times(store.KeyResolved)[0] != closedOn.UnixMilli() || v.Category(store.KeyState).Value(0) != "closed" {
			t.Errorf("row 0: %v %v %v", v.ID(0), lbl.RowValues(0), v.Times(store.KeyResolved)[0])
		}
		desc, _ := v.Text(store.KeyDescription)
		if desc.At(0) != "Empty CART" || desc.Lower(0, nil) != "empty cart" {
			t.Errorf("description %q, lower-cased %q", desc.At(0), desc.Lower(0, nil))
		}
	})
	// The loaded store goes on as a live one: upserts by identity, new values in the dictionaries.
	loaded.Upsert(nil, []tickets.Ticket{{ID: "SHOP-1", SourceID: "10001", Title: "Moved", Dimensions: map[string][]string{"labels": {"a", "b"}, "service": {"cart"}}}})
	if loaded.Len() != 2 {
		t.Fatalf("a moved ticket became a new one: %d", loaded.Len())
	}
	loaded.Read(func(v *store.View) {
		if v.Category("labels").Value(0) != "a, b" || v.Category("service").Value(0) != "cart" {
			t.Error("upsert after import")
		}
	})
}

func TestImportRefusesAnInconsistentSnapshot(t *testing.T) {
	s := store.New()
	s.Upsert(nil, []tickets.Ticket{{ID: "1", Dimensions: map[string][]string{"service": {"a"}}}})
	c := s.Export()
	c.Titles = c.Titles[:0]
	if err := store.New().Import(c); err == nil || !strings.Contains(err.Error(), "titles") {
		t.Errorf("short column: %v", err)
	}
	c = s.Export()
	c.Dimensions[0].Codes[0] = 99
	if err := store.New().Import(c); err == nil || !strings.Contains(err.Error(), `"service" has a code outside`) {
		t.Errorf("bad code: %v", err)
	}
}

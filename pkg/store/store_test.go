package store_test

import (
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/spacetime/tickets/pkg/store"
	"github.com/spacetime/tickets/pkg/tickets"
)

var t0 = time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)

func ticket(id int64, title string, dims map[string]string) tickets.Ticket {
	return tickets.Ticket{ID: id, Title: title, Severity: "High", Status: "New",
		Opened: t0.Add(time.Duration(id) * time.Minute), Updated: t0.Add(time.Duration(id) * time.Hour), Dimensions: dims}
}

func rowsByID(s *store.Store) map[int64]map[string]string {
	out := map[int64]map[string]string{}
	s.Read(func(v *store.View) {
		titles, _ := v.Text(store.KeyTitle)
		for row, id := range v.IDs() {
			m := map[string]string{"title": titles[row], "state": v.Category(store.KeyState).Value(row)}
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
	if g := got[1]; g["title"] != "One again" || g["service"] != "auth" || g["region"] != "EMEA" || g["state"] != "closed" {
		t.Errorf("ticket 1: %v", g)
	}
	if g := got[2]; g["region"] != "" || g["service"] != "" || g["state"] != "open" {
		t.Errorf("ticket 2: %v", g)
	}
	var keys []string
	for _, f := range s.Fields() {
		keys = append(keys, f.Key+":"+f.Name+":"+f.Type)
	}
	want := []string{"id:ID:number", "title:Title:string", "description:Description:string", "url:URL:string",
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
	if n := s.Delete(2, 6, 99, 2); n != 2 {
		t.Fatalf("deleted %d, want 2", n)
	}
	got := rowsByID(s)
	if len(got) != 4 || s.Len() != 4 {
		t.Fatalf("rows %v", got)
	}
	for _, id := range []int64{1, 3, 4, 5} {
		want := string(rune('0' + id))
		if got[id]["title"] != "T"+want || got[id]["service"] != "s"+want {
			t.Errorf("ticket %d: %v", id, got[id])
		}
	}
	s.Upsert(nil, []tickets.Ticket{ticket(5, "T5b", nil)})
	if got := rowsByID(s); got[5]["title"] != "T5b" || len(got) != 4 {
		t.Errorf("update after delete: %v", got)
	}
	if ids := s.IDsOpenedBetween(t0.Add(3*time.Minute), t0.Add(5*time.Minute)); !slices.Equal(ids, []int64{3, 4, 5}) {
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
				s.Delete(id - 3)
			}
		}
	}()
	go func() {
		defer wg.Done()
		for range 200 {
			s.Read(func(v *store.View) {
				if c := v.Category("k"); c != nil && len(c.Codes) != v.Len() {
					t.Errorf("column length %d, rows %d", len(c.Codes), v.Len())
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

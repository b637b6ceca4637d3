package store_test

import (
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/spacetime/tickets/pkg/store"
	"github.com/spacetime/tickets/pkg/tickets"
)

// textOf reads every text field of every row, by identity.
func textOf(s *store.Store) map[string][4]string {
	out := map[string][4]string{}
	s.Read(func(v *store.View) {
		cols := [4]store.TextColumn{}
		for i, k := range []string{store.KeyID, store.KeyTitle, store.KeyDescription, store.KeyURL} {
			cols[i], _ = v.Text(k)
		}
		for row := range v.Len() {
			var r [4]string
			for i, c := range cols {
				r[i] = c.At(row)
			}
			out[r[0]] = r
		}
	})
	return out
}

func textTicket(id string, n int64, title, desc, url string) tickets.Ticket {
	return tickets.Ticket{ID: id, Number: n, Title: title, Description: desc, URL: url}
}

func TestTextFieldsComeBackExactly(t *testing.T) {
	want := []tickets.Ticket{
		textTicket("42", 42, "Timeout on Checkout", "Payment İstanbul STRAẞE ΟΔΥΣΣΕΥΣ \u212a", "https://r.example/issues/42"),
		textTicket("43", 43, "already lower", "", "https://r.example/issues/43"),
		textTicket("007", 7, "an id that is not its number's decimal form", "x", "https://r.example/issues/007"),
		textTicket("OPS-12", 12, "Jira-like", "bad \xff byte", "https://jira.example/browse/OPS-12"), // another link shape
		textTicket("44", 44, "no link", "", ""),
		textTicket("45", 99, "number differs from id", "", "https://r.example/issues/45?tab=history"),
	}
	s := store.New()
	s.Upsert(nil, want)
	loaded := store.New()
	if err := loaded.Import(s.Export()); err != nil {
		t.Fatal(err)
	}
	for name, st := range map[string]*store.Store{"live": s, "loaded from a snapshot": loaded} {
		got := textOf(st)
		for _, w := range want {
			if g := got[w.ID]; g != [4]string{w.ID, w.Title, w.Description, w.URL} {
				t.Errorf("%s: %q comes back as %q", name, w.ID, g)
			}
		}
	}
}

func TestLowerCasedTextIsWhatSearchReads(t *testing.T) {
	s := store.New()
	s.Upsert(nil, []tickets.Ticket{textTicket("OPS-1", 1, "Disk FULL", "İzmir Datacenter", "")})
	s.Read(func(v *store.View) {
		for key, want := range map[string]string{store.KeyID: "ops-1", store.KeyTitle: "disk full", store.KeyDescription: strings.ToLower("İzmir Datacenter")} {
			col, _ := v.Text(key)
			var buf [8]byte
			if got := col.Lower(0, buf[:]); got != want {
				t.Errorf("%s: lower %q, want %q", key, got, want)
			}
			if !col.LowerMatch(0, func(l string) bool { return l == want }) {
				t.Errorf("%s: LowerMatch does not see %q", key, want)
			}
		}
		desc, _ := v.Text(store.KeyDescription)
		if !desc.AtMatch(0, func(s string) bool { return s == "İzmir Datacenter" }) {
			t.Errorf("AtMatch does not see the original description")
		}
	})
}

// Overwriting every ticket many times leaves most of the text arena dead; it is compacted, and every
// row still reads its own, latest text — also after deletions moved rows around.
func TestRewrittenAndDeletedTicketsKeepTheirText(t *testing.T) {
	s := store.New()
	const n = 2000
	for round := range 12 {
		batch := make([]tickets.Ticket, n)
		for i := range batch {
			id := strconv.Itoa(i + 1)
			batch[i] = textTicket(id, int64(i+1), fmt.Sprintf("Title %d round %d", i, round),
				fmt.Sprintf("Description of %d in round %d with some padding to fill the arena quickly %0200d", i, round, i), "https://r.example/issues/"+id)
		}
		s.Upsert(nil, batch)
	}
	var gone []string
	for i := 1; i <= n; i += 3 {
		gone = append(gone, strconv.Itoa(i))
	}
	if removed := s.Delete(gone...); removed != len(gone) {
		t.Fatalf("removed %d of %d", removed, len(gone))
	}
	got := textOf(s)
	if len(got) != n-len(gone) {
		t.Fatalf("%d tickets left, want %d", len(got), n-len(gone))
	}
	for i := range n {
		id := strconv.Itoa(i + 1)
		r, ok := got[id]
		if i%3 == 0 {
			if ok {
				t.Fatalf("deleted %s is still there", id)
			}
			continue
		}
		want := [4]string{id, fmt.Sprintf("Title %d round 11", i),
			fmt.Sprintf("Description of %d in round 11 with some padding to fill the arena quickly %0200d", i, i), "https://r.example/issues/" + id}
		if r != want {
			t.Fatalf("%s reads %q, want %q", id, r, want)
		}
	}
}

// Strings read from the store stay what they were after the store rewrites its arena.
func TestTextReadBeforeARewriteStaysValid(t *testing.T) {
	s := store.New()
	s.Upsert(nil, []tickets.Ticket{textTicket("1", 1, "First title", "first", "")})
	var title string
	s.Read(func(v *store.View) { col, _ := v.Text(store.KeyTitle); title = col.At(0) })
	for round := range 3000 {
		s.Upsert(nil, []tickets.Ticket{textTicket("1", 1, fmt.Sprintf("Title %d %0500d", round, 0), "", "")})
	}
	if title != "First title" {
		t.Errorf("a string read earlier now reads %q", title)
	}
}

func TestEqualMatchesExactlyTheStoredText(t *testing.T) {
	s := store.New()
	s.Upsert(nil, []tickets.Ticket{
		textTicket("42", 42, "Disk full", "İzmir Datacenter", "https://r.example/issues/42"),
		textTicket("007", 7, "Other", "izmir datacenter", "https://elsewhere.example/7"),
	})
	s.Read(func(v *store.View) {
		for _, c := range []struct {
			key, want string
			rows      [2]bool
		}{
			{store.KeyID, "42", [2]bool{true, false}}, {store.KeyID, "007", [2]bool{false, true}}, {store.KeyID, "7", [2]bool{false, false}},
			{store.KeyTitle, "Disk full", [2]bool{true, false}}, {store.KeyTitle, "disk full", [2]bool{false, false}},
			{store.KeyDescription, "İzmir Datacenter", [2]bool{true, false}}, {store.KeyDescription, "izmir datacenter", [2]bool{false, true}},
			{store.KeyURL, "https://r.example/issues/42", [2]bool{true, false}}, {store.KeyURL, "https://r.example/issues/007", [2]bool{false, false}},
			{store.KeyURL, "https://elsewhere.example/7", [2]bool{false, true}}, {store.KeyURL, "", [2]bool{false, false}},
		} {
			col, _ := v.Text(c.key)
			is := col.Equal(c.want)
			for row := range 2 {
				if is(row) != c.rows[row] || (col.At(row) == c.want) != c.rows[row] {
					t.Errorf("%s = %q on row %d (%q): %v", c.key, c.want, row, col.At(row), is(row))
				}
			}
		}
	})
}

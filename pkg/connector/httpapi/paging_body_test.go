package httpapi

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"sync"
	"testing"
)

// keysetServer holds records 1..n ordered by id; "after" asks for ids above it. Between pages, the test may
// delete records already read, which would shift an offset listing.
type keysetServer struct {
	mu  sync.Mutex
	ids []int
	cap int
}

func (s *keysetServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	after, _ := strconv.Atoi(r.URL.Query().Get("after"))
	limit, _ := strconv.Atoi(r.URL.Query().Get("limit"))
	var rest []int
	for _, id := range s.ids {
		if id > after {
			rest = append(rest, id)
		}
	}
	w.Header().Set("X-Total-Count", strconv.Itoa(len(rest)))
	page := rest[:min(len(rest), limit, s.cap)]
	_ = json.NewEncoder(w).Encode(map[string]any{"items": page})
}

func TestKeysetSkipsNothingWhileRowsAreDeleted(t *testing.T) {
	srv := &keysetServer{cap: 40}
	for i := 1; i <= 250; i++ {
		srv.ids = append(srv.ids, i)
	}
	c := newTestClient(t, srv.ServeHTTP)
	var got []int
	requests := 0
	p := &Keyset{Limit: 50, Set: func(req *Request, after string) {
		if after != "" {
			req.Query.Set("after", after)
		}
	}}
	err := c.Walk(context.Background(), Request{Path: "/items"}, p, func(r *Response) (PageInfo, error) {
		requests++
		var body struct{ Items []int }
		if err := json.Unmarshal(r.Body, &body); err != nil {
			return PageInfo{}, err
		}
		got = append(got, body.Items...)
		srv.mu.Lock()
		srv.ids = slices.DeleteFunc(srv.ids, func(id int) bool { return id <= 10*requests }) // rows already read go
		srv.mu.Unlock()
		total, _ := strconv.Atoi(r.Header.Get("X-Total-Count"))
		next := ""
		if len(body.Items) > 0 {
			next = strconv.Itoa(body.Items[len(body.Items)-1])
		}
		return PageInfo{Items: len(body.Items), Total: total, Next: next}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 250 || got[0] != 1 || got[249] != 250 {
		t.Fatalf("got %d records (%v…), want 1..250", len(got), got[:min(5, len(got))])
	}
	// 250 records at the server's cap of 40: 7 pages, the last one known to be last from X-Total-Count.
	if requests != 7 {
		t.Errorf("%d requests, want 7 (no empty last page)", requests)
	}
}

func TestNextURLFollowsTheBodyAndStaysOnTheSite(t *testing.T) {
	var base string
	h := func(w http.ResponseWriter, r *http.Request) {
		page, _ := strconv.Atoi(r.URL.Query().Get("p"))
		next := ""
		switch page {
		case 0:
			next = "/items?p=1" // relative
		case 1:
			next = base + "/items?p=2" // absolute
		case 2:
			next = "https://elsewhere.example.com/items?p=3"
		}
		_ = json.NewEncoder(w).Encode(map[string]any{"items": []int{page}, "next": next})
	}
	c := newTestClient(t, h)
	base = c.srv.URL
	var got []int
	err := c.Walk(context.Background(), Request{Path: "/items"}, &NextURL{}, func(r *Response) (PageInfo, error) {
		var body struct {
			Items []int
			Next  string
		}
		_ = json.Unmarshal(r.Body, &body)
		got = append(got, body.Items...)
		return PageInfo{Items: len(body.Items), Next: body.Next}, nil
	})
	if !slices.Equal(got, []int{0, 1, 2}) {
		t.Fatalf("pages %v, want 0 1 2", got)
	}
	if err == nil || err.Error() != fmt.Sprintf("Tracker at %s sent a next-page link to another site: check the URL.", base) {
		t.Errorf("a next URL to another site: %v", err)
	}
}

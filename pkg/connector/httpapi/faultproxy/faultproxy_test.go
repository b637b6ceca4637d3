package faultproxy

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

// Each fault looks to a client as it would from a real network or proxy.
func TestEachFaultAsAClientSeesIt(t *testing.T) {
	backend := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"issues":[{"id":1},{"id":2}],"total_count":2}`))
	})
	for _, f := range AllFaults {
		t.Run(string(f), func(t *testing.T) {
			in := Wrap(backend, 1, 1)
			in.SetFaults(f)
			in.StallFor = 50 * time.Millisecond
			srv := httptest.NewServer(in)
			defer srv.Close()
			began := time.Now()
			resp, err := http.Get(srv.URL + "/issues.json")
			if f == Dropped {
				if err == nil {
					t.Fatalf("got %s, want a broken connection", resp.Status)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			b, _ := io.ReadAll(resp.Body)
			validJSON := json.Valid(b)
			switch f {
			case Status500, Status503:
				if resp.StatusCode < 500 {
					t.Fatalf("status %s", resp.Status)
				}
			case RateLimit429:
				if resp.StatusCode != 429 || resp.Header.Get("Retry-After") != "1" {
					t.Fatalf("status %s, Retry-After %q", resp.Status, resp.Header.Get("Retry-After"))
				}
			case HTMLPage:
				if resp.StatusCode != 200 || validJSON || resp.Header.Get("Content-Type") != "text/html; charset=utf-8" {
					t.Fatalf("%s %s %s", resp.Status, resp.Header.Get("Content-Type"), b)
				}
			case TruncatedJSON:
				if resp.StatusCode != 200 || validJSON || len(b) == 0 || resp.Header.Get("Content-Type") != "application/json" {
					t.Fatalf("%s %q", resp.Status, b)
				}
			case Stall:
				if !validJSON || time.Since(began) < 50*time.Millisecond {
					t.Fatalf("answered %q after %v", b, time.Since(began))
				}
			}
			if st := in.Stats(); st.Requests != 1 || st.Injected[f] != 1 {
				t.Fatalf("stats %v", st)
			}
		})
	}
}

func TestTheShareOfFaultsIsTheRateAndEveryKindTakesItsTurn(t *testing.T) {
	in := Wrap(http.NotFoundHandler(), 0.3, 7)
	in.SetFaults(Status500, Status503, HTMLPage)
	srv := httptest.NewServer(in)
	defer srv.Close()
	for i := 0; i < 1000; i++ {
		resp, err := http.Get(srv.URL)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	if n := in.Stats().Faults(); n != 300 {
		t.Fatalf("%d faults in 1000 requests at 30 %%", n)
	}
	for f, n := range in.Stats().Injected {
		if n != 100 {
			t.Errorf("%s: %d times, want 100", f, n)
		}
	}
	// Exact in every block of 20 requests.
	in = Wrap(http.NotFoundHandler(), 0.3, 9)
	for b := 0; b < 5; b++ {
		n := 0
		for i := 0; i < 20; i++ {
			if _, fail := in.draw(); fail {
				n++
			}
		}
		if n != 6 {
			t.Fatalf("block %d: %d faults in 20 requests, want 6", b, n)
		}
	}
}

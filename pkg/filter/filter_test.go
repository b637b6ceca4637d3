package filter_test

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/spacetime/tickets/pkg/filter"
)

func TestParseSearch(t *testing.T) {
	known := func(k string) (string, bool) { return k, k == "title" || k == "service" }
	tests := map[string][]filter.Term{
		`  Checkout   502 `:    {{Text: "checkout"}, {Text: "502"}},
		`"Bad Gateway" x`:      {{Text: "bad gateway"}, {Text: "x"}},
		`Title:"Disk full"`:    {{Field: "title", Text: "disk full"}},
		`trace: service:Check`: {{Text: "trace:"}, {Field: "service", Text: "check"}},
		`"a:b"`:                {{Text: "a:b"}},
		`"unterminated phrase`: {{Text: "unterminated phrase"}},
		`""`:                   nil,
		`title:`:               {{Field: "title", Text: ""}},
	}
	for in, want := range tests {
		if got := filter.ParseSearch(in, known); !reflect.DeepEqual(got, want) {
			t.Errorf("%q: got %#v, want %#v", in, got, want)
		}
	}
}

func TestRequiredLiterals(t *testing.T) {
	tests := map[string][]string{
		`.*disk full.*`:      {"disk full"},
		`(?i).*Disk.*FULL.*`: {"lower:di", "lower:k", "lower:full"}, // cut at s: the long s folds to s
		`(?i).*classic.*`:    {"lower:cla", "lower:ic"},
		`EMEA|US`:            nil,
		`[a-z]+`:             nil,
		`(db-)+[0-9]`:        {"db-"},
		`(x)?y*`:             nil,
	}
	for pattern, want := range tests {
		if got := filter.RequiredLiterals(pattern); !reflect.DeepEqual(got, want) {
			t.Errorf("%q: got %q, want %q", pattern, got, want)
		}
	}
}

func TestNodeJSONRoundTrip(t *testing.T) {
	in := `{"op":"or","filters":[{"key":"id","operator":">","value":9},{"filters":[]},{"key":"service","operator":"=|","values":["a","b"]}]}`
	var n filter.Node
	if err := json.Unmarshal([]byte(in), &n); err != nil {
		t.Fatal(err)
	}
	if !n.IsGroup() || n.Filters[0].Value != "9" || !n.Filters[1].IsGroup() || n.Filters[1].Op != "" {
		t.Fatalf("%+v", n)
	}
	out, _ := json.Marshal(n)
	want := `{"op":"or","filters":[{"key":"id","operator":"\u003e","value":"9"},{"filters":[]},{"key":"service","operator":"=|","values":["a","b"]}]}`
	if string(out) != want {
		t.Fatalf("got %s", out)
	}
	if err := json.Unmarshal([]byte(`{"key":"a","operator":"=","value":{"x":1}}`), &n); err == nil {
		t.Fatal("an object value must be an error")
	}
}

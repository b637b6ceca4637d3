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

func TestRequiredLiteral(t *testing.T) {
	tests := []struct {
		pattern string
		want    string
		lower   bool
	}{
		{`.*disk full.*`, "disk full", false},
		{`(?i).*Timeout.*`, "timeout", true},
		{`(?i).*classic.*`, "cla", true}, // the long s folds to s, so the hint stops at s
		{`EMEA|US`, "", false},
		{`[a-z]+`, "", false},
		{`(db-)+[0-9]`, "db-", false},
	}
	for _, tt := range tests {
		got, lower := filter.RequiredLiteral(tt.pattern)
		if got != tt.want || (got != "" && lower != tt.lower) {
			t.Errorf("%q: got %q lower=%v, want %q lower=%v", tt.pattern, got, lower, tt.want, tt.lower)
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

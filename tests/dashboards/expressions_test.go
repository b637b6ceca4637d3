package dashboards

import (
	"reflect"
	"testing"

	"github.com/grafana/grafana-plugin-sdk-go/data"
)

func set(pairs ...any) Numbers {
	ns := Numbers{}
	for i := 0; i < len(pairs); i += 2 {
		ns.add(data.Labels{"service": pairs[i].(string)}, pairs[i+1].(float64))
	}
	return ns
}

func TestMathJoinsNumberSetsByLabels(t *testing.T) {
	vars := map[string]Numbers{
		"A": set("checkout", 200.0, "search", 10.0, "auth", 30.0, "new", 40.0),
		"B": set("checkout", 50.0, "search", 2.0, "auth", 100.0),
	}
	out, err := Math("$A * 4 > 3 * $B && $A >= 15", vars)
	if err != nil {
		t.Fatal(err)
	}
	// checkout: 800 > 150 and 200 >= 15; search: 40 > 6 but 10 < 15; auth: 120 < 300; "new" has no partner in B.
	if got, want := Firing(out), []string{`service=checkout`}; !reflect.DeepEqual(got, want) {
		t.Errorf("firing %v, want %v", got, want)
	}
	if len(out) != 3 {
		t.Errorf("%d results, want 3 (the item without a partner is dropped)", len(out))
	}
}

func TestMathPrecedenceAndParentheses(t *testing.T) {
	for expr, want := range map[string]float64{"1 + 2 * 3": 7, "(1 + 2) * 3": 9, "2 > 1 && 1 > 2 || 3 >= 3": 1, "10 / 4 - 1": 1.5} {
		out, err := Math(expr, nil)
		if err != nil {
			t.Fatalf("%s: %v", expr, err)
		}
		if got := out[data.Labels{}.String()].Value; got != want {
			t.Errorf("%s = %v, want %v", expr, got, want)
		}
	}
	for _, bad := range []string{"$A > 1", "1 +", "(1", "1 ? 2"} {
		if _, err := Math(bad, nil); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
}

func TestFramesToNumbersAcceptsOnlyNumberSets(t *testing.T) {
	long := data.NewFrame("", data.NewField("service", nil, []string{"checkout", "search"}), data.NewField("count", nil, []int64{5, 2}))
	long.Meta = &data.FrameMeta{Type: data.FrameTypeNumericLong}
	ns, err := FramesToNumbers(data.Frames{long})
	if err != nil || ns[data.Labels{"service": "checkout"}.String()].Value != 5 || len(ns) != 2 {
		t.Errorf("numeric-long: %v, %v", ns, err)
	}
	wide := data.NewFrame("", data.NewField("opened", nil, []float64{7}))
	wide.Meta = &data.FrameMeta{Type: data.FrameTypeNumericWide}
	if ns, err := FramesToNumbers(data.Frames{wide}); err != nil || ns[data.Labels{}.String()].Value != 7 {
		t.Errorf("numeric-wide: %v, %v", ns, err)
	}
	untyped := data.NewFrame("", data.NewField("count", nil, []int64{1}))
	if _, err := FramesToNumbers(data.Frames{untyped}); err == nil {
		t.Error("a frame without a dataplane type was accepted")
	}
	twoNumbers := data.NewFrame("", data.NewField("service", nil, []string{"a"}), data.NewField("x", nil, []int64{1}), data.NewField("y", nil, []int64{1}))
	twoNumbers.Meta = &data.FrameMeta{Type: data.FrameTypeNumericLong}
	if _, err := FramesToNumbers(data.Frames{twoNumbers}); err == nil {
		t.Error("a numeric-long frame with two numeric fields was accepted")
	}
}

func TestThreshold(t *testing.T) {
	out, err := Threshold(set("a", 121.0, "b", 120.0), "gt", []float64{120})
	if err != nil || !reflect.DeepEqual(Firing(out), []string{"service=a"}) {
		t.Errorf("gt 120: %v, %v", Firing(out), err)
	}
	if _, err := Threshold(set("a", 1.0), "within_range", []float64{0, 2}); err == nil {
		t.Error("an unsupported evaluator was accepted")
	}
}

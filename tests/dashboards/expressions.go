package dashboards

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"github.com/grafana/grafana-plugin-sdk-go/data"
)

// Number is one labelled value, as Grafana's server-side expressions hold a "number set".
type Number struct {
	Labels data.Labels
	Value  float64
}

// Numbers is a number set keyed by its labels' text.
type Numbers map[string]Number

func (ns Numbers) add(labels data.Labels, v float64) {
	if labels == nil {
		labels = data.Labels{}
	}
	ns[labels.String()] = Number{Labels: labels, Value: v}
}

// FramesToNumbers converts a query's frames the way Grafana alerting does for frames without a time field
// (pkg/expr/converter.go): dataplane numeric-wide (one number per numeric field, with its labels) and
// numeric-long (one number per row, labelled by the row's string fields). Anything else is an error, as it
// would be in Grafana when the rule expects numbers.
func FramesToNumbers(frames data.Frames) (Numbers, error) {
	out := Numbers{}
	for _, f := range frames {
		if f.Meta == nil {
			return nil, fmt.Errorf("frame %q has no dataplane type: alerting would not read it as numbers", f.Name)
		}
		switch f.Meta.Type {
		case data.FrameTypeNumericWide:
			if f.Rows() > 1 {
				return nil, fmt.Errorf("numeric-wide frame with %d rows", f.Rows())
			}
			for _, fld := range f.Fields {
				if !fld.Type().Numeric() {
					return nil, fmt.Errorf("numeric-wide frame has a %s field %q", fld.Type(), fld.Name)
				}
				if f.Rows() == 1 {
					v, _ := fld.FloatAt(0)
					out.add(fld.Labels, v)
				}
			}
		case data.FrameTypeNumericLong:
			var value *data.Field
			var labelFields []*data.Field
			for _, fld := range f.Fields {
				switch {
				case fld.Type().Numeric() && value == nil:
					value = fld
				case fld.Type().Numeric():
					return nil, fmt.Errorf("numeric-long frame has two numeric fields (%s, %s)", value.Name, fld.Name)
				case fld.Type() == data.FieldTypeString || fld.Type() == data.FieldTypeNullableString:
					labelFields = append(labelFields, fld)
				default:
					return nil, fmt.Errorf("numeric-long frame has a %s field %q", fld.Type(), fld.Name)
				}
			}
			if value == nil {
				return nil, fmt.Errorf("numeric-long frame has no numeric field")
			}
			for i := 0; i < f.Rows(); i++ {
				labels := data.Labels{}
				for _, lf := range labelFields {
					s, _ := lf.ConcreteAt(i)
					labels[lf.Name], _ = s.(string)
				}
				v, _ := value.FloatAt(i)
				if _, dup := out[labels.String()]; dup {
					return nil, fmt.Errorf("numeric-long frame: two rows with labels %s", labels)
				}
				out.add(labels, v)
			}
		default:
			return nil, fmt.Errorf("frame type %q is not a number set", f.Meta.Type)
		}
	}
	return out, nil
}

// Threshold is Grafana's threshold expression for the evaluator types the rules use.
func Threshold(in Numbers, evaluator string, params []float64) (Numbers, error) {
	if len(params) == 0 {
		return nil, fmt.Errorf("threshold %s has no parameter", evaluator)
	}
	out := Numbers{}
	for _, n := range in {
		var ok bool
		switch evaluator {
		case "gt":
			ok = n.Value > params[0]
		case "lt":
			ok = n.Value < params[0]
		case "gte":
			ok = n.Value >= params[0]
		case "lte":
			ok = n.Value <= params[0]
		default:
			return nil, fmt.Errorf("threshold evaluator %q is not supported by this stand-in", evaluator)
		}
		out.add(n.Labels, boolValue(ok))
	}
	return out, nil
}

func boolValue(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// Math evaluates a math expression over number sets: $refs, numbers, + - * /, comparisons, && and ||.
// Two sets combine item by item where their labels are equal (items without a partner are dropped, as in
// Grafana); a plain number combines with every item.
func Math(expression string, vars map[string]Numbers) (Numbers, error) {
	p := &mathParser{vars: vars}
	if err := p.tokenize(expression); err != nil {
		return nil, err
	}
	v, err := p.parse(0)
	if err != nil {
		return nil, err
	}
	if p.pos != len(p.tokens) {
		return nil, fmt.Errorf("math %q: unexpected %q", expression, p.tokens[p.pos])
	}
	if v.scalar != nil {
		out := Numbers{}
		out.add(nil, *v.scalar)
		return out, nil
	}
	return v.set, nil
}

type mathValue struct {
	scalar *float64
	set    Numbers
}

type mathParser struct {
	tokens []string
	pos    int
	vars   map[string]Numbers
}

var precedence = map[string]int{"||": 1, "&&": 2, ">": 3, "<": 3, ">=": 3, "<=": 3, "==": 3, "!=": 3, "+": 4, "-": 4, "*": 5, "/": 5}

func (p *mathParser) tokenize(s string) error {
	for i := 0; i < len(s); {
		c := rune(s[i])
		switch {
		case unicode.IsSpace(c):
			i++
		case c == '$':
			j := i + 1
			for j < len(s) && (unicode.IsLetter(rune(s[j])) || unicode.IsDigit(rune(s[j])) || s[j] == '_') {
				j++
			}
			p.tokens = append(p.tokens, s[i:j])
			i = j
		case unicode.IsDigit(c) || c == '.':
			j := i
			for j < len(s) && (unicode.IsDigit(rune(s[j])) || s[j] == '.') {
				j++
			}
			p.tokens = append(p.tokens, s[i:j])
			i = j
		case strings.ContainsRune("()+-*/", c):
			p.tokens = append(p.tokens, string(c))
			i++
		default:
			if i+1 < len(s) && precedence[s[i:i+2]] > 0 {
				p.tokens = append(p.tokens, s[i:i+2])
				i += 2
			} else if precedence[string(c)] > 0 {
				p.tokens = append(p.tokens, string(c))
				i++
			} else {
				return fmt.Errorf("math %q: unexpected character %q", s, c)
			}
		}
	}
	return nil
}

func (p *mathParser) parse(minPrec int) (mathValue, error) {
	left, err := p.operand()
	if err != nil {
		return mathValue{}, err
	}
	for p.pos < len(p.tokens) {
		op := p.tokens[p.pos]
		prec := precedence[op]
		if prec == 0 || prec <= minPrec {
			break
		}
		p.pos++
		right, err := p.parse(prec)
		if err != nil {
			return mathValue{}, err
		}
		left = combine(op, left, right)
	}
	return left, nil
}

func (p *mathParser) operand() (mathValue, error) {
	if p.pos >= len(p.tokens) {
		return mathValue{}, fmt.Errorf("math: expression ends early")
	}
	t := p.tokens[p.pos]
	p.pos++
	switch {
	case t == "(":
		v, err := p.parse(0)
		if err != nil {
			return v, err
		}
		if p.pos >= len(p.tokens) || p.tokens[p.pos] != ")" {
			return v, fmt.Errorf("math: missing )")
		}
		p.pos++
		return v, nil
	case strings.HasPrefix(t, "$"):
		set, ok := p.vars[t[1:]]
		if !ok {
			return mathValue{}, fmt.Errorf("math: no query or expression %s", t)
		}
		return mathValue{set: set}, nil
	default:
		f, err := strconv.ParseFloat(t, 64)
		if err != nil {
			return mathValue{}, fmt.Errorf("math: %q is not a number", t)
		}
		return mathValue{scalar: &f}, nil
	}
}

func combine(op string, a, b mathValue) mathValue {
	apply := func(x, y float64) float64 {
		switch op {
		case "+":
			return x + y
		case "-":
			return x - y
		case "*":
			return x * y
		case "/":
			return x / y
		case ">":
			return boolValue(x > y)
		case "<":
			return boolValue(x < y)
		case ">=":
			return boolValue(x >= y)
		case "<=":
			return boolValue(x <= y)
		case "==":
			return boolValue(x == y)
		case "!=":
			return boolValue(x != y)
		case "&&":
			return boolValue(x != 0 && y != 0)
		default: // "||"
			return boolValue(x != 0 || y != 0)
		}
	}
	switch {
	case a.scalar != nil && b.scalar != nil:
		v := apply(*a.scalar, *b.scalar)
		return mathValue{scalar: &v}
	case a.scalar != nil:
		out := Numbers{}
		for _, n := range b.set {
			out.add(n.Labels, apply(*a.scalar, n.Value))
		}
		return mathValue{set: out}
	case b.scalar != nil:
		out := Numbers{}
		for _, n := range a.set {
			out.add(n.Labels, apply(n.Value, *b.scalar))
		}
		return mathValue{set: out}
	}
	out := Numbers{}
	for k, n := range a.set {
		if m, ok := b.set[k]; ok {
			out.add(n.Labels, apply(n.Value, m.Value))
		}
	}
	return mathValue{set: out}
}

// Firing lists the label sets whose condition value is non-zero, sorted.
func Firing(ns Numbers) []string {
	var out []string
	for k, n := range ns {
		if n.Value != 0 {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

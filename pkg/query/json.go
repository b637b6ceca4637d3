package query

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/spacetime/tickets/pkg/filter"
)

// object is the query JSON split by key, so each value's error can name its key. Unknown keys are
// ignored: Grafana adds its own (refId, datasource, intervalMs, maxDataPoints...).
type object map[string]json.RawMessage

func readObject(raw json.RawMessage) (object, error) {
	o := object{}
	if len(bytes.TrimSpace(raw)) == 0 {
		return o, nil
	}
	if err := json.NewDecoder(bytes.NewReader(raw)).Decode(&o); err != nil {
		return nil, fmt.Errorf("the query JSON is malformed: %s", describeJSONError(err))
	}
	return o, nil
}

// unset reports an absent key, a null, or an empty string.
func (o object) unset(key string) bool {
	v := strings.TrimSpace(string(o[key]))
	return v == "" || v == "null" || v == `""`
}

func (o object) text(key string) (string, error) {
	if o.unset(key) {
		return "", nil
	}
	var s string
	if err := json.Unmarshal(o[key], &s); err != nil {
		return "", fmt.Errorf("%s must be a string, got %s", key, o[key])
	}
	return s, nil
}

func (o object) oneOf(key string, allowed []string, def string) (string, error) {
	s, err := o.text(key)
	if err != nil || s == "" {
		return def, err
	}
	if !slices.Contains(allowed, s) {
		return "", fmt.Errorf("%s must be one of %s, got %q", key, strings.Join(allowed, ", "), s)
	}
	return s, nil
}

// stringList reads a list of strings; a single string is split at commas (a multi-value template
// variable may arrive that way).
func (o object) stringList(key string) ([]string, error) {
	if o.unset(key) {
		return nil, nil
	}
	var list []string
	if err := json.Unmarshal(o[key], &list); err == nil {
		return nonEmpty(list), nil
	}
	var s string
	if err := json.Unmarshal(o[key], &s); err == nil {
		return nonEmpty(strings.Split(s, ",")), nil
	}
	return nil, fmt.Errorf("%s must be a list of strings, got %s", key, o[key])
}

func nonEmpty(list []string) []string {
	out := make([]string, 0, len(list))
	for _, s := range list {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

func (o object) count(key string) (int, error) {
	n, _, err := wholeNumber(key, o[key])
	if err == nil && n < 0 {
		err = fmt.Errorf("%s must not be negative, got %d", key, n)
	}
	return int(n), err
}

func (o object) filterNode(key string) (*filter.Node, error) {
	if o.unset(key) || strings.TrimSpace(string(o[key])) == "{}" {
		return nil, nil
	}
	var n filter.Node
	if err := json.Unmarshal(o[key], &n); err != nil {
		return nil, fmt.Errorf("%s must be a filter ({\"key\", \"operator\", \"value\"} or {\"op\", \"filters\": [...]}): %s", key, describeJSONError(err))
	}
	return &n, nil
}

func (o object) conditions(key string) ([]filter.Condition, error) {
	if o.unset(key) {
		return nil, nil
	}
	var cs []filter.Condition
	if err := json.Unmarshal(o[key], &cs); err != nil {
		return nil, fmt.Errorf("%s must be a list of conditions ({\"key\", \"operator\", \"value\"}): %s", key, describeJSONError(err))
	}
	return cs, nil
}

func (o object) sort(key string) ([]SortKey, error) {
	if o.unset(key) {
		return []SortKey{{Field: TimeUpdated, Desc: true}}, nil
	}
	var keys []SortKey
	if err := json.Unmarshal(o[key], &keys); err != nil {
		return nil, fmt.Errorf("%s must be a list of {\"field\", \"desc\"}: %s", key, describeJSONError(err))
	}
	for i, k := range keys {
		if k.Field == "" {
			return nil, fmt.Errorf("%s[%d] has no field", key, i)
		}
	}
	return keys, nil
}

var durationText = regexp.MustCompile(`^([0-9]+)(ms|s|m|h|d|w)$`)

var durationUnits = map[string]time.Duration{
	"ms": time.Millisecond, "s": time.Second, "m": time.Minute, "h": time.Hour, "d": 24 * time.Hour, "w": 7 * 24 * time.Hour,
}

// bucket reads "auto" (0) or a duration such as 5m, 1h, 1d.
func (o object) bucket(key string) (time.Duration, error) {
	s, err := o.text(key)
	if err != nil || s == "" || s == "auto" {
		return 0, err
	}
	m := durationText.FindStringSubmatch(strings.TrimSpace(s))
	var d time.Duration
	if m != nil {
		n, _ := strconv.ParseInt(m[1], 10, 64)
		d = time.Duration(n) * durationUnits[m[2]]
	}
	if d < time.Second {
		return 0, fmt.Errorf("%s must be \"auto\" or a duration of at least 1s such as 1m, 5m, 1h, 1d, got %q", key, s)
	}
	return d, nil
}

// wholeNumber reads an integer given as a JSON number or a numeric string (template variables arrive as
// strings); null, "" and absence mean unset.
func wholeNumber(name string, raw json.RawMessage) (int64, bool, error) {
	v := strings.TrimSpace(string(raw))
	if v == "" || v == "null" || v == `""` {
		return 0, false, nil
	}
	if strings.HasPrefix(v, `"`) {
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return 0, false, fmt.Errorf("%s must be a whole number, got %s", name, v)
		}
		v = strings.TrimSpace(s)
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return 0, false, fmt.Errorf("%s must be a whole number, got %s", name, strconv.Quote(v))
	}
	return n, true, nil
}

func describeJSONError(err error) string {
	switch e := err.(type) {
	case *json.SyntaxError:
		return fmt.Sprintf("%v (at byte %d)", e, e.Offset)
	case *json.UnmarshalTypeError:
		if e.Field == "" {
			return fmt.Sprintf("expected a JSON object, got a JSON %s", e.Value)
		}
		return fmt.Sprintf("field %q must be a %s, got a JSON %s", e.Field, e.Type.String(), e.Value)
	default:
		return err.Error()
	}
}

func contains(list []string, s string) bool { return slices.Contains(list, s) }

func quoteList(list []string) string {
	q := make([]string, len(list))
	for i, s := range list {
		q[i] = strconv.Quote(s)
	}
	return strings.Join(q, ", ")
}

package frames

import (
	"github.com/grafana/grafana-plugin-sdk-go/data"
)

// Field names of contrast frames.
const (
	FieldContrastName = "name"
	FieldLikely       = "likely"
)

// ContrastRow is one over-represented value (one key) or pair (two keys) and its numbers by name.
type ContrastRow struct {
	Name         string
	Keys, Values []string
	// Filters is the URL query text that adds the values to the dashboard's ad hoc filters.
	Filters string
	Numbers map[string]float64
}

var contrastDisplay = map[string]struct{ name, unit string }{
	"count":    {"Tickets", "none"},
	"expected": {"Expected", "none"},
	"lift":     {"Lift", "suffix:×"},
	"excess":   {"Excess", "none"},
	"score":    {"Score (G)", "none"},
}

// Contrast builds a dataplane numeric-long frame: the value's name ("service=checkout ∧ region=EMEA"), the
// first and second key and value (field2/value2 empty for a single value), the URL text of its ad hoc filters
// (for the panel's data link), then one number field per name.
// Alert rules read each row as numbers labelled by the strings.
func Contrast(rows []ContrastRow, numbers []string) *data.Frame {
	frame := data.NewFrame("")
	frame.Meta = &data.FrameMeta{Type: data.FrameTypeNumericLong, TypeVersion: data.FrameTypeVersion{0, 1}}
	text := func(name, display string, at func(ContrastRow) string) {
		values := make([]string, len(rows))
		for i, r := range rows {
			values[i] = at(r)
		}
		frame.Fields = append(frame.Fields, withConfig(data.NewField(name, nil, values), display, nil))
	}
	part := func(r ContrastRow, list []string, i int) string {
		if i < len(list) {
			return list[i]
		}
		return ""
	}
	text(FieldContrastName, "What changed", func(r ContrastRow) string { return r.Name })
	text("field", "Field", func(r ContrastRow) string { return part(r, r.Keys, 0) })
	text("value", "Value", func(r ContrastRow) string { return part(r, r.Values, 0) })
	text("field2", "Field 2", func(r ContrastRow) string { return part(r, r.Keys, 1) })
	text("value2", "Value 2", func(r ContrastRow) string { return part(r, r.Values, 1) })
	text("filters", "Filter link", func(r ContrastRow) string { return r.Filters })
	for _, n := range numbers {
		values := make([]float64, len(rows))
		for i, r := range rows {
			values[i] = r.Numbers[n]
		}
		f := data.NewField(n, nil, values)
		d := contrastDisplay[n]
		f.Config = &data.FieldConfig{DisplayNameFromDS: d.name, Unit: d.unit}
		if n == "lift" || n == "score" || n == "expected" {
			f.Config.Decimals = ptrUint16(1)
		} else {
			f.Config.Decimals = ptrUint16(0) // tickets
		}
		frame.Fields = append(frame.Fields, f)
	}
	return frame
}

// ContrastSummary is a single-row numeric-wide frame: one "lift" number labelled likely="…".
func ContrastSummary(lift float64, likely string) *data.Frame {
	frame := data.NewFrame("")
	frame.Meta = &data.FrameMeta{Type: data.FrameTypeNumericWide, TypeVersion: data.FrameTypeVersion{0, 1}}
	f := data.NewField("lift", data.Labels{FieldLikely: likely}, []float64{lift})
	f.Config = &data.FieldConfig{DisplayNameFromDS: "Top lift", Unit: "suffix:×"}
	frame.Fields = append(frame.Fields, f)
	return frame
}

func ptrUint16(n uint16) *uint16 { return &n }

package frames

import (
	"github.com/grafana/grafana-plugin-sdk-go/data"
)

// FieldCount is the name of the number field of breakdown frames.
const FieldCount = "count"

// GroupKey names one field a breakdown groups by.
type GroupKey struct {
	Key  string
	Name string
}

// GroupCount is one group of a breakdown: its value per GroupKey and its count. Median, when Fractional, is
// written instead of Count (a seasonal normal is a median of counts, possibly halfway between two).
type GroupCount struct {
	Values      []string
	DisplayName string
	Count       int64
	Median      float64
}

// FieldSeasonal is the number field of seasonal breakdown frames.
const FieldSeasonal = "seasonal"

// NumericLong builds a dataplane numeric-long frame: one string field per key, one count field, one row
// per group (Grafana alerting reads each row as a labelled number).
func NumericLong(keys []GroupKey, groups []GroupCount) *data.Frame {
	return numericLong(keys, groups, false)
}

// NumericLongMedians is NumericLong with each group's Median in a "seasonal" field.
func NumericLongMedians(keys []GroupKey, groups []GroupCount) *data.Frame {
	return numericLong(keys, groups, true)
}

func numericLong(keys []GroupKey, groups []GroupCount, medians bool) *data.Frame {
	frame := data.NewFrame("")
	frame.Meta = &data.FrameMeta{Type: data.FrameTypeNumericLong, TypeVersion: data.FrameTypeVersion{0, 1}}
	for k, key := range keys {
		values := make([]string, len(groups))
		for i, g := range groups {
			values[i] = g.Values[k]
		}
		frame.Fields = append(frame.Fields, withConfig(data.NewField(key.Key, nil, values), key.Name, nil))
	}
	if medians {
		values := make([]float64, len(groups))
		for i, g := range groups {
			values[i] = g.Median
		}
		frame.Fields = append(frame.Fields, withConfig(data.NewField(FieldSeasonal, nil, values), "Normal for this time", nil))
		return frame
	}
	counts := make([]int64, len(groups))
	for i, g := range groups {
		counts[i] = g.Count
	}
	frame.Fields = append(frame.Fields, withConfig(data.NewField(FieldCount, nil, counts), "Count", nil))
	return frame
}

// NumericWide builds a dataplane numeric-wide frame with one row: one count field per group, labelled
// with the group's values.
func NumericWide(keys []GroupKey, groups []GroupCount) *data.Frame {
	frame := data.NewFrame("")
	frame.Meta = &data.FrameMeta{Type: data.FrameTypeNumericWide, TypeVersion: data.FrameTypeVersion{0, 1}}
	for _, g := range groups {
		labels := data.Labels{}
		for k, key := range keys {
			labels[key.Key] = g.Values[k]
		}
		frame.Fields = append(frame.Fields, withConfig(data.NewField(FieldCount, labels, []int64{g.Count}), g.DisplayName, nil))
	}
	return frame
}

// Number is one field of a single-row numeric-wide frame; a nil Value is null.
type Number struct {
	Name        string
	DisplayName string
	Unit        string
	Value       *float64
}

// Numbers builds a single-row dataplane numeric-wide frame, one field per number (distinct names).
func Numbers(numbers []Number) *data.Frame {
	frame := data.NewFrame("")
	frame.Meta = &data.FrameMeta{Type: data.FrameTypeNumericWide, TypeVersion: data.FrameTypeVersion{0, 1}}
	for _, n := range numbers {
		f := data.NewField(n.Name, nil, []*float64{n.Value})
		f.Config = &data.FieldConfig{DisplayNameFromDS: n.DisplayName, Unit: n.Unit}
		frame.Fields = append(frame.Fields, f)
	}
	return frame
}

package frames

import (
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"
)

// FieldTime is the name of the time field of time series frames.
const FieldTime = "time"

// Series is one labelled series of a wide time series frame.
type Series struct {
	Labels      data.Labels
	DisplayName string
	// Color is a Grafana colour name for the series ("" leaves it to the panel's palette).
	Color  string
	Values []float64
}

// TimeseriesWide builds a dataplane timeseries-wide frame: one time field (step apart) and one number
// field per series, all named valueName and told apart by their labels, as Grafana alerting requires.
// With no series the frame has no fields: the dataplane's empty response.
func TimeseriesWide(times []time.Time, step time.Duration, valueName, unit string, series []Series) *data.Frame {
	frame := data.NewFrame("")
	frame.Meta = &data.FrameMeta{Type: data.FrameTypeTimeSeriesWide, TypeVersion: data.FrameTypeVersion{0, 1}}
	if len(series) == 0 {
		return frame
	}
	tf := data.NewField(FieldTime, nil, times)
	tf.Config = &data.FieldConfig{Interval: float64(step.Milliseconds())}
	frame.Fields = append(frame.Fields, tf)
	for _, s := range series {
		f := data.NewField(valueName, s.Labels, s.Values)
		f.Config = &data.FieldConfig{DisplayNameFromDS: s.DisplayName, Unit: unit}
		if s.Color != "" {
			f.Config.Color = map[string]any{"mode": "fixed", "fixedColor": s.Color}
		}
		frame.Fields = append(frame.Fields, f)
	}
	return frame
}

package engine_test

import (
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/spacetime/tickets/pkg/engine"
	"github.com/spacetime/tickets/pkg/query"
)

// alertable applies the rules Grafana's alerting uses to turn a frame into alert instances
// (pkg/expr/converter.go with dataplane types): a timeseries-wide frame has one ascending, non-null time field
// and number fields whose name+labels are unique; a numeric-long frame has string fields, one number field
// and a unique string combination per row; a numeric-wide frame has one row and number fields with unique
// name+labels. It returns the instances' label sets.
func alertable(f *data.Frame) ([]string, error) {
	if f.Meta == nil {
		return nil, fmt.Errorf("no Meta.Type: alerting would guess the shape")
	}
	seen := map[string]bool{}
	unique := func(id string) error {
		if seen[id] {
			return fmt.Errorf("frame cannot uniquely be identified by its labels: %s twice", id)
		}
		seen[id] = true
		return nil
	}
	var ids []string
	switch f.Meta.Type {
	case data.FrameTypeTimeSeriesWide:
		times := 0
		for _, fld := range f.Fields {
			switch {
			case fld.Type() == data.FieldTypeTime:
				times++
				for i := 1; i < fld.Len(); i++ {
					if fld.At(i).(time.Time).Before(fld.At(i - 1).(time.Time)) {
						return nil, fmt.Errorf("time field not ascending at row %d", i)
					}
				}
			case fld.Type().Numeric():
				id := fld.Name + fld.Labels.String()
				if err := unique(id); err != nil {
					return nil, err
				}
				ids = append(ids, id)
			default:
				return nil, fmt.Errorf("field %s of type %v in a wide time series", fld.Name, fld.Type())
			}
		}
		if times != 1 {
			return nil, fmt.Errorf("%d time fields, want 1", times)
		}
	case data.FrameTypeNumericLong:
		numbers := 0
		for _, fld := range f.Fields {
			switch {
			case fld.Type().Numeric():
				numbers++
			case fld.Type() != data.FieldTypeString && fld.Type() != data.FieldTypeNullableString:
				return nil, fmt.Errorf("field %s of type %v in a numeric long frame", fld.Name, fld.Type())
			}
		}
		if numbers != 1 {
			return nil, fmt.Errorf("%d number fields, want 1", numbers)
		}
		for row := 0; row < f.Rows(); row++ {
			var parts []string
			for _, fld := range f.Fields {
				if !fld.Type().Numeric() {
					parts = append(parts, fmt.Sprintf("%s=%v", fld.Name, fld.At(row)))
				}
			}
			id := strings.Join(parts, ",")
			if err := unique(id); err != nil {
				return nil, err
			}
			ids = append(ids, id)
		}
	case data.FrameTypeNumericWide:
		if f.Rows() != 1 {
			return nil, fmt.Errorf("numeric wide frame with %d rows, want 1", f.Rows())
		}
		for _, fld := range f.Fields {
			if !fld.Type().Numeric() {
				return nil, fmt.Errorf("field %s of type %v in a numeric wide frame", fld.Name, fld.Type())
			}
			id := fld.Name + fld.Labels.String()
			if err := unique(id); err != nil {
				return nil, err
			}
			ids = append(ids, id)
		}
	default:
		return nil, fmt.Errorf("Meta.Type %q is not a type alerting reads", f.Meta.Type)
	}
	if f.Meta.TypeVersion == (data.FrameTypeVersion{}) {
		return nil, fmt.Errorf("Meta.TypeVersion is not set")
	}
	sort.Strings(ids)
	return ids, nil
}

func TestFramesAreWhatAlertingAccepts(t *testing.T) {
	s := fixtureStore(t)
	r := request("2026-11-16T00:00:00Z", "2026-11-21T00:00:00Z")
	c := query.Common{TimeField: query.TimeOpened}
	cases := map[string]func() (*data.Frame, error){
		"timeseries, no group": func() (*data.Frame, error) {
			return engine.Timeseries(s, query.Timeseries{Common: c, Metric: query.MetricCount, Bucket: time.Hour}, r)
		},
		"timeseries by severity and service (multi-dimensional), top 4 and other": func() (*data.Frame, error) {
			return engine.Timeseries(s, query.Timeseries{Common: c, GroupBy: []string{"severity", "service"}, TopN: 4, Metric: query.MetricCount, Bucket: time.Hour}, r)
		},
		"timeseries of open tickets by region": func() (*data.Frame, error) {
			return engine.Timeseries(s, query.Timeseries{Common: c, GroupBy: []string{"region"}, Metric: query.MetricOpen, Bucket: 6 * time.Hour}, r)
		},
		"breakdown long by service and region": func() (*data.Frame, error) {
			return engine.Breakdown(s, query.Breakdown{Common: c, GroupBy: []string{"service", "region"}, Format: query.FormatLong}, r)
		},
		"breakdown wide by service, top 3 and other": func() (*data.Frame, error) {
			return engine.Breakdown(s, query.Breakdown{Common: c, GroupBy: []string{"service"}, TopN: 3, Format: query.FormatWide}, r)
		},
		"stats": func() (*data.Frame, error) {
			return engine.Stats(s, query.Stats{Common: c, Stats: query.AllStats}, r)
		},
	}
	for name, run := range cases {
		t.Run(name, func(t *testing.T) {
			f, err := run()
			if err != nil {
				t.Fatal(err)
			}
			ids, err := alertable(f)
			if err != nil {
				t.Fatalf("alerting would reject it: %v", err)
			}
			if len(ids) == 0 {
				t.Fatal("no alert instances")
			}
		})
	}
}

// The checker must catch what alerting rejects, or the test above proves nothing.
func TestAlertableRejectsAmbiguousSeries(t *testing.T) {
	f := data.NewFrame("x",
		data.NewField("time", nil, []time.Time{time.Unix(0, 0)}),
		data.NewField("count", data.Labels{"service": "a"}, []float64{1}),
		data.NewField("count", data.Labels{"service": "a"}, []float64{2}),
	)
	f.Meta = &data.FrameMeta{Type: data.FrameTypeTimeSeriesWide, TypeVersion: data.FrameTypeVersion{0, 1}}
	if _, err := alertable(f); err == nil || !strings.Contains(err.Error(), "uniquely") {
		t.Fatalf("duplicate label sets accepted: %v", err)
	}
	f.Meta = nil
	if _, err := alertable(f); err == nil {
		t.Fatal("a frame without Meta.Type accepted")
	}
}

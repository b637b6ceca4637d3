package plugin

import (
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/spacetime/tickets/pkg/engine"
)

// request is the engine's view of one Grafana query.
func (d *Datasource) request(q backend.DataQuery) engine.Request {
	return engine.Request{
		From: q.TimeRange.From, To: q.TimeRange.To, Interval: q.Interval, MaxDataPoints: q.MaxDataPoints,
		Now: time.Now(), SystemName: d.settings.DisplayName(),
	}
}

// applyFieldSettings applies the datasource's field mapping to a tickets frame: display names, hidden fields
// dropped, listed fields first in the listed order.
func (d *Datasource) applyFieldSettings(f *data.Frame) {
	if len(d.settings.Fields) == 0 || f == nil {
		return
	}
	byName := map[string]*data.Field{}
	for _, fld := range f.Fields {
		byName[fld.Name] = fld
	}
	var ordered data.Fields
	placed := map[string]bool{}
	for _, s := range d.settings.Fields {
		fld, ok := byName[s.Key]
		if !ok || placed[s.Key] {
			continue
		}
		placed[s.Key] = true
		if s.Hidden {
			continue
		}
		if s.Name != "" {
			if fld.Config == nil {
				fld.Config = &data.FieldConfig{}
			}
			fld.Config.DisplayNameFromDS = s.Name
		}
		ordered = append(ordered, fld)
	}
	for _, fld := range f.Fields {
		if !placed[fld.Name] {
			ordered = append(ordered, fld)
		}
	}
	f.Fields = ordered
}

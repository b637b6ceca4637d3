package engine_test

import (
	"testing"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"
	"github.com/grafana/grafana-plugin-sdk-go/experimental"

	"github.com/spacetime/tickets/pkg/engine"
	"github.com/spacetime/tickets/pkg/query"
)

// Golden frames per query type over the fixture store; run with -update to rewrite testdata/*.jsonc.
func TestGoldenFrames(t *testing.T) {
	s := fixtureStore(t)
	day := request("2026-11-16T00:00:00Z", "2026-11-20T12:00:00Z")
	morning := request("2026-11-20T08:00:00Z", "2026-11-20T12:00:00Z")
	day.Now = at("2026-11-20T12:30:00Z")

	tests := []struct {
		name string
		run  func() (*data.Frame, error)
	}{
		{"tickets", func() (*data.Frame, error) {
			q, _, err := query.ParseTickets([]byte(`{"search":"checkout","sort":[{"field":"severity","desc":true},{"field":"opened"}],"limit":3}`))
			must(t, err)
			return engine.Tickets(s, q, day)
		}},
		{"timeseries-by-service-top2", func() (*data.Frame, error) {
			q, _, err := query.ParseTimeseries([]byte(`{"groupBy":["service"],"bucket":"1h","topN":2}`))
			must(t, err)
			return engine.Timeseries(s, q, morning)
		}},
		{"timeseries-open-daily", func() (*data.Frame, error) {
			q, _, err := query.ParseTimeseries([]byte(`{"metric":"open","bucket":"1d"}`))
			must(t, err)
			return engine.Timeseries(s, q, day)
		}},
		{"breakdown-long", func() (*data.Frame, error) {
			q, _, err := query.ParseBreakdown([]byte(`{"groupBy":["service"],"topN":3}`))
			must(t, err)
			return engine.Breakdown(s, q, day)
		}},
		{"breakdown-wide", func() (*data.Frame, error) {
			q, _, err := query.ParseBreakdown([]byte(`{"groupBy":["region","state"],"format":"wide"}`))
			must(t, err)
			return engine.Breakdown(s, q, day)
		}},
		{"stats", func() (*data.Frame, error) {
			q, _, err := query.ParseStats([]byte(`{}`))
			must(t, err)
			return engine.Stats(s, q, request("2026-11-16T00:00:00Z", "2026-11-20T12:00:00Z"))
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			frame, err := tt.run()
			if err != nil {
				t.Fatal(err)
			}
			dr := backend.DataResponse{Frames: data.Frames{frame}}
			experimental.CheckGoldenJSONResponse(t, "testdata", tt.name, &dr, *update)
		})
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

//go:build integration

package pluginprotocol

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"
	"github.com/grafana/grafana-plugin-sdk-go/genproto/pluginv2"
)

// Helpers the GitHub and GitLab replay tests share.

// firstFrame is the first frame of a query's answer; an error answer fails the test.
func firstFrame(t *testing.T, res *pluginv2.QueryDataResponse, ref string) *data.Frame {
	t.Helper()
	dr := res.Responses[ref]
	if dr == nil || dr.Error != "" {
		t.Fatalf("%s: %s", ref, describe(dr))
	}
	return decodeFrames(t, dr)[0]
}

// breakdownCounts reads a breakdown frame: value → count.
func breakdownCounts(f *data.Frame) map[string]float64 {
	out := map[string]float64{}
	for row := 0; row < f.Rows(); row++ {
		out[fmt.Sprint(f.Fields[0].At(row))] = asFloat(f.Fields[1].At(row))
	}
	return out
}

// checkStatsAndSeries checks the stats frame's opened count and that the timeseries frame is wide.
func checkStatsAndSeries(t *testing.T, stats, series *data.Frame, opened int) {
	t.Helper()
	if f, _ := stats.FieldByName("opened"); f == nil || int(asFloat(must(f.ConcreteAt(0)))) != opened {
		t.Errorf("stats opened, want %d", opened)
	}
	if series.Meta == nil || series.Meta.Type != data.FrameTypeTimeSeriesWide {
		t.Errorf("timeseries meta %+v", series.Meta)
	}
}

// waitForTicket queries one ticket by id until arrived says its row shows the change, for up to 40 s.
func waitForTicket(t *testing.T, g *grafana, pc *pluginv2.PluginContext, id string, arrived func(*data.Frame) bool) {
	t.Helper()
	deadline := time.Now().Add(40 * time.Second)
	for {
		res := g.queryData(t, pc, query("T", "tickets", `{"filter":{"key":"id","operator":"=","value":"`+id+`"}}`))
		f := decodeFrames(t, res.Responses["T"])[0]
		if f.Rows() == 1 && arrived(f) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the change to %s did not arrive: %d rows", id, f.Rows())
		}
		time.Sleep(time.Second)
	}
}

// noSecretIn fails when secret appears in any text the plugin returned or logged.
func noSecretIn(t *testing.T, system, secret string, texts []string) {
	t.Helper()
	for _, text := range texts {
		if strings.Contains(text, secret) {
			t.Errorf("the %s token appears in what the plugin returned or logged: %.300s", system, text)
		}
	}
}

func must(v any, _ bool) any { return v }

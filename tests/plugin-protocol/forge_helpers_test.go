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

// forgeContext is the plugin context of a datasource for a replayed GitHub or GitLab (saasContext), its
// settings changed by edit when given.
func forgeContext(dsID int64, name string, jd map[string]any, secure map[string]string, edit func(jd map[string]any, secure map[string]string)) *pluginv2.PluginContext {
	if edit != nil {
		edit(jd, secure)
	}
	return saasContext(dsID, name, jd, secure)
}

// readyFrames waits until the datasource's backfill is done (a query waits 5 s for it, then answers with what
// has loaded: the counts the tests compare need all of it), runs the queries, adds what the plugin answered to
// returned, and gives each query's first frame by its ref.
func readyFrames(t *testing.T, g *grafana, pc *pluginv2.PluginContext, returned *[]string, queries ...*pluginv2.DataQuery) func(ref string) *data.Frame {
	t.Helper()
	g.waitFor(t, pc, "the backfill is done", 2*time.Minute, func(s syncStatus) bool { return s.State == "ready" })
	res := g.queryData(t, pc, queries...)
	*returned = append(*returned, responseTexts(t, res)...)
	return func(ref string) *data.Frame { return frameOf(t, res, ref) }
}

// fieldsInclude checks that the fields resource names every key in want.
func fieldsInclude(t *testing.T, g *grafana, pc *pluginv2.PluginContext, returned *[]string, want ...string) {
	t.Helper()
	r := g.callResource(t, pc, "fields", "")
	*returned = append(*returned, string(r.Body))
	for _, key := range want {
		if !strings.Contains(string(r.Body), `"`+key+`"`) {
			t.Errorf("fields lack %q: %s", key, r.Body)
		}
	}
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

func must(v any, _ bool) any { return v }

package clickhouse

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/spacetime/tickets/pkg/logengine/clickhouse/chclient"
)

// stepsFrames is the per-step table and the node graph's nodes and edges frames, from stepsSQL's rows
// (steps named by hash; the "name" rows name them): nodes by self time, edges by transitions.
func stepsFrames(r *chclient.Result) (data.Frames, error) {
	c := &cells{r: r}
	names := map[string]string{}
	for i := range r.Data {
		if r.String(i, 0) == "name" {
			names[r.String(i, 1)] = r.String(i, 7)
		}
	}
	type node struct {
		step                        string
		events, p50, p95, self, err float64
	}
	type edge struct {
		source, target string
		n              float64
	}
	var nodeRows []node
	var edgeRows []edge
	for i := range r.Data {
		switch r.String(i, 0) {
		case "node":
			qs := c.fs(i, 4)
			if len(qs) < 2 {
				qs = []float64{0, 0}
			}
			nodeRows = append(nodeRows, node{names[r.String(i, 1)], c.f(i, 3), qs[0], qs[1], c.f(i, 5), c.f(i, 6)})
		case "edge":
			edgeRows = append(edgeRows, edge{names[r.String(i, 1)], names[r.String(i, 2)], c.f(i, 3)})
		}
	}
	if c.err != nil {
		return nil, c.err
	}
	slices.SortFunc(nodeRows, func(a, b node) int {
		return cmp.Or(cmp.Compare(b.self, a.self), cmp.Compare(b.events, a.events), cmp.Compare(a.step, b.step))
	})
	slices.SortFunc(edgeRows, func(a, b edge) int {
		return cmp.Or(cmp.Compare(b.n, a.n), cmp.Compare(a.source, b.source), cmp.Compare(a.target, b.target))
	})
	var steps []string
	var events, p50, p95, self, errs []float64
	var totalSelf float64
	for _, x := range nodeRows {
		steps = append(steps, x.step)
		events, p50, p95 = append(events, x.events), append(p50, x.p50), append(p95, x.p95)
		self, errs = append(self, x.self), append(errs, x.err)
		totalSelf += x.self
	}
	var srcs, tgts []string
	var trans []float64
	for _, x := range edgeRows {
		srcs, tgts, trans = append(srcs, x.source), append(tgts, x.target), append(trans, x.n)
	}
	n := len(steps)
	share, errRate, okRate := make([]float64, n), make([]float64, n), make([]float64, n)
	for i := range steps {
		if totalSelf > 0 {
			share[i] = self[i] / totalSelf
		}
		if events[i] > 0 {
			errRate[i] = errs[i] / events[i]
		}
		okRate[i] = 1 - errRate[i]
	}
	table := data.NewFrame("steps",
		unit(data.NewField(KeyStep, nil, steps), "", "Step"),
		unit(data.NewField("events", nil, events), "", "Events"),
		unit(data.NewField("p50", nil, p50), "ms", "p50 duration"),
		unit(data.NewField("p95", nil, p95), "ms", "p95 duration"),
		unit(data.NewField("selfTime", nil, self), "ms", "Self time"),
		unit(data.NewField("share", nil, share), "percentunit", "Share of chain time"),
		unit(data.NewField("errorRate", nil, errRate), "percentunit", "Error rate"),
	)
	table.Meta = &data.FrameMeta{PreferredVisualization: data.VisTypeTable}

	mainstat := make([]string, n)
	secondary := make([]string, n)
	for i := range steps {
		mainstat[i] = fmt.Sprintf("p95 %.0f ms", p95[i])
		secondary[i] = fmt.Sprintf("%.0f%% of chain time", share[i]*100)
	}
	arcErr := data.NewField("arc__errors", nil, errRate)
	arcErr.Config = &data.FieldConfig{DisplayName: "Errors", Color: map[string]any{"mode": "fixed", "fixedColor": "red"}}
	arcOK := data.NewField("arc__ok", nil, okRate)
	arcOK.Config = &data.FieldConfig{DisplayName: "OK", Color: map[string]any{"mode": "fixed", "fixedColor": "green"}}
	nodes := data.NewFrame("nodes",
		data.NewField("id", nil, steps),
		data.NewField("title", nil, steps),
		data.NewField("mainstat", nil, mainstat),
		data.NewField("secondarystat", nil, secondary),
		arcErr, arcOK,
		unit(data.NewField("detail__events", nil, events), "", "Events"),
		unit(data.NewField("detail__p50", nil, p50), "ms", "p50 duration"),
	)
	nodes.Meta = &data.FrameMeta{PreferredVisualization: data.VisTypeNodeGraph}
	ids := make([]string, len(srcs))
	for i := range srcs {
		ids[i] = srcs[i] + "→" + tgts[i]
	}
	edges := data.NewFrame("edges",
		data.NewField("id", nil, ids),
		data.NewField("source", nil, srcs),
		data.NewField("target", nil, tgts),
		unit(data.NewField("mainstat", nil, trans), "", "Transitions"),
	)
	edges.Meta = &data.FrameMeta{PreferredVisualization: data.VisTypeNodeGraph}
	return data.Frames{table, nodes, edges}, nil
}

package clickhouse

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/spacetime/tickets/pkg/logengine/clickhouse/chclient"
)

// DashboardUID is the provisioned "Operation chains" dashboard: chain ids link to it.
const DashboardUID = "spacetime-operation-chains"

// cells reads a result row by row with the first error kept.
type cells struct {
	r   *chclient.Result
	err error
}

func (c *cells) f(row, col int) float64 {
	x, err := c.r.Float(row, col)
	if err != nil && c.err == nil {
		c.err = err
	}
	return x
}

func (c *cells) i(row, col int) int64 {
	n, err := c.r.Int(row, col)
	if err != nil && c.err == nil {
		c.err = err
	}
	return n
}

func (c *cells) fs(row, col int) []float64 {
	xs, err := c.r.Floats(row, col)
	if err != nil && c.err == nil {
		c.err = err
	}
	return xs
}

func msTime(ms int64) time.Time { return time.UnixMilli(ms).UTC() }

func unit(f *data.Field, u, name string) *data.Field {
	f.Config = &data.FieldConfig{Unit: u, DisplayNameFromDS: name}
	return f
}

// chainsFrame is one row per chain, for the ticket table panel; the chain id links to its trace.
func chainsFrame(r *chclient.Result) (*data.Frame, error) {
	c := &cells{r: r}
	n := len(r.Data)
	ids, clients, services, firstSteps := make([]string, n), make([]string, n), make([]string, n), make([]string, n)
	first, last := make([]time.Time, n), make([]time.Time, n)
	dur := make([]float64, n)
	steps, distinct, retries, errs := make([]int64, n), make([]int64, n), make([]int64, n), make([]int64, n)
	for i := range r.Data {
		ids[i] = r.String(i, 0)
		first[i], last[i] = msTime(c.i(i, 1)), msTime(c.i(i, 2))
		dur[i] = c.f(i, 3)
		steps[i], distinct[i], retries[i], errs[i] = c.i(i, 4), c.i(i, 5), c.i(i, 6), c.i(i, 7)
		clients[i], services[i], firstSteps[i] = r.String(i, 8), r.String(i, 9), r.String(i, 10)
	}
	if c.err != nil {
		return nil, c.err
	}
	idField := data.NewField(KeyChain, nil, ids)
	idField.Config = &data.FieldConfig{DisplayNameFromDS: "Chain", Links: []data.DataLink{{
		Title: "Show this chain's events",
		URL:   "/d/" + DashboardUID + "?var-chain=${__value.raw}&${__url_time_range}",
	}}}
	frame := data.NewFrame("chains",
		idField,
		unit(data.NewField(KeyFirst, nil, first), "", "First event"),
		unit(data.NewField(KeyLast, nil, last), "", "Last event"),
		unit(data.NewField(KeyDuration, nil, dur), "ms", "Duration"),
		unit(data.NewField(KeySteps, nil, steps), "", "Steps"),
		unit(data.NewField(KeyDistinctSteps, nil, distinct), "", "Distinct steps"),
		unit(data.NewField(KeyRetries, nil, retries), "", "Retries"),
		unit(data.NewField(KeyErrors, nil, errs), "", "Errors"),
		unit(data.NewField(KeyClient, nil, clients), "", "Client"),
		unit(data.NewField(KeyService, nil, services), "", "Service"),
		unit(data.NewField("firstStep", nil, firstSteps), "", "First step"),
	)
	frame.Meta = &data.FrameMeta{PreferredVisualization: data.VisTypeTable}
	return frame, nil
}

// latencyFrames is one dataplane timeseries-multi frame per quantile (and group): one time field and one
// value field named by the quantile, with the group as a label, which Grafana alerting reads as series.
func latencyFrames(r *chclient.Result, q Query, groupLabel string) (data.Frames, error) {
	c := &cells{r: r}
	type series struct {
		times  []time.Time
		values []float64
	}
	var order []string
	byGroup := map[string][]*series{}
	for i := range r.Data {
		bucket, grp, qs := c.i(i, 0), r.String(i, 1), c.fs(i, 2)
		ss, ok := byGroup[grp]
		if !ok {
			ss = make([]*series, len(q.Quantiles))
			for k := range ss {
				ss[k] = &series{}
			}
			byGroup[grp] = ss
			order = append(order, grp)
		}
		for k := range q.Quantiles {
			if k < len(qs) {
				ss[k].times = append(ss[k].times, msTime(bucket))
				ss[k].values = append(ss[k].values, qs[k])
			}
		}
	}
	if c.err != nil {
		return nil, c.err
	}
	var frames data.Frames
	for _, grp := range order {
		for k, name := range q.Quantiles {
			labels := data.Labels{"quantile": name}
			display := name + " chain duration"
			if groupLabel != "" {
				labels[groupLabel] = grp
				display = name + " " + grp
			}
			v := data.NewField(name, labels, byGroup[grp][k].values)
			v.Config = &data.FieldConfig{Unit: "ms", DisplayNameFromDS: display}
			f := data.NewFrame(name, data.NewField("time", nil, byGroup[grp][k].times), v)
			f.Meta = &data.FrameMeta{Type: data.FrameTypeTimeSeriesMulti, TypeVersion: data.FrameTypeVersion{0, 1}}
			frames = append(frames, f)
		}
	}
	if len(frames) == 0 { // the dataplane's empty answer
		f := data.NewFrame("")
		f.Meta = &data.FrameMeta{Type: data.FrameTypeTimeSeriesMulti, TypeVersion: data.FrameTypeVersion{0, 1}}
		frames = append(frames, f)
	}
	return frames, nil
}

// clientsFrame is a dataplane numeric-long frame: the client as a string dimension and three numbers.
func clientsFrame(r *chclient.Result) (*data.Frame, error) {
	c := &cells{r: r}
	n := len(r.Data)
	names, chains, total, p95 := make([]string, n), make([]float64, n), make([]float64, n), make([]float64, n)
	for i := range r.Data {
		names[i], chains[i], total[i], p95[i] = r.String(i, 0), c.f(i, 1), c.f(i, 2), c.f(i, 3)
	}
	if c.err != nil {
		return nil, c.err
	}
	frame := data.NewFrame("clients",
		unit(data.NewField(KeyClient, nil, names), "", "Client"),
		unit(data.NewField("chains", nil, chains), "", "Chains"),
		unit(data.NewField("totalTime", nil, total), "ms", "Total chain time"),
		unit(data.NewField("p95", nil, p95), "ms", "p95 chain duration"),
	)
	frame.Meta = &data.FrameMeta{Type: data.FrameTypeNumericLong, TypeVersion: data.FrameTypeVersion{0, 1}}
	return frame, nil
}

// traceFrame is one chain as Grafana's trace view reads it: the first event is the root span and every
// later event its child (log events carry no parent of their own).
func traceFrame(r *chclient.Result, chain string) (*data.Frame, error) {
	c := &cells{r: r}
	n := len(r.Data)
	trace, span, parent := make([]string, n), make([]string, n), make([]string, n)
	op, svc := make([]string, n), make([]string, n)
	start, dur := make([]float64, n), make([]float64, n)
	status := make([]int64, n)
	tags := make([]json.RawMessage, n)
	for i := range r.Data {
		trace[i] = chain
		span[i] = fmt.Sprintf("%s-%d", chain, i+1)
		if i > 0 {
			parent[i] = span[0]
		}
		start[i], dur[i] = float64(c.i(i, 0)), c.f(i, 1)
		op[i], svc[i] = r.String(i, 2), r.String(i, 3)
		if c.i(i, 6) == 1 {
			status[i] = 2
		}
		tags[i], _ = json.Marshal([]spanTag{{"client", r.String(i, 4)}, {"outcome", r.String(i, 5)}})
	}
	if c.err != nil {
		return nil, c.err
	}
	frame := data.NewFrame("trace",
		data.NewField("traceID", nil, trace),
		data.NewField("spanID", nil, span),
		data.NewField("parentSpanID", nil, parent),
		data.NewField("operationName", nil, op),
		data.NewField("serviceName", nil, svc),
		data.NewField("startTime", nil, start),
		data.NewField("duration", nil, dur),
		data.NewField("statusCode", nil, status),
		data.NewField("tags", nil, tags),
	)
	frame.Meta = &data.FrameMeta{PreferredVisualization: data.VisTypeTrace}
	return frame, nil
}

type spanTag struct {
	Key   string `json:"key"`
	Value string `json:"value"`
}

package clickhouse

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"
)

func rangeOf(dq backend.DataQuery) span {
	return span{from: dq.TimeRange.From.UnixMilli(), to: dq.TimeRange.To.UnixMilli()}
}

func (d *Datasource) lookbackMs() int64 { return d.settings.ChainLookbackSeconds * 1000 }

func rollupNotice(rolled bool) []string {
	if rolled {
		return []string{"Read from the per-chain rollup table."}
	}
	return nil
}

func (d *Datasource) chains(ctx context.Context, m *model, q Query, dq backend.DataQuery) (data.Frames, []string, error) {
	sql, rolled, err := m.chainsSQL(q, rangeOf(dq), d.lookbackMs())
	if err != nil {
		return nil, nil, &queryError{err.Error()}
	}
	r, err := d.client.Query(ctx, sql)
	if err != nil {
		return nil, nil, err
	}
	f, err := chainsFrame(r)
	if f != nil {
		f.SetMeta(&data.FrameMeta{PreferredVisualization: data.VisTypeTable, ExecutedQueryString: sql})
	}
	return data.Frames{f}, rollupNotice(rolled), err
}

var bucketRe = regexp.MustCompile(`^(\d+)(s|m|h|d|w)$`)

// bucketMs is the query's bucket, else Grafana's interval, at least a second.
func bucketMs(q Query, dq backend.DataQuery) (int64, error) {
	if q.Bucket == "" || q.Bucket == "auto" {
		return max(dq.Interval.Milliseconds(), 1000), nil
	}
	m := bucketRe.FindStringSubmatch(q.Bucket)
	var n int64
	if m != nil {
		n, _ = strconv.ParseInt(m[1], 10, 64)
	}
	if n < 1 {
		return 0, &queryError{fmt.Sprintf("bucket %q is not a duration like 30s, 1m, 5m, 1h, 1d or auto.", q.Bucket)}
	}
	unit := map[string]time.Duration{"s": time.Second, "m": time.Minute, "h": time.Hour, "d": 24 * time.Hour, "w": 7 * 24 * time.Hour}[m[2]]
	return n * unit.Milliseconds(), nil
}

func (d *Datasource) chainLatency(ctx context.Context, m *model, q Query, dq backend.DataQuery) (data.Frames, []string, error) {
	b, err := bucketMs(q, dq)
	if err != nil {
		return nil, nil, err
	}
	sql, rolled, err := m.latencySQL(q, rangeOf(dq), d.lookbackMs(), b)
	if err != nil {
		return nil, nil, &queryError{err.Error()}
	}
	r, err := d.client.Query(ctx, sql)
	if err != nil {
		return nil, nil, err
	}
	frames, err := latencyFrames(r, q, q.groupBy())
	if err == nil {
		frames[0].Meta.ExecutedQueryString = sql
	}
	return frames, rollupNotice(rolled), err
}

func (d *Datasource) clients(ctx context.Context, m *model, q Query, dq backend.DataQuery) (data.Frames, []string, error) {
	sql, rolled, err := m.clientsSQL(q, rangeOf(dq), d.lookbackMs())
	if err != nil {
		return nil, nil, &queryError{err.Error()}
	}
	r, err := d.client.Query(ctx, sql)
	if err != nil {
		return nil, nil, err
	}
	f, err := clientsFrame(r)
	if f != nil {
		f.Meta.ExecutedQueryString = sql
	}
	return data.Frames{f}, rollupNotice(rolled), err
}

func (d *Datasource) steps(ctx context.Context, m *model, q Query, dq backend.DataQuery) (data.Frames, []string, error) {
	sql, err := m.stepsSQL(q, rangeOf(dq), d.lookbackMs())
	if err != nil {
		return nil, nil, &queryError{err.Error()}
	}
	r, err := d.client.Query(ctx, sql)
	if err != nil {
		return nil, nil, err
	}
	frames, err := stepsFrames(r)
	if err == nil {
		frames[0].Meta.ExecutedQueryString = sql
	}
	return frames, nil, err
}

func (d *Datasource) chain(ctx context.Context, m *model, q Query, dq backend.DataQuery) (data.Frames, []string, error) {
	q.Chain = strings.TrimSpace(q.Chain)
	if q.Chain == "" {
		return nil, nil, &queryError{"The chain query needs a chain id (the chain field; on the Operation chains dashboard, pick a chain in the table)."}
	}
	sql := m.chainSQL(q, rangeOf(dq), d.lookbackMs())
	r, err := d.client.Query(ctx, sql)
	if err != nil {
		return nil, nil, err
	}
	f, err := traceFrame(r, q.Chain)
	if f != nil {
		f.Meta.ExecutedQueryString = sql
	}
	var notices []string
	if err == nil && len(r.Data) == 0 {
		notices = []string{fmt.Sprintf("No events of chain %q in the time range (widened by the chain lookback).", q.Chain)}
	}
	return data.Frames{f}, notices, err
}

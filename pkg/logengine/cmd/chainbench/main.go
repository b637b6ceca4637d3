// Command chainbench prints, per log-engine query type, the time through the built plugin (over Grafana's
// plugin protocol) beside ClickHouse's own time for the bare GROUP BY chain scan in the same run, with and
// without the rollup. It writes its own data set (chaingen) into the cluster of scripts/clickhouse/clickhouse.sh.
//
//	set -a; . .cache/clickhouse/env; set +a
//	go run ./pkg/logengine/cmd/chainbench -events 10000000     (CI: -events 200000 -runs 1)
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"net/http"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"
	"github.com/grafana/grafana-plugin-sdk-go/genproto/pluginv2"

	"github.com/spacetime/tickets/pkg/logengine/chaingen"
	"github.com/spacetime/tickets/pkg/logengine/clickhouse/chclient"
	"github.com/spacetime/tickets/tests/grafanahost"
)

// eventsPerChain is chaingen's mean: 3 in 4 chains have 6 steps, 1 in 4 has 4, 1 in 10 one more, 1 in 25 fewer.
const eventsPerChain = 5.53

func main() {
	events := flag.Int("events", 10_000_000, "events to generate")
	runs := flag.Int("runs", 3, "runs per query (the median is printed)")
	exe := flag.String("plugin", "dist/datasource/gpx_spacetime_tickets_linux_amd64", "the built plugin executable")
	memory := flag.Int64("max-memory", 12<<30, "max_memory_usage per query, bytes")
	reuse := flag.Bool("reuse", false, "measure the data already in the table (written by an earlier run) instead of writing it again")
	flag.Parse()

	url, db := os.Getenv("CLICKHOUSE_URL"), env("CLICKHOUSE_DATABASE", "spacetime")
	if url == "" {
		fail("CLICKHOUSE_URL is not set: run scripts/clickhouse/clickhouse.sh up and source .cache/clickhouse/env")
	}
	end := time.Now().UTC().Truncate(time.Minute)
	cfg := chaingen.Config{Chains: int(float64(*events) / eventsPerChain), Start: end.Add(-2 * time.Hour), End: end, SlowFrom: end.Add(-30 * time.Minute)}
	hc := &http.Client{Timeout: time.Hour}
	var targets []chaingen.Target
	for _, u := range strings.Split(env("CLICKHOUSE_SHARD_URLS", url), ",") {
		targets = append(targets, chaingen.Target{URL: u, Table: db + ".chain_events_local", User: os.Getenv("CLICKHOUSE_ADMIN_USER"), Password: os.Getenv("CLICKHOUSE_ADMIN_PASSWORD")})
	}
	if *reuse {
		admin := &chclient.Client{URL: url, User: os.Getenv("CLICKHOUSE_ADMIN_USER"), Password: os.Getenv("CLICKHOUSE_ADMIN_PASSWORD"), HTTP: hc}
		r, err := admin.Query(context.Background(), "SELECT min(ts_ms), max(ts_ms), count(), uniqExact(chain_id) FROM "+db+".chain_events")
		if err != nil {
			fail("%v", err)
		}
		first, _ := r.Int(0, 0)
		last, _ := r.Int(0, 1)
		events, _ := r.Int(0, 2)
		chains, _ := r.Int(0, 3)
		cfg.Start, cfg.End, cfg.Chains = time.UnixMilli(first).UTC(), time.UnixMilli(last+1).UTC(), int(chains)
		fmt.Printf("data: %d events, %d chains already in %s.chain_events\n", events, chains, db)
	} else {
		writeData(cfg, hc, targets, db)
	}

	logs := &grafanahost.LogBuffer{}
	host, err := grafanahost.Start(*exe, logs)
	if err != nil {
		fail("%v\n%s", err, logs.String())
	}
	defer host.Kill()
	settings, _ := json.Marshal(map[string]any{"system": "clickhouse", "clickhouse": map[string]any{
		"url": url, "user": os.Getenv("CLICKHOUSE_USER"), "database": db, "table": "chain_events", "rollupTable": "chain_rollup",
		"columns":        map[string]string{"time": "ts_ms", "chain": "chain_id", "step": "step", "service": "service", "client": "client", "outcome": "outcome", "duration": "duration_ms"},
		"maxMemoryBytes": *memory, "maxExecutionSeconds": 600, "maxResultRows": 1_000_000,
	}})
	pc := grafanahost.PluginContext(1, "bench", "bench", settings, map[string]string{"clickhousePassword": os.Getenv("CLICKHOUSE_PASSWORD")}, time.Now())
	ch := &chclient.Client{URL: url, User: os.Getenv("CLICKHOUSE_USER"), Password: os.Getenv("CLICKHOUSE_PASSWORD"), HTTP: hc,
		Limits: chclient.Limits{MaxMemoryBytes: *memory, MaxExecutionSeconds: 600}}
	from, to := cfg.Start.UnixMilli(), cfg.End.UnixMilli()
	bare := fmt.Sprintf("SELECT count() FROM (SELECT chain_id, min(ts_ms), max(ts_ms + duration_ms), count() FROM %s.chain_events WHERE ts_ms >= %d AND ts_ms < %d GROUP BY chain_id)", db, from-300_000, to+300_000)

	type row struct{ name, typ, json string }
	rows := []row{
		{"chains (top 100 by duration)", "chains", `{"limit": 100, "rollup": "off"}`},
		{"chains, rollup", "chains", `{"limit": 100}`},
		{"chainLatency (1m, p50/p95/p99)", "chainLatency", `{"bucket": "1m", "rollup": "off"}`},
		{"chainLatency, rollup", "chainLatency", `{"bucket": "1m"}`},
		{"clients (top 10 + other)", "clients", `{"rollup": "off"}`},
		{"clients, rollup", "clients", `{}`},
		{"steps + node graph", "steps", `{}`},
		{"chain (one trace)", "chain", fmt.Sprintf(`{"chain": %q}`, chaingen.ChainID(cfg.Chains/2))},
	}
	fmt.Printf("%-32s %11s %13s %13s %12s %11s\n", "query (whole 2 h range)", "plugin", "its SQL alone", "bare scan", "plugin/SQL", "plugin/bare")
	failed := 0
rows:
	for _, r := range rows {
		var plugin, scan, alone []time.Duration
		// A query past a limit (memory, time) is a figure too: it is printed and the next one runs.
		skip := func(format string, a ...any) {
			failed++
			fmt.Printf("%-32s error: %s\n", r.name, fmt.Sprintf(format, a...))
		}
		for i := 0; i < *runs; i++ {
			t0 := time.Now()
			if _, err := ch.Query(context.Background(), bare); err != nil {
				skip("bare scan: %v", err)
				continue rows
			}
			scan = append(scan, time.Since(t0))
			t0 = time.Now()
			res, err := host.Data.QueryData(context.Background(), &pluginv2.QueryDataRequest{PluginContext: pc, Queries: []*pluginv2.DataQuery{{
				RefId: "A", QueryType: r.typ, Json: []byte(r.json), IntervalMS: 60_000,
				TimeRange: &pluginv2.TimeRange{FromEpochMS: from, ToEpochMS: to}}}})
			if err != nil {
				skip("%v", err)
				continue rows
			}
			if e := res.Responses["A"].Error; e != "" {
				skip("%s", e)
				continue rows
			}
			plugin = append(plugin, time.Since(t0))
			frames, err := data.UnmarshalArrowFrames(res.Responses["A"].Frames)
			if err != nil || len(frames) == 0 || frames[0].Meta == nil || frames[0].Meta.ExecutedQueryString == "" {
				skip("no executed query in the frames (%v)", err)
				continue rows
			}
			t0 = time.Now()
			if _, err := ch.Query(context.Background(), frames[0].Meta.ExecutedQueryString); err != nil {
				skip("its SQL alone: %v", err)
				continue rows
			}
			alone = append(alone, time.Since(t0))
		}
		p, s, a := median(plugin), median(scan), median(alone)
		fmt.Printf("%-32s %8.0f ms %10.0f ms %10.0f ms %11.2f× %10.2f×\n", r.name, ms(p), ms(a), ms(s), ms(p)/ms(a), ms(p)/ms(s))
	}
	if failed > 0 {
		fmt.Printf("%d of %d queries failed\n", failed, len(rows))
		host.Kill()
		os.Exit(1) // so CI notices a query type that broke; the figures above are still printed
	}
}

// writeData empties the tables and writes the data set into every shard, the rollup filled by its view.
func writeData(cfg chaingen.Config, hc *http.Client, targets []chaingen.Target, db string) {
	for _, t := range targets {
		for _, table := range []string{t.Table, db + ".chain_rollup_local"} {
			if err := chaingen.Exec(context.Background(), hc, t, "TRUNCATE TABLE "+table); err != nil {
				fail("%v", err)
			}
		}
	}
	began := time.Now()
	n, err := cfg.Write(context.Background(), hc, targets)
	if err != nil {
		fail("%v", err)
	}
	fmt.Printf("data: %d events, %d chains, %d shards; written in %.1f s\n", n, cfg.Chains, len(targets), time.Since(began).Seconds())
	for _, t := range targets { // merge the parts, as a table that has been written for a while is
		_ = chaingen.Exec(context.Background(), hc, t, "OPTIMIZE TABLE "+db+".chain_rollup_local FINAL")
	}
}

func median(xs []time.Duration) time.Duration {
	s := slices.Clone(xs)
	slices.Sort(s)
	return s[len(s)/2]
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func env(key, def string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return def
}

func fail(format string, a ...any) {
	fmt.Fprintf(os.Stderr, "chainbench: "+format+"\n", a...)
	os.Exit(1)
}

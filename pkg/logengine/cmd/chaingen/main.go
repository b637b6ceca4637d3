// Command chaingen writes the deterministic operation-chain data set (pkg/logengine/chaingen) into the
// local tables of a ClickHouse cluster's shards, and its Config as JSON, from which the tests compute the truth.
//
//	chaingen -chains 400000 -hours 2 -config .cache/clickhouse/chains.json   (reads .cache/clickhouse/env's variables)
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/spacetime/tickets/pkg/logengine/chaingen"
)

func main() {
	chains := flag.Int("chains", 400_000, "chains to write (about 5.7 events each)")
	hours := flag.Float64("hours", 2, "the chains start evenly over this many hours, ending at -end")
	end := flag.String("end", "", "RFC 3339 end of the data (default: now, to the minute)")
	slowMinutes := flag.Float64("slow-minutes", 30, "payment.authorize is slow in the last this many minutes")
	table := flag.String("table", env("CLICKHOUSE_DATABASE", "spacetime")+".chain_events_local", "local table on every shard")
	shards := flag.String("shards", env("CLICKHOUSE_SHARD_URLS", "http://127.0.0.1:18121"), "comma-separated HTTP URLs of the shards")
	configOut := flag.String("config", "", "write the Config (JSON) here")
	truncate := flag.Bool("truncate", true, "empty the table (and the rollup table) on every shard first")
	rollup := flag.String("rollup", env("CLICKHOUSE_DATABASE", "spacetime")+".chain_rollup_local", "the rollup's local table, filled by its materialized view (\"\" for none)")
	flag.Parse()

	endAt := time.Now().UTC().Truncate(time.Minute)
	if *end != "" {
		t, err := time.Parse(time.RFC3339, *end)
		if err != nil {
			fail("-end: %v", err)
		}
		endAt = t.UTC()
	}
	cfg := chaingen.Config{
		Chains: *chains, End: endAt,
		Start:    endAt.Add(-time.Duration(*hours * float64(time.Hour))),
		SlowFrom: endAt.Add(-time.Duration(*slowMinutes * float64(time.Minute))),
	}
	var targets []chaingen.Target
	for _, u := range strings.Split(*shards, ",") {
		targets = append(targets, chaingen.Target{URL: strings.TrimRight(u, "/"), Table: *table,
			User: env("CLICKHOUSE_ADMIN_USER", "default"), Password: os.Getenv("CLICKHOUSE_ADMIN_PASSWORD")})
	}
	client := &http.Client{Timeout: 30 * time.Minute}
	if *truncate {
		for _, t := range targets {
			for _, table := range []string{t.Table, *rollup} {
				if table == "" {
					continue
				}
				if err := chaingen.Exec(context.Background(), client, t, "TRUNCATE TABLE "+table); err != nil {
					fail("%v", err)
				}
			}
		}
	}
	began := time.Now()
	n, err := cfg.Write(context.Background(), client, targets)
	if err != nil {
		fail("%v", err)
	}
	secs := time.Since(began).Seconds()
	fmt.Printf("wrote %d events of %d chains into %s on %d shards in %.1f s (%.0f events/s)\n", n, cfg.Chains, *table, len(targets), secs, float64(n)/secs)
	if *configOut != "" {
		b, _ := json.MarshalIndent(cfg, "", "  ")
		if err := os.WriteFile(*configOut, append(b, '\n'), 0o644); err != nil {
			fail("%v", err)
		}
	}
}

func env(key, def string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return def
}

func fail(format string, a ...any) {
	fmt.Fprintf(os.Stderr, "chaingen: "+format+"\n", a...)
	os.Exit(1)
}

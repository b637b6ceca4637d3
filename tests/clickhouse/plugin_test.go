//go:build integration

package clickhouse

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"
	"github.com/grafana/grafana-plugin-sdk-go/genproto/pluginv2"

	"github.com/spacetime/tickets/pkg/logengine/chaingen"
)

// TestLogEngineOverGrafanaProtocol drives the built plugin as Grafana does, against the real two-shard
// cluster, and checks every query type against the truth chaingen planted.
func TestLogEngineOverGrafanaProtocol(t *testing.T) {
	s := serverFromEnv(t)
	cfg := generated(t)
	p := startPlugin(t)
	good := s.settings(1, nil)
	var returned []string
	t.Cleanup(func() {
		for _, text := range append(returned, p.logs.String()) {
			if s.password != "" && strings.Contains(text, s.password) {
				t.Errorf("the ClickHouse password appears in what the plugin returned or logged: %.200s", text)
			}
		}
	})

	// The ten minutes around the minute payment.authorize turns slow.
	slow := cfg.SlowFrom
	// Three minutes around the slow minute: about 9,000 of the CI's 1.2M chains (test-all writes that many, so
	// that the heavy queries below take seconds on any machine).
	narrow := q{from: slow.Add(-90 * time.Second), to: slow.Add(90 * time.Second)}
	truth := cfg.ChainsStartingIn(narrow.from.UnixMilli(), narrow.to.UnixMilli())
	if len(truth) < 1000 {
		t.Fatalf("only %d chains in %v–%v: regenerate the data", len(truth), narrow.from, narrow.to)
	}

	t.Run("Save & test names the version, the table and the last hour's events", func(t *testing.T) {
		before := time.Now()
		res := p.health(t, good)
		after := time.Now()
		returned = append(returned, res.Message)
		m := regexp.MustCompile(`^Connected to ClickHouse (\S+) at (\S+) as spacetime; table spacetime\.chain_events has every mapped column; (\d+) events? in the last hour; rollup chain_rollup found$`).FindStringSubmatch(res.Message)
		if res.Status != pluginv2.CheckHealthResponse_OK || m == nil {
			t.Fatalf("%v %q", res.Status, res.Message)
		}
		n, _ := strconv.ParseInt(m[3], 10, 64)
		lo := eventsBetween(cfg, after.Add(-time.Hour), before)
		hi := eventsBetween(cfg, before.Add(-time.Hour), after.Add(time.Second))
		if n < lo || n > hi || n == 0 {
			t.Fatalf("health counts %d events in the last hour; the generator wrote between %d and %d", n, lo, hi)
		}
	})

	t.Run("Save & test names what is wrong", func(t *testing.T) {
		// The rollup as the first release created it: distinct steps as uniqExact states.
		s.exec(t, "DROP TABLE IF EXISTS chain_rollup_v1")
		s.exec(t, "CREATE TABLE chain_rollup_v1 (hour DateTime, chain_id String, first_ms AggregateFunction(min, UInt64), last_ms AggregateFunction(max, UInt64), events AggregateFunction(count), steps AggregateFunction(uniqExact, String), errors AggregateFunction(sum, UInt64), client AggregateFunction(argMin, String, UInt64), service AggregateFunction(argMin, String, UInt64), first_step AggregateFunction(argMin, String, UInt64)) ENGINE = AggregatingMergeTree ORDER BY (hour, chain_id)")
		for name, c := range map[string]struct {
			change func(map[string]any)
			secret string
			want   string
		}{
			"wrong password":  {secret: "wrong", want: "ClickHouse rejected the user or password: check the User and Password settings."},
			"unknown table":   {change: func(ch map[string]any) { ch["table"] = "no_such_table" }, want: "ClickHouse has no table spacetime.no_such_table: check the Database and Table settings."},
			"unknown column":  {change: func(ch map[string]any) { ch["columns"].(map[string]any)["client"] = "client_name" }, want: `The Client column "client_name" names no column of spacetime.chain_events.`},
			"unusable type":   {change: func(ch map[string]any) { ch["columns"].(map[string]any)["duration"] = "step" }, want: `The Duration column "step" has type String: it must be a number (ms), or a Map key holding one.`},
			"map key on text": {change: func(ch map[string]any) { ch["columns"].(map[string]any)["chain"] = "step['chain_id']" }, want: `The Chain id column "step['chain_id']" reads a key of step, which has type String, not Map.`},
			"unreachable":     {change: func(ch map[string]any) { ch["url"] = "http://127.0.0.1:1" }, want: "ClickHouse at http://127.0.0.1:1 cannot be reached"},
			"hostile table":   {change: func(ch map[string]any) { ch["table"] = "t; DROP TABLE x" }, want: `The Database/Table setting: table "t; DROP TABLE x" is not a plain identifier`},
			"rollup of an earlier version": {change: func(ch map[string]any) { ch["rollupTable"] = "chain_rollup_v1" },
				want: "The rollup table chain_rollup_v1 has steps of type AggregateFunction(uniqExact, String); the plugin reads AggregateFunction(uniq, String) (uniq, since this version): recreate the rollup with the README's rollup SQL, or clear the Rollup table setting."},
		} {
			t.Run(name, func(t *testing.T) {
				pc := s.settings(10, c.change)
				if c.secret != "" {
					pc.DataSourceInstanceSettings.DecryptedSecureJsonData["clickhousePassword"] = c.secret
				}
				pc.DataSourceInstanceSettings.Id = int64(100 + len(name))
				pc.DataSourceInstanceSettings.Uid = name
				res := p.health(t, pc)
				returned = append(returned, res.Message)
				if res.Status != pluginv2.CheckHealthResponse_ERROR || !strings.Contains(res.Message, c.want) {
					t.Fatalf("%v %q, want ERROR containing %q", res.Status, res.Message, c.want)
				}
			})
		}
	})

	t.Run("chains: the longest chains, each as the generator wrote it", func(t *testing.T) {
		x := narrow
		x.ref, x.typ, x.json = "A", "chains", `{"limit": 25, "rollup": "off"}`
		f := p.frames(t, good, x)[0]
		want := slices.Clone(truth)
		sort.SliceStable(want, func(i, j int) bool {
			if want[i].DurationMs() != want[j].DurationMs() {
				return want[i].DurationMs() > want[j].DurationMs()
			}
			return want[i].ID < want[j].ID
		})
		want = want[:25]
		checkChains(t, f, want)
		if slow := want[len(want)-1].DurationMs(); slow < 2500 {
			t.Errorf("the 25th longest chain takes %d ms: the slow step is not in the data", slow)
		}
	})

	t.Run("chains: filters on chain fields and on events, search, sort", func(t *testing.T) {
		for _, c := range []struct {
			name, json string
			keep       func(chaingen.Chain) bool
		}{
			{"retries > 0", `{"filter": {"key": "retries", "operator": ">", "value": "0"}}`, func(c chaingen.Chain) bool { return c.Retries > 0 }},
			{"errors > 0 and not retried", `{"filter": {"op": "and", "filters": [{"key": "errors", "operator": ">", "value": "0"}, {"key": "retries", "operator": "=", "value": "0"}]}}`, func(c chaingen.Chain) bool { return c.Errors > 0 && c.Retries == 0 }},
			{"the noisy client's slow chains", `{"filters": [{"key": "client", "operator": "=", "value": "client-noisy"}, {"key": "duration", "operator": ">", "value": "2500"}]}`, func(c chaingen.Chain) bool { return c.Client == chaingen.NoisyClient && c.DurationMs() > 2500 }},
			// Positive conditions on events in one AND hold for one event: a failed payment, not a payment and a failed auth retry.
			{"chains with a failed payment", `{"filter": {"op": "and", "filters": [{"key": "step", "operator": "=", "value": "payment.authorize"}, {"key": "outcome", "operator": "=", "value": "error"}]}}`, func(c chaingen.Chain) bool { return c.FirstStep == "gateway.receive" && chaingen.Failed(c.Index) }},
			{"a failed payment, the conditions split between filter and ad hoc filter", `{"filter": {"key": "step", "operator": "=", "value": "payment.authorize"}, "filters": [{"key": "outcome", "operator": "=", "value": "error"}]}`, func(c chaingen.Chain) bool { return c.FirstStep == "gateway.receive" && chaingen.Failed(c.Index) }},
			{"a payment step and no failed event", `{"filter": {"op": "and", "filters": [{"key": "step", "operator": "=", "value": "payment.authorize"}, {"key": "outcome", "operator": "!=", "value": "error"}]}, "filters": [{"key": "client", "operator": "=", "value": "client-05"}]}`, func(c chaingen.Chain) bool {
				return c.FirstStep == "gateway.receive" && c.Errors == 0 && c.Client == "client-05"
			}},
			{"no payment step (negation of an event condition)", `{"filter": {"key": "step", "operator": "!=", "value": "payment.authorize"}}`, func(c chaingen.Chain) bool { return c.FirstStep != "gateway.receive" }},
			{"search for a step word", `{"search": "profile"}`, func(c chaingen.Chain) bool { return c.FirstStep == "api.receive" }},
			{"regex on a dimension, =| on clients", `{"filter": {"op": "and", "filters": [{"key": "region", "operator": "=~", "value": "e.|a."}, {"key": "client", "operator": "=|", "values": ["client-01", "client-04"]}]}}`, func(c chaingen.Chain) bool {
				return (c.Region == "eu" || c.Region == "ap") && (c.Client == "client-01" || c.Client == "client-04")
			}},
		} {
			t.Run(c.name, func(t *testing.T) {
				var want []chaingen.Chain
				for _, ch := range truth {
					if c.keep(ch) {
						want = append(want, ch)
					}
				}
				if len(want) == 0 || len(want) > 10000 {
					t.Fatalf("the truth has %d chains for this case: choose another", len(want))
				}
				sort.Slice(want, func(i, j int) bool { return want[i].ID < want[j].ID })
				x := narrow
				x.ref, x.typ = "A", "chains"
				x.json = strings.TrimSuffix(c.json, "}") + `, "limit": 10000, "sort": [{"field": "chain"}], "rollup": "off"}`
				checkChains(t, p.frames(t, good, x)[0], want)
			})
		}
	})

	t.Run("chains from the rollup equal chains from the events", func(t *testing.T) {
		for _, filter := range []string{`"filters": [{"key": "client", "operator": "=", "value": "client-07"}]`, `"filter": {"key": "errors", "operator": ">", "value": "0"}`} {
			x := narrow
			x.ref, x.typ = "A", "chains"
			x.json = `{` + filter + `, "limit": 10000, "sort": [{"field": "chain"}], "rollup": "off"}`
			events := p.frames(t, good, x)[0]
			x.json = `{` + filter + `, "limit": 10000, "sort": [{"field": "chain"}]}`
			rolled := p.frames(t, good, x)[0]
			if rolled.Meta == nil || len(rolled.Meta.Notices) == 0 || !strings.Contains(rolled.Meta.Notices[0].Text, "rollup") {
				t.Fatalf("the rollup was not used for %s", filter)
			}
			if a, b := describeFrame(events), describeFrame(rolled); a != b {
				t.Fatalf("rollup and events differ for %s:\n%s\n%s", filter, a, b)
			}
		}
	})

	t.Run("chainLatency: p95 crosses 2.5 s at the slow minute and matches the exact quantile", func(t *testing.T) {
		wide := q{ref: "A", typ: "chainLatency", from: slow.Add(-10 * time.Minute), to: slow.Add(10 * time.Minute), json: `{"bucket": "1m", "quantiles": ["p95"]}`}
		frames := p.frames(t, good, wide)
		if len(frames) != 1 || frames[0].Meta.Type != data.FrameTypeTimeSeriesMulti {
			t.Fatalf("want one timeseries-multi frame, got %d (%v)", len(frames), frames[0].Meta)
		}
		times, values := column[time.Time](t, frames[0], "time"), column[float64](t, frames[0], "p95")
		if len(times) != 20 {
			t.Fatalf("%d buckets, want 20 (20 minutes in 1 minute buckets)", len(times))
		}
		for i, at := range times {
			chains := cfg.ChainsStartingIn(at.UnixMilli(), at.Add(time.Minute).UnixMilli())
			durs := make([]int64, len(chains))
			for k, c := range chains {
				durs[k] = c.DurationMs()
			}
			exact := float64(chaingen.Quantile(durs, 0.95))
			if math.Abs(values[i]-exact) > 0.03*exact {
				t.Errorf("bucket %v: p95 %.0f ms, the exact p95 is %.0f ms", at, values[i], exact)
			}
			if before := at.Before(slow); before != (values[i] < 1000) || !before && values[i] < 2500 {
				t.Errorf("bucket %v (slow from %v): p95 %.0f ms", at, slow, values[i])
			}
		}
	})

	t.Run("chainLatency by client: one labelled series per client and quantile", func(t *testing.T) {
		x := narrow
		x.ref, x.typ, x.json = "A", "chainLatency", `{"bucket": "5m", "groupBy": ["client"], "quantiles": ["p50", "p99"]}`
		frames := p.frames(t, good, x)
		if len(frames) != 11*2 {
			t.Fatalf("%d frames, want 22 (11 clients × 2 quantiles)", len(frames))
		}
		seen := map[string]bool{}
		for _, f := range frames {
			seen[f.Fields[1].Labels["client"]+"/"+f.Fields[1].Labels["quantile"]] = true
		}
		if !seen[chaingen.NoisyClient+"/p99"] || !seen["client-10/p50"] {
			t.Fatalf("series %v", seen)
		}
	})

	t.Run("clients: the noisy client first with exactly its chains, then other", func(t *testing.T) {
		for _, rollup := range []string{"off", "auto"} {
			x := narrow
			x.ref, x.typ, x.json = "A", "clients", `{"topN": 3, "rollup": "`+rollup+`"}`
			f := p.frames(t, good, x)[0]
			names, chains := column[string](t, f, "client"), column[float64](t, f, "chains")
			perClient := map[string]float64{}
			for _, c := range truth {
				perClient[c.Client]++
			}
			if len(names) != 4 || names[0] != chaingen.NoisyClient || names[3] != "other" {
				t.Fatalf("clients %v", names)
			}
			if chains[0] != perClient[chaingen.NoisyClient] || chains[0] < 9*perClient["client-01"] {
				t.Errorf("the noisy client has %v chains, the truth %v (client-01: %v)", chains[0], perClient[chaingen.NoisyClient], perClient["client-01"])
			}
			sum := 0.0
			for _, c := range chains {
				sum += c
			}
			if sum != float64(len(truth)) || chains[1] != perClient[names[1]] {
				t.Errorf("rows sum to %v chains, the truth has %d; %s: %v vs %v", sum, len(truth), names[1], chains[1], perClient[names[1]])
			}
		}
	})

	t.Run("steps: counts, the slow step's share and the transitions", func(t *testing.T) {
		x := q{ref: "A", typ: "steps", from: slow, to: slow.Add(5 * time.Minute), json: `{}`}
		frames := p.frames(t, good, x)
		if len(frames) != 3 || frames[1].Name != "nodes" || frames[2].Name != "edges" {
			t.Fatalf("frames %v", frames)
		}
		events, transitions := map[string]float64{}, map[string]float64{}
		var buf []chaingen.Event
		for _, c := range cfg.ChainsStartingIn(x.from.UnixMilli(), x.to.UnixMilli()) {
			buf = cfg.Events(c.Index, buf[:0])
			for k, e := range buf {
				events[e.Step]++
				if k > 0 {
					transitions[buf[k-1].Step+"→"+e.Step]++
				}
			}
		}
		steps, counts, shares := column[string](t, frames[0], "step"), column[float64](t, frames[0], "events"), column[float64](t, frames[0], "share")
		if steps[0] != chaingen.SlowStep || shares[0] < 0.8 {
			t.Errorf("the step with most time is %s (%.0f%%), want %s", steps[0], shares[0]*100, chaingen.SlowStep)
		}
		for i, st := range steps {
			if counts[i] != events[st] {
				t.Errorf("step %s: %v events, the truth %v", st, counts[i], events[st])
			}
		}
		ids, n := column[string](t, frames[2], "id"), column[float64](t, frames[2], "mainstat")
		if len(ids) != len(transitions) {
			t.Errorf("%d edges, the truth has %d", len(ids), len(transitions))
		}
		for i, id := range ids {
			if n[i] != transitions[id] {
				t.Errorf("edge %s: %v, the truth %v", id, n[i], transitions[id])
			}
		}
		if transitions[chaingen.RetriedStep+"→"+chaingen.RetriedStep] == 0 {
			t.Error("no retry edge in the truth")
		}
	})

	t.Run("chain: one chain as a trace", func(t *testing.T) {
		c := truth[0]
		for _, ch := range truth {
			if chaingen.Retried(ch.Index) {
				c = ch
				break
			}
		}
		x := narrow
		x.ref, x.typ, x.json = "A", "chain", fmt.Sprintf(`{"chain": %q}`, c.ID)
		f := p.frames(t, good, x)[0]
		evs := cfg.Events(c.Index, nil)
		ops, starts, durs := column[string](t, f, "operationName"), column[float64](t, f, "startTime"), column[float64](t, f, "duration")
		parents, status := column[string](t, f, "parentSpanID"), column[int64](t, f, "statusCode")
		spans := column[string](t, f, "spanID")
		if len(ops) != len(evs) {
			t.Fatalf("%d spans, the chain has %d events", len(ops), len(evs))
		}
		for i, e := range evs {
			if ops[i] != e.Step || starts[i] != float64(e.TsMs) || durs[i] != float64(e.DurationMs) || (i > 0 && parents[i] != spans[0]) || (status[i] == 2) != (e.Outcome == "error") {
				t.Errorf("span %d: %s %v %v parent %q status %d; event %+v", i, ops[i], starts[i], durs[i], parents[i], status[i], e)
			}
		}
	})

	t.Run("resources: fields and values counted by ClickHouse, for the filter builder and ad hoc filters", func(t *testing.T) {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		res, err := p.CallResource(ctx, good, "GET", "fields", "", nil)
		if err != nil || res.Status != 200 || !strings.Contains(string(res.Body), `{"key":"duration","name":"Duration","type":"number"}`) || !strings.Contains(string(res.Body), `{"key":"region","name":"region","type":"string"}`) {
			t.Fatalf("fields: %v %d %s", err, res.Status, res.Body)
		}
		raw := fmt.Sprintf("field=client&from=%d&to=%d&limit=2&filters=%s", narrow.from.UnixMilli(), narrow.to.UnixMilli(),
			url.QueryEscape(`[{"key":"step","operator":"=","value":"payment.authorize"}]`))
		res, err = p.CallResource(ctx, good, "GET", "values", raw, nil)
		if err != nil || res.Status != 200 {
			t.Fatalf("values: %v %d %s", err, res.Status, res.Body)
		}
		var got []valueCount
		if err := json.Unmarshal(res.Body, &got); err != nil {
			t.Fatal(err)
		}
		var noisy int64
		var buf []chaingen.Event
		for _, c := range cfg.ChainsStartingIn(narrow.from.Add(-10*time.Minute).UnixMilli(), narrow.to.UnixMilli()) {
			for _, e := range cfg.Events(c.Index, buf[:0]) {
				if e.Client == chaingen.NoisyClient && e.Step == chaingen.SlowStep && int64(e.TsMs) >= narrow.from.UnixMilli() && int64(e.TsMs) < narrow.to.UnixMilli() {
					noisy++
				}
			}
		}
		if len(got) != 2 || got[0].Value != chaingen.NoisyClient || got[0].Count != noisy {
			t.Fatalf("values %+v, want %s first with %d payment events", got, chaingen.NoisyClient, noisy)
		}

		// Chain fields (Grafana's ad hoc picker asks for them too): counted per chain whose first event is in the range.
		values := func(params string) []valueCount {
			t.Helper()
			res, err := p.CallResource(ctx, good, "GET", "values", fmt.Sprintf("from=%d&to=%d&", narrow.from.UnixMilli(), narrow.to.UnixMilli())+params, nil)
			if err != nil || res.Status != 200 {
				t.Fatalf("values?%s: %v %d %s", params, err, res.Status, res.Body)
			}
			var got []valueCount
			if err := json.Unmarshal(res.Body, &got); err != nil {
				t.Fatal(err)
			}
			return got
		}
		for key, of := range map[string]func(c chaingen.Chain) int64{
			"steps":    func(c chaingen.Chain) int64 { return int64(c.Steps) },
			"retries":  func(c chaingen.Chain) int64 { return int64(c.Retries) },
			"errors":   func(c chaingen.Chain) int64 { return int64(c.Errors) },
			"duration": chaingen.Chain.DurationMs,
		} {
			want := map[string]int64{}
			for _, c := range truth {
				want[strconv.FormatInt(of(c), 10)]++
			}
			got := values("limit=1000&field=" + key)
			if len(got) == 0 || len(got) != min(len(want), 1000) {
				t.Fatalf("values of %s: %d values, the truth has %d", key, len(got), len(want))
			}
			for i, v := range got {
				if v.Count != want[v.Value] || i > 0 && v.Count > got[i-1].Count {
					t.Fatalf("values of %s: %q counted %d (truth %d), or not most frequent first: %+v", key, v.Value, v.Count, want[v.Value], got[:min(len(got), 5)])
				}
			}
		}
		// An event field's values narrowed by a chain field: the events of the chains that retried.
		want := map[string]int64{}
		for _, c := range truth {
			if c.Retries > 0 {
				for _, e := range cfg.Events(c.Index, buf[:0]) {
					if int64(e.TsMs) >= narrow.from.UnixMilli() && int64(e.TsMs) < narrow.to.UnixMilli() {
						want[e.Step]++
					}
				}
			}
		}
		got = values("field=step&filters=" + url.QueryEscape(`[{"key":"retries","operator":">","value":"0"}]`))
		if len(got) != len(want) {
			t.Fatalf("steps of retrying chains: %+v, truth %v", got, want)
		}
		for _, v := range got {
			if v.Count != want[v.Value] {
				t.Fatalf("steps of retrying chains: %q counted %d, truth %d", v.Value, v.Count, want[v.Value])
			}
		}
		res, _ = p.CallResource(ctx, good, "GET", "values", "field=nosuch", nil)
		if res.Status != 400 || !strings.Contains(string(res.Body), `\"nosuch\" is not one`) {
			t.Errorf("values of an unknown field: %d %s", res.Status, res.Body)
		}
	})

	t.Run("one bad query does not break the others", func(t *testing.T) {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		res, err := p.query(t, ctx, good,
			q{ref: "bad", typ: "chains", from: narrow.from, to: narrow.to, json: `{"filter": {"key": "region", "operator": "=~", "value": "eu("}}`},
			q{ref: "unknown", typ: "chains", from: narrow.from, to: narrow.to, json: `{"filter": {"key": "colour", "operator": "=", "value": "x"}}`},
			q{ref: "good", typ: "clients", from: narrow.from, to: narrow.to, json: `{}`})
		if err != nil {
			t.Fatal(err)
		}
		if e := res.Responses["bad"].Error; !strings.Contains(e, `invalid regex "eu(" for field "region"`) {
			t.Errorf("bad regex: %q", e)
		}
		if e := res.Responses["unknown"].Error; !strings.Contains(e, `unknown field "colour"`) {
			t.Errorf("unknown field: %q", e)
		}
		if res.Responses["good"].Error != "" || len(res.Responses["good"].Frames) == 0 {
			t.Errorf("the good query failed: %q", res.Responses["good"].Error)
		}
	})

	t.Run("a shard that is down is one clear error, not a partial answer", func(t *testing.T) {
		down := s.settings(3, func(ch map[string]any) { ch["table"] = "chain_events_shard_down"; delete(ch, "rollupTable") })
		for _, typ := range []string{"chains", "clients", "steps", "chainLatency"} {
			msg := p.queryError(t, down, q{ref: "A", typ: typ, from: narrow.from, to: narrow.to, json: `{}`})
			returned = append(returned, msg)
			if !strings.HasPrefix(msg, "A shard of the Distributed table cannot be reached, so ClickHouse gave no answer rather than a partial one") {
				t.Errorf("%s: %q", typ, msg)
			}
		}
	})

	t.Run("a query past max execution time is stopped by ClickHouse with one message", func(t *testing.T) {
		limited := s.settings(4, func(ch map[string]any) { ch["maxExecutionSeconds"] = 1 })
		msg := p.queryError(t, limited, q{ref: "A", typ: "steps", from: cfg.Start, to: cfg.End, json: `{"search": "` + heavySearch() + `"}`})
		returned = append(returned, msg)
		if !strings.HasPrefix(msg, "The query ran longer than the datasource's max execution time and ClickHouse stopped it") {
			t.Fatalf("%q", msg)
		}
		waitNoPluginQueriesWithin(t, s, 5*time.Second)
	})

	t.Run("Grafana cancelling the request stops the query in ClickHouse", func(t *testing.T) {
		heavy := q{ref: "A", typ: "steps", from: cfg.Start, to: cfg.End, json: `{"search": "` + heavySearch() + `"}`}
		began := time.Now()
		p.frames(t, good, heavy)
		natural := time.Since(began)
		if natural < 2*time.Second {
			t.Fatalf("the heavy query took only %v: it cannot show a cancel", natural)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
		defer cancel()
		started := time.Now()
		_, err := p.query(t, ctx, good, q{ref: "A", typ: "steps", from: cfg.Start, to: cfg.End, json: `{"search": "` + heavySearch() + `"}`})
		if err == nil {
			t.Fatal("the request was not cancelled")
		}
		waitNoPluginQueriesWithin(t, s, natural/2-time.Since(started))
		t.Logf("the statement was gone %v after the request started; uncancelled it runs %v", time.Since(started).Round(time.Millisecond), natural.Round(time.Millisecond))
	})
}

// heavySearch is a search whose every term ClickHouse must look for in every event's fields: seconds of work on
// the CI's 1.2M chains (400 terms is about as many as ClickHouse's 50,000-element AST limit allows).
func heavySearch() string {
	terms := make([]string, 400)
	for i := range terms {
		terms[i] = fmt.Sprintf("e%d", i%3)
	}
	return strings.Join(terms, " ")
}

func runningPluginQueries(t *testing.T, s server) int {
	out := strings.TrimSpace(s.exec(t, "SELECT count() FROM system.processes WHERE query_id LIKE 'spacetime-%'"))
	n, _ := strconv.Atoi(out)
	return n
}

// waitNoPluginQueriesWithin fails unless every statement the plugin started has stopped within d.
func waitNoPluginQueriesWithin(t *testing.T, s server, d time.Duration) {
	t.Helper()
	deadline := time.Now().Add(d)
	for runningPluginQueries(t, s) > 0 {
		if time.Now().After(deadline) {
			t.Fatalf("ClickHouse still runs the plugin's statement: %s", s.exec(t, "SELECT query_id, elapsed FROM system.processes WHERE query_id LIKE 'spacetime-%'"))
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func eventsBetween(cfg chaingen.Config, from, to time.Time) int64 {
	var n int64
	var buf []chaingen.Event
	for _, c := range cfg.ChainsStartingIn(from.Add(-time.Minute).UnixMilli(), to.UnixMilli()) {
		buf = cfg.Events(c.Index, buf[:0])
		for _, e := range buf {
			if int64(e.TsMs) >= from.UnixMilli() && int64(e.TsMs) < to.UnixMilli() {
				n++
			}
		}
	}
	return n
}

func checkChains(t *testing.T, f *data.Frame, want []chaingen.Chain) {
	t.Helper()
	ids := column[string](t, f, "chain")
	if len(ids) != len(want) {
		t.Fatalf("%d chains, the truth has %d", len(ids), len(want))
	}
	dur, steps := column[float64](t, f, "duration"), column[int64](t, f, "steps")
	retries, errs := column[int64](t, f, "retries"), column[int64](t, f, "errors")
	distinct := column[int64](t, f, "distinctSteps")
	clients, services := column[string](t, f, "client"), column[string](t, f, "service")
	first := column[time.Time](t, f, "first")
	for i, w := range want {
		got := fmt.Sprintf("%s %v %d/%d %d %d %s %s %d", ids[i], dur[i], steps[i], distinct[i], retries[i], errs[i], clients[i], services[i], first[i].UnixMilli())
		exp := fmt.Sprintf("%s %v %d/%d %d %d %s %s %d", w.ID, float64(w.DurationMs()), w.Steps, w.DistinctSteps, w.Retries, w.Errors, w.Client, w.Service, w.FirstMs)
		if got != exp {
			t.Errorf("row %d: got %s\n          want %s", i, got, exp)
			return
		}
	}
}

func describeFrame(f *data.Frame) string {
	var b strings.Builder
	for r := 0; r < f.Rows(); r++ {
		for _, field := range f.Fields {
			fmt.Fprintf(&b, "%v ", field.At(r))
		}
		b.WriteByte('\n')
	}
	return b.String()
}

type valueCount struct {
	Value string `json:"value"`
	Count int64  `json:"count"`
}

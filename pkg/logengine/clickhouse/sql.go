package clickhouse

import (
	"fmt"
	"slices"
	"strings"

	"github.com/spacetime/tickets/pkg/logengine/clickhouse/chsql"
)

// span is a query's time range in epoch milliseconds, [from, to).
type span struct{ from, to int64 }

// chainSource is the per-chain subquery every chain query reads: one row per chain whose first event is
// in the range and that matches the filter (lifted to chains: chainCatalog). Events are read from one
// lookback before the range to one after it, so a chain is whole unless it lasts longer than the lookback.
func (m *model) chainSource(r span, lookbackMs int64, where string) string {
	return m.chainSourceOf(r, lookbackMs, where, "")
}

// chainSourceOf is chainSource with a further condition on the events (only), like the chain ids to read.
func (m *model) chainSourceOf(r span, lookbackMs int64, where string, onlyEvents string) string {
	return "SELECT " + strings.Join(m.chainColumns(), ", ") +
		" FROM " + m.table +
		" WHERE " + m.time.between(r.from-lookbackMs, r.to+lookbackMs) + onlyEvents +
		" GROUP BY c_chain" +
		" HAVING " + aFirst + " >= " + chsql.Int(r.from) + " AND " + aFirst + " < " + chsql.Int(r.to) + " AND " + where
}

// rollupSource is chainSource read from the rollup table (README "Rollup": its columns are fixed).
func (m *model) rollupSource(r span, lookbackMs int64, where string) string {
	return m.rollupSourceOf(r, lookbackMs, where, "")
}

func (m *model) rollupSourceOf(r span, lookbackMs int64, where, onlyRows string) string {
	hour := func(ms int64) string { return "toStartOfHour(toDateTime(" + chsql.Int(floorDiv(ms, 1000)) + "))" }
	return "SELECT chain_id AS c_chain, minMerge(first_ms) AS " + aFirst + ", toInt64(maxMerge(last_ms)) AS " + aLast +
		", " + aLast + " - " + aFirst + " AS " + aDuration +
		", countMerge(events) AS " + aSteps + ", uniqMerge(steps) AS " + aDistinct +
		", " + aSteps + " - " + aDistinct + " AS " + aRetries + ", sumMerge(errors) AS " + aErrors +
		", argMinMerge(client) AS " + aClient + ", argMinMerge(service) AS " + aService + ", argMinMerge(first_step) AS " + aFirstSt +
		" FROM " + m.rollup +
		" WHERE hour >= " + hour(r.from-lookbackMs) + " AND hour <= " + hour(r.to+lookbackMs) + onlyRows +
		" GROUP BY c_chain" +
		" HAVING " + aFirst + " >= " + chsql.Int(r.from) + " AND " + aFirst + " < " + chsql.Int(r.to) + " AND " + where
}

// source picks the rollup when the query allows it, the table has one and the filter needs nothing else.
func (m *model) source(q Query, r span, lookbackMs int64) (sql string, fromRollup bool, err error) {
	of, rolled, err := m.sourceOf(q, r, lookbackMs)
	if err != nil {
		return "", false, err
	}
	return of(""), rolled, nil
}

// sourceOf is source as a function of a further condition on the chain id ("" for none); the id column is
// chain_id in the rollup and the mapped chain expression in the events.
func (m *model) sourceOf(q Query, r span, lookbackMs int64) (of func(chainIn string) string, fromRollup bool, err error) {
	if m.rollup != "" && q.Rollup != "off" && strings.TrimSpace(q.Search) == "" && rollupCovers(q) {
		where, err := rollupCatalog().Where(q.Filter, q.Filters, "")
		if err != nil {
			return nil, false, err
		}
		return func(chainIn string) string {
			if chainIn != "" {
				chainIn = " AND chain_id " + chainIn
			}
			return m.rollupSourceOf(r, lookbackMs, where, chainIn)
		}, true, nil
	}
	where, err := m.chainCatalog().Where(q.Filter, q.Filters, q.Search)
	if err != nil {
		return nil, false, err
	}
	return func(chainIn string) string {
		if chainIn != "" {
			chainIn = " AND " + m.chain + " " + chainIn
		}
		return m.chainSourceOf(r, lookbackMs, where, chainIn)
	}, false, nil
}

func rollupCovers(q Query) bool {
	keys := map[string]bool{}
	for _, f := range rollupCatalog() {
		keys[f.Key] = true
	}
	for _, k := range q.filterKeys() {
		if !keys[k] {
			return false
		}
	}
	return true
}

// sortable maps the chains query's sort fields to the subquery's columns.
var sortable = map[string]string{
	KeyChain: "c_chain", KeyFirst: aFirst, KeyLast: aLast, KeyDuration: aDuration, KeySteps: aSteps,
	KeyDistinctSteps: aDistinct, KeyRetries: aRetries, KeyErrors: aErrors, KeyClient: aClient, KeyService: aService,
}

// chainsSQL lists the chains, in the query's order (default: longest first), at most Limit. In two passes of
// one statement: the first finds the chosen chains' ids with only the aggregates the order and the filter need
// (ClickHouse drops a subquery's unused columns), the second computes every column for those chains alone
// (GLOBAL IN: the ids are found once and sent to every shard). One pass with every column costs 5–7× more
// at a million chains: the string aggregates (argMin, uniq) of every chain, not the scan.
func (m *model) chainsSQL(q Query, r span, lookbackMs int64) (string, bool, error) {
	srcOf, rolled, err := m.sourceOf(q, r, lookbackMs)
	if err != nil {
		return "", false, err
	}
	order := []string{}
	for _, k := range q.Sort {
		col, ok := sortable[k.Field]
		if !ok {
			keys := make([]string, 0, len(sortable))
			for k := range sortable {
				keys = append(keys, k)
			}
			slices.Sort(keys)
			return "", false, fmt.Errorf("The chains query cannot sort by %q: sort by one of %s.", k.Field, strings.Join(keys, ", "))
		}
		dir := " ASC"
		if k.Desc {
			dir = " DESC"
		}
		order = append(order, col+dir)
	}
	if len(order) == 0 {
		order = []string{aDuration + " DESC"}
	}
	order = append(order, "c_chain ASC") // a total order: equal keys never swap between refreshes
	orderLimit := " ORDER BY " + strings.Join(order, ", ") + " LIMIT " + chsql.Int(int64(q.Limit))
	chosen := "GLOBAL IN (SELECT c_chain FROM (" + srcOf("") + ")" + orderLimit + ")"
	return "SELECT c_chain, " + aFirst + ", " + aLast + ", " + aDuration + ", " + aSteps + ", " + aDistinct + ", " + aRetries + ", " + aErrors +
		", " + aClient + ", " + aService + ", " + aFirstSt +
		" FROM (" + srcOf(chosen) + ")" + orderLimit, rolled, nil
}

// latencySQL is the quantiles of chain duration per bucket of first-event time (and per group).
func (m *model) latencySQL(q Query, r span, lookbackMs, bucketMs int64) (string, bool, error) {
	src, rolled, err := m.source(q, r, lookbackMs)
	if err != nil {
		return "", false, err
	}
	group := "''"
	switch q.groupBy() {
	case "client":
		group = aClient
	case "firstStep":
		group = aFirstSt
	}
	levels := make([]string, len(q.Quantiles))
	for i, name := range q.Quantiles {
		levels[i] = chsql.Float(quantileNames[name])
	}
	b := chsql.Int(bucketMs)
	return "SELECT intDiv(" + aFirst + ", " + b + ") * " + b + " AS bucket, " + group + " AS grp, quantiles(" + strings.Join(levels, ", ") + ")(" + aDuration + ") AS qs, count() AS chains" +
		" FROM (" + src + ") GROUP BY bucket, grp ORDER BY grp, bucket", rolled, nil
}

// clientsSQL is the top-N clients by chains, with their total chain time and p95, and "other" for the
// rest, in one scan: per-client rows with a p95 state, ranked in an array, merged by rank.
func (m *model) clientsSQL(q Query, r span, lookbackMs int64) (string, bool, error) {
	src, rolled, err := m.source(q, r, lookbackMs)
	if err != nil {
		return "", false, err
	}
	return "SELECT if(r.2 <= " + chsql.Int(int64(q.TopN)) + ", r.1.1, '" + OtherClient + "') AS name, sum(r.1.2) AS chains, sum(r.1.3) AS total_ms, quantileMerge(0.95)(r.1.4) AS p95_ms, max(r.2 > " + chsql.Int(int64(q.TopN)) + ") AS is_other" +
		" FROM (SELECT arraySort(x -> (-x.2, x.1), groupArray((" + aClient + ", n, total, st))) AS arr FROM (" +
		"SELECT " + aClient + ", count() AS n, sum(" + aDuration + ") AS total, quantileState(0.95)(" + aDuration + ") AS st FROM (" + src + ") GROUP BY " + aClient +
		")) ARRAY JOIN arrayMap((x, i) -> (x, i), arr, arrayEnumerate(arr)) AS r GROUP BY name ORDER BY is_other, chains DESC, name", rolled, nil
}

// OtherClient names the row of every client outside the top N.
const OtherClient = "other"

// stepsSQL is per step: events, p50/p95 duration, self time, errors; and per transition between
// consecutive steps of a chain: how often. One statement. Per chain it keeps two arrays of numbers (a step
// is its 64-bit hash; time, duration and outcome share one number, so sorting it orders the chain): with
// (time, step, duration, outcome) tuples each chain held about 3× the memory and 50M events went past 8 GB.
// Each chain contributes node and edge items; a UNION ALL branch names the hashes (kind "name").
func (m *model) stepsSQL(q Query, r span, lookbackMs int64) (string, error) {
	where, err := m.chainCatalog().Where(q.Filter, q.Filters, q.Search)
	if err != nil {
		return "", err
	}
	base := r.from - lookbackMs
	if r.to+lookbackMs-base >= 1<<32 {
		return "", fmt.Errorf("The steps query reads at most %d days of events (the range plus the chain lookback on each side): narrow the time range.", (1<<32)/86_400_000)
	}
	// Time since base in the high 32 bits, then the duration (ms, clamped to 0…2^31-1: a negative one would wrap
	// into the time bits) and the error bit.
	event := "bitShiftLeft(toUInt64(" + m.tms + " - " + chsql.Int(base) + "), 32) + toUInt64(greatest(0, least(" + m.dur + ", 2147483647))) * 2 + toUInt64(" + m.isErr + ")"
	stepHash := "cityHash64(" + m.step + ")"
	src := "SELECT " + strings.Join(columnsFor(m.chainColumns(), where), ", ") +
		", arraySort(groupArray(" + event + ")) AS c_events" +
		", arraySort((h, e) -> e, groupArray(" + stepHash + "), groupArray(" + event + ")) AS c_seq" +
		" FROM " + m.table + " WHERE " + m.time.between(r.from-lookbackMs, r.to+lookbackMs) +
		" GROUP BY c_chain HAVING " + aFirst + " >= " + chsql.Int(r.from) + " AND " + aFirst + " < " + chsql.Int(r.to) + " AND " + where
	items := "arrayConcat(" +
		"arrayMap((h, e) -> ('node', h, toUInt64(0), toFloat64(intDiv(e % 4294967296, 2)), e % 2), c_seq, c_events), " +
		"arrayMap(i -> ('edge', c_seq[i], c_seq[i + 1], toFloat64(0), toUInt64(0)), arrayEnumerate(arrayPopBack(c_seq))))"
	return "SELECT it.1 AS kind, it.2 AS source, it.3 AS target, count() AS n, quantiles(0.5, 0.95)(it.4) AS qs, sum(it.4) AS self_ms, sum(it.5) AS errors, '' AS name" +
		" FROM (" + src + ") ARRAY JOIN " + items + " AS it GROUP BY kind, source, target" +
		" UNION ALL SELECT 'name' AS kind, " + stepHash + " AS source, toUInt64(0) AS target, toUInt64(0) AS n, [toFloat64(0)] AS qs, toFloat64(0) AS self_ms, toUInt64(0) AS errors, any(" + m.step + ") AS name" +
		" FROM " + m.table + " WHERE " + m.time.between(r.from-lookbackMs, r.to+lookbackMs) + " GROUP BY source", nil
}

// chainSQL is one chain's events in time order.
func (m *model) chainSQL(q Query, r span, lookbackMs int64) string {
	return "SELECT " + m.tms + " AS t, " + m.dur + " AS d, " + m.step + " AS step, " + m.service + " AS service, " +
		m.client + " AS client, " + m.outcome + " AS outcome, " + m.isErr + " AS failed" +
		" FROM " + m.table +
		" WHERE " + m.time.between(r.from-lookbackMs, r.to+lookbackMs) + " AND " + m.chain + " = " + chsql.String(q.Chain) +
		" ORDER BY t LIMIT " + chsql.Int(MaxChainEvents)
}

// chainColumns are the per-chain aggregates every chain subquery computes (chainCatalog's fields: a filter
// may name any of them; ClickHouse drops those a query does not read).
func (m *model) chainColumns() []string {
	return []string{
		m.chain + " AS c_chain",
		"min(" + m.tms + ") AS " + aFirst,
		"toInt64(max(" + m.tms + " + " + m.dur + ")) AS " + aLast,
		aLast + " - " + aFirst + " AS " + aDuration,
		"count() AS " + aSteps,
		"uniq(" + m.step + ") AS " + aDistinct, // as the rollup counts them (schema.sql)
		aSteps + " - " + aDistinct + " AS " + aRetries,
		"sum(" + m.isErr + ") AS " + aErrors,
		"argMin(" + m.client + ", " + m.tms + ") AS " + aClient,
		"argMin(" + m.service + ", " + m.tms + ") AS " + aService,
		"argMin(" + m.step + ", " + m.tms + ") AS " + aFirstSt,
	}
}

// columnsFor keeps of cols (each "expression AS alias") the chain id, the first event's time, and those the
// condition reads, with the columns they are computed from: a chain's arrays are the steps query's memory,
// so it computes no string aggregate it does not need.
func columnsFor(cols []string, cond string) []string {
	alias := func(c string) string { return c[strings.LastIndex(c, " AS ")+len(" AS "):] }
	keep := map[string]bool{"c_chain": true, aFirst: true}
	for changed := true; changed; {
		changed = false
		for _, c := range cols {
			a := alias(c)
			if keep[a] {
				continue
			}
			needed := strings.Contains(cond, a)
			for _, k := range cols {
				if keep[alias(k)] && strings.Contains(k[:strings.LastIndex(k, " AS ")], a) {
					needed = true
				}
			}
			if needed {
				keep[a], changed = true, true
			}
		}
	}
	var out []string
	for _, c := range cols {
		if keep[alias(c)] {
			out = append(out, c)
		}
	}
	return out
}

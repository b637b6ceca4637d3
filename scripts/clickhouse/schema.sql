-- The test cluster's operation-log table, on every shard: {db}.chain_events_local holds the shard's events,
-- {db}.chain_events is the Distributed table over all shards that the plugin queries.
-- One row per event (a step of one chain). ClickHouse 18.16 has no DateTime64: time is epoch milliseconds.
CREATE TABLE IF NOT EXISTS {db}.chain_events_local (
  ts_ms UInt64,
  chain_id String,
  step String,
  service String,
  client String,
  outcome String,
  duration_ms UInt32,
  region String
) ENGINE = MergeTree
PARTITION BY toYYYYMMDD(toDateTime(intDiv(ts_ms, 1000)))
ORDER BY (ts_ms, chain_id);

CREATE TABLE IF NOT EXISTS {db}.chain_events AS {db}.chain_events_local
ENGINE = Distributed(spacetime, {db}, chain_events_local, cityHash64(chain_id));

-- Shard 2 of this cluster is a port nothing listens on: queries must fail, never answer from shard 1 alone.
CREATE TABLE IF NOT EXISTS {db}.chain_events_shard_down AS {db}.chain_events_local
ENGINE = Distributed(spacetime_shard_down, {db}, chain_events_local, cityHash64(chain_id));

-- The per-chain rollup (docs: README "Rollup"): one row per chain and hour, partial aggregate states that
-- ClickHouse merges in the background and that -Merge combinators finish at query time. Distinct steps are
-- uniq (exact for a chain's few steps unless two step names share a 32-bit hash): merging it took half the
-- time of uniqExact at 50M events, uniqUpTo(20) in between (README "Rollup").
CREATE TABLE IF NOT EXISTS {db}.chain_rollup_local (
  hour DateTime,
  chain_id String,
  first_ms AggregateFunction(min, UInt64),
  last_ms AggregateFunction(max, UInt64),
  events AggregateFunction(count),
  steps AggregateFunction(uniq, String),
  errors AggregateFunction(sum, UInt64),
  client AggregateFunction(argMin, String, UInt64),
  service AggregateFunction(argMin, String, UInt64),
  first_step AggregateFunction(argMin, String, UInt64),
  region AggregateFunction(argMin, String, UInt64)
) ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMMDD(hour)
ORDER BY (hour, chain_id);

CREATE MATERIALIZED VIEW IF NOT EXISTS {db}.chain_rollup_mv TO {db}.chain_rollup_local AS
SELECT
  toStartOfHour(toDateTime(intDiv(ts_ms, 1000))) AS hour,
  chain_id,
  minState(ts_ms) AS first_ms,
  maxState(ts_ms + duration_ms) AS last_ms,
  countState() AS events,
  uniqState(step) AS steps,
  sumState(toUInt64(outcome = 'error')) AS errors,
  argMinState(client, ts_ms) AS client,
  argMinState(service, ts_ms) AS service,
  argMinState(step, ts_ms) AS first_step,
  argMinState(region, ts_ms) AS region
FROM {db}.chain_events_local
GROUP BY hour, chain_id;

CREATE TABLE IF NOT EXISTS {db}.chain_rollup AS {db}.chain_rollup_local
ENGINE = Distributed(spacetime, {db}, chain_rollup_local, cityHash64(chain_id));

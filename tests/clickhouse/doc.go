// Package clickhouse holds the tests that need the real ClickHouse cluster started by
// scripts/clickhouse/clickhouse.sh (two shards and a Distributed table on loopback ports): the shared filter
// vectors compiled to SQL, the SQL-injection cases, and every log-engine query type through the built plugin
// over Grafana's plugin protocol, checked against the generator's planted truth.
//
//	scripts/clickhouse/clickhouse.sh up && set -a && . .cache/clickhouse/env && set +a
//	go run ./pkg/logengine/cmd/chaingen -config .cache/clickhouse/chains.json
//	go test -tags integration -count=1 ./tests/clickhouse/
package clickhouse

#!/bin/bash
# Runs once on the demo ClickHouse's first start (docker-entrypoint-initdb.d): the tests' schema, database "spacetime".
set -euo pipefail
clickhouse client --user "$CLICKHOUSE_USER" --password "$CLICKHOUSE_PASSWORD" --query "CREATE DATABASE IF NOT EXISTS spacetime"
sed 's/{db}/spacetime/g' /spacetime/schema.sql | clickhouse client --user "$CLICKHOUSE_USER" --password "$CLICKHOUSE_PASSWORD" --multiquery

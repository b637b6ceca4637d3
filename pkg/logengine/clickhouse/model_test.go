package clickhouse

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
)

// The test server (18.16) has no Map or DateTime64: the SQL for an OpenTelemetry otel_logs table is
// checked as text here (README: what ran against a real server and what did not).
var otelLogs = map[string]string{
	"Timestamp": "DateTime64(9)", "TraceId": "String", "ServiceName": "LowCardinality(String)",
	"LogAttributes": "Map(LowCardinality(String), String)", "SeverityText": "LowCardinality(String)",
}

func otelSettings(t *testing.T) Settings {
	t.Helper()
	jd, _ := json.Marshal(map[string]any{"system": "clickhouse", "clickhouse": map[string]any{
		"url": "http://clickhouse:8123", "database": "otel", "table": "otel_logs",
		"columns": map[string]any{"time": "Timestamp", "chain": "LogAttributes['chain_id']", "step": "LogAttributes['operation']",
			"service": "ServiceName", "client": "LogAttributes['client']", "outcome": "SeverityText",
			"duration": "LogAttributes['duration_ns']", "durationUnit": "ns"},
		"errorValues": []string{"ERROR", "FATAL"},
	}})
	s, err := LoadSettings(backend.DataSourceInstanceSettings{JSONData: jd})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestOtelLogsMapKeysAndDateTime64(t *testing.T) {
	s := otelSettings(t)
	m, err := newModel(s, otelLogs)
	if err != nil {
		t.Fatal(err)
	}
	for got, want := range map[string]string{
		m.tms:                      "toUnixTimestamp64Milli(`Timestamp`)",
		m.chain:                    "`LogAttributes`['chain_id']",
		m.step:                     "`LogAttributes`['operation']",
		m.service:                  "`ServiceName`",
		m.isErr:                    "toUInt8(`SeverityText` IN ('ERROR', 'FATAL'))",
		m.dur:                      "(toFloat64(toFloat64OrZero(`LogAttributes`['duration_ns'])) / 1000000)",
		m.time.between(1000, 2000): "`Timestamp` >= fromUnixTimestamp64Milli(toInt64(1000)) AND `Timestamp` < fromUnixTimestamp64Milli(toInt64(2000))",
	} {
		if got != want {
			t.Errorf("got  %s\nwant %s", got, want)
		}
	}
	q, _ := parseQuery([]byte(`{"filters": [{"key": "client", "operator": "=", "value": "o'brien"}]}`))
	sql, _, err := m.chainsSQL(q, span{1000, 2000}, 300_000)
	if err != nil {
		t.Fatal(err)
	}
	for _, part := range []string{
		"FROM `otel`.`otel_logs` WHERE `Timestamp` >= fromUnixTimestamp64Milli(toInt64(-299000))",
		"GROUP BY c_chain HAVING c_first_ms >= 1000 AND c_first_ms < 2000 AND max(toUInt8(`LogAttributes`['client'] = 'o\\'brien')) = 1",
	} {
		if !strings.Contains(sql, part) {
			t.Errorf("the chains SQL lacks %s:\n%s", part, sql)
		}
	}
	steps, err := m.stepsSQL(q, span{1000, 2000}, 300_000)
	if err != nil {
		t.Fatal(err)
	}
	for _, part := range []string{
		// The duration is clamped to [0, 2^31-1] ms: a negative one (an end before its start) would wrap into
		// the time bits and misorder the chain.
		"bitShiftLeft(toUInt64(toUnixTimestamp64Milli(`Timestamp`) - -299000), 32) + toUInt64(greatest(0, least((toFloat64(toFloat64OrZero(`LogAttributes`['duration_ns'])) / 1000000), 2147483647))) * 2 + toUInt64(toUInt8(`SeverityText` IN ('ERROR', 'FATAL')))",
		"groupArray(cityHash64(`LogAttributes`['operation']))",
		"any(`LogAttributes`['operation']) AS name FROM `otel`.`otel_logs` WHERE `Timestamp` >= fromUnixTimestamp64Milli(toInt64(-299000))",
	} {
		if !strings.Contains(steps, part) {
			t.Errorf("the steps SQL lacks %s:\n%s", part, steps)
		}
	}
	if _, err := m.stepsSQL(q, span{0, 50 * 86_400_000}, 300_000); err == nil || !strings.Contains(err.Error(), "narrow the time range") {
		t.Errorf("steps over 50 days: %v", err)
	}
}

func TestDateTimeAndEpochMsColumns(t *testing.T) {
	for typ, want := range map[string]string{
		"DateTime":           "(toInt64(toUnixTimestamp(`ts`)) * 1000)",
		"Nullable(DateTime)": "(toInt64(toUnixTimestamp(`ts`)) * 1000)",
		"UInt64":             "toInt64(`ts`)",
	} {
		te, err := newTimeExpr("`ts`", typ)
		if err != nil || te.ms() != want {
			t.Errorf("%s: %q %v, want %q", typ, te.ms(), err, want)
		}
	}
	if _, err := newModel(otelSettingsWith(t, "SeverityText"), otelLogs); err == nil || !strings.Contains(err.Error(), "Duration column") {
		t.Errorf("a String column (not a Map key) was accepted as the duration: %v", err)
	}
	if _, err := newTimeExpr("`ts`", "String"); err == nil || !strings.Contains(err.Error(), "String") {
		t.Errorf("a String time column was accepted: %v", err)
	}
}

func TestSettingsErrorsNameTheSetting(t *testing.T) {
	for jd, want := range map[string]string{
		`{"clickhouse": {}}`: "The ClickHouse URL setting",
		`{"clickhouse": {"url": "http://u:p@h:8123", "table": "t"}}`:                                                                                                                    "must hold no user, password",
		`{"clickhouse": {"url": "http://h:8123"}}`:                                                                                                                                      "The Table setting is empty",
		`{"clickhouse": {"url": "http://h:8123", "table": "t", "columns": {}}}`:                                                                                                         "column setting is empty",
		`{"clickhouse": {"url": "http://h:8123", "table": "t--", "columns": {}}}`:                                                                                                       `table "t--" is not a plain identifier`,
		`{"clickhouse": {"url": "http://h:8123", "table": "t", "columns": {"time": "ts", "chain": "c", "step": "s"}}}`:                                                                  "Set exactly one of the Duration and End",
		`{"clickhouse": {"url": "http://h:8123", "table": "t", "columns": {"time": "ts", "chain": "c['x'] OR 1", "step": "s", "duration": "d"}}}`:                                       `The Chain id column "c['x'] OR 1" is not a column name`,
		`{"clickhouse": {"url": "http://h:8123", "table": "t", "columns": {"time": "ts", "chain": "c", "step": "s", "duration": "d"}, "dimensions": [{"key": "step", "column": "x"}]}}`: `dimension key "step"`,
	} {
		_, err := LoadSettings(backend.DataSourceInstanceSettings{JSONData: json.RawMessage(jd)})
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v, want %q", jd, err, want)
		}
	}
}

func otelSettingsWith(t *testing.T, duration string) Settings {
	s := otelSettings(t)
	s.Columns.Duration = duration
	return s
}

func TestBucketsAndQueryOptions(t *testing.T) {
	dq := backend.DataQuery{Interval: 30 * time.Second}
	for bucket, want := range map[string]int64{"": 30_000, "auto": 30_000, "1m": 60_000, "2h": 7_200_000, "1d": 86_400_000, "1w": 604_800_000} {
		got, err := bucketMs(Query{Bucket: bucket}, dq)
		if err != nil || got != want {
			t.Errorf("bucket %q: %d %v, want %d", bucket, got, err, want)
		}
	}
	for _, bad := range []string{"0m", "1y", "m", "1.5h", "-1m"} {
		if _, err := bucketMs(Query{Bucket: bad}, dq); err == nil || !strings.Contains(err.Error(), bad) {
			t.Errorf("bucket %q: %v", bad, err)
		}
	}
	for raw, want := range map[string]string{
		`{"groupBy": ["client", "firstStep"]}`: "at most one",
		`{"groupBy": ["region"]}`:              `"region"`,
		`{"quantiles": ["p42"]}`:               `"p42"`,
		`{"limit": 10001}`:                     "limit 10001",
		`{"rollup": "always"}`:                 `"always"`,
	} {
		if _, err := parseQuery([]byte(raw)); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v, want %q", raw, err, want)
		}
	}
}

func TestArrayDimensionsAreMultiValued(t *testing.T) {
	s := otelSettings(t)
	s.Dimensions = []Dimension{{Key: "tags", Column: "Tags"}}
	types := map[string]string{"Tags": "Array(LowCardinality(String))"}
	for k, v := range otelLogs {
		types[k] = v
	}
	m, err := newModel(s, types)
	if err != nil {
		t.Fatal(err)
	}
	q, _ := parseQuery([]byte(`{"filters": [{"key": "tags", "operator": "!=", "value": "beta"}]}`))
	where, err := m.chainCatalog().Where(q.Filter, q.Filters, "")
	if err != nil {
		t.Fatal(err)
	}
	if want := "NOT (max(toUInt8(arrayExists(x_value -> x_value = 'beta', if(empty(`Tags`), [''], `Tags`)))) = 1)"; where != want {
		t.Errorf("got  %s\nwant %s", where, want)
	}
	types["Tags"] = "Array(UInt8)"
	if _, err := newModel(s, types); err == nil || !strings.Contains(err.Error(), "Array of String") {
		t.Errorf("an Array(UInt8) dimension: %v", err)
	}
}

// The ClickHouse (operation logs) system: its settings (jsonData.clickhouse, secureJsonData.clickhousePassword)
// and query types. The contract with the Go backend is pkg/logengine/clickhouse (settings.go, query.go).

export const CLICKHOUSE_SYSTEM = 'clickhouse';

export type ChainQueryType = 'chains' | 'chainLatency' | 'steps' | 'clients' | 'chain';

export const CHAIN_QUERY_TYPES: ChainQueryType[] = ['chains', 'chainLatency', 'steps', 'clients', 'chain'];

export type Quantile = 'p50' | 'p90' | 'p95' | 'p99';

/** A mapped field: a column name or a Map column's key, like LogAttributes['chain_id']. */
export interface ClickHouseColumns {
  time?: string;
  chain?: string;
  step?: string;
  service?: string;
  client?: string;
  outcome?: string;
  duration?: string;
  durationUnit?: 'ms' | 'us' | 'ns' | 's';
  end?: string;
}

export interface ClickHouseDimension {
  key: string;
  column: string;
}

export interface ClickHouseSettings {
  url?: string;
  user?: string;
  database?: string;
  table?: string;
  rollupTable?: string;
  columns?: ClickHouseColumns;
  dimensions?: ClickHouseDimension[];
  errorValues?: string[];
  chainLookbackSeconds?: number;
  maxExecutionSeconds?: number;
  maxResultRows?: number;
  maxMemoryBytes?: number;
}

/** The otel_logs table of the OpenTelemetry ClickHouse exporter, the most common source. */
export const OTEL_LOGS_MAPPING: ClickHouseSettings = {
  table: 'otel_logs',
  columns: {
    time: 'Timestamp',
    chain: 'TraceId',
    step: "LogAttributes['operation']",
    service: 'ServiceName',
    client: "LogAttributes['client']",
    outcome: 'SeverityText',
    duration: "LogAttributes['duration_ms']",
    durationUnit: 'ms',
  },
  errorValues: ['ERROR', 'FATAL'],
};

/** Same pattern as the backend's parseRef. */
export const COLUMN_REF = /^[A-Za-z_][A-Za-z0-9_]*(\['[^'\\]*'\])?$/;
export const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

import React, { type ChangeEvent, type ReactNode } from 'react';
import { type DataSourcePluginOptionsEditorProps } from '@grafana/data';
import { Button, Combobox, Field, FieldSet, IconButton, Input, SecretInput, Stack, TagsInput } from '@grafana/ui';

import { type SpacetimeOptions, type SpacetimeSecureOptions } from '../types';
import { type ClickHouseColumns, type ClickHouseSettings, COLUMN_REF, IDENTIFIER, OTEL_LOGS_MAPPING } from './types';

type Props = DataSourcePluginOptionsEditorProps<SpacetimeOptions, SpacetimeSecureOptions> & {
  /** The system picker of the main config editor, shown first. */
  systemField: ReactNode;
};

interface ColumnSpec {
  key: keyof ClickHouseColumns;
  label: string;
  description: string;
  required?: boolean;
  placeholder: string;
}

const COLUMNS: ColumnSpec[] = [
  {
    key: 'time',
    label: 'Event time',
    description: 'DateTime, DateTime64, or an Int64/UInt64 of epoch milliseconds',
    required: true,
    placeholder: 'Timestamp',
  },
  {
    key: 'chain',
    label: 'Chain id',
    description: 'The correlation id every step of one request or update carries',
    required: true,
    placeholder: "LogAttributes['chain_id']",
  },
  {
    key: 'step',
    label: 'Step',
    description: 'The operation name of the event',
    required: true,
    placeholder: "LogAttributes['operation']",
  },
  {
    key: 'duration',
    label: 'Duration',
    description: "The step's duration, in the unit below (or set End instead)",
    placeholder: 'duration_ms',
  },
  {
    key: 'end',
    label: 'End',
    description: "The step's end time, when there is no duration column",
    placeholder: 'EndTimestamp',
  },
  { key: 'service', label: 'Service', description: 'The service that ran the step', placeholder: 'ServiceName' },
  {
    key: 'client',
    label: 'Client',
    description: 'Who set the chain off (API client, tenant, user agent)',
    placeholder: "LogAttributes['client']",
  },
  {
    key: 'outcome',
    label: 'Outcome',
    description: 'ok / error, or a severity: the values below count as errors',
    placeholder: 'SeverityText',
  },
];

const UNITS = [
  { value: 'ms', label: 'milliseconds' },
  { value: 'us', label: 'microseconds' },
  { value: 'ns', label: 'nanoseconds' },
  { value: 's', label: 'seconds' },
] as const;

/** Problems the backend would report for these settings, by setting. */
export function clickHouseErrors(ch: ClickHouseSettings): Record<string, string | undefined> {
  const errors: Record<string, string | undefined> = {};
  const url = (ch.url ?? '').trim();
  if (!/^https?:\/\/[^\s/?#@]+[^\s?#@]*$/.test(url)) {
    errors.url = "Enter ClickHouse's HTTP interface URL, like http://clickhouse:8123 (no user or query)";
  }
  if (!IDENTIFIER.test(ch.table ?? '')) {
    errors.table = 'Enter the table (or Distributed table): letters, digits and _';
  }
  for (const k of ['database', 'rollupTable'] as const) {
    if (ch[k] && !IDENTIFIER.test(ch[k] ?? '')) {
      errors[k] = 'Letters, digits and _ only';
    }
  }
  const cols = ch.columns ?? {};
  for (const spec of COLUMNS) {
    const v = cols[spec.key];
    if (spec.required && !v) {
      errors[spec.key] = `Map the ${spec.label} column`;
    } else if (v && !COLUMN_REF.test(v)) {
      errors[spec.key] = "A column name, or a Map column's key like LogAttributes['chain_id']";
    }
  }
  if (Boolean(cols.duration) === Boolean(cols.end)) {
    errors.duration = 'Set exactly one of Duration and End';
  }
  (ch.dimensions ?? []).forEach((d, i) => {
    if (!IDENTIFIER.test(d.key) || !COLUMN_REF.test(d.column)) {
      errors[`dimension${i}`] = 'A key (letters, digits, _) and a column reference';
    }
  });
  return errors;
}

function wholeOrUndefined(raw: string): number | undefined {
  return raw.trim() === '' ? undefined : Number(raw);
}

export function ClickHouseConfigEditor({ options, onOptionsChange, systemField }: Props) {
  const ch: ClickHouseSettings = options.jsonData.clickhouse ?? {};
  const errors = clickHouseErrors(ch);
  const set = (patch: Partial<ClickHouseSettings>) =>
    onOptionsChange({ ...options, jsonData: { ...options.jsonData, clickhouse: { ...ch, ...patch } } });
  const setColumn = (key: keyof ClickHouseColumns, value: string) => {
    const columns: ClickHouseColumns = { ...ch.columns, [key]: value };
    if (value === '') {
      delete columns[key];
    }
    set({ columns });
  };
  const passwordSet = Boolean(options.secureJsonFields?.clickhousePassword);
  const dims = ch.dimensions ?? [];

  const text = (
    key: 'url' | 'user' | 'database' | 'table' | 'rollupTable',
    label: string,
    description: string,
    placeholder: string,
    required = false
  ) => (
    <Field
      label={label}
      description={description}
      required={required}
      invalid={Boolean(errors[key])}
      error={errors[key]}
      htmlFor={`ch-${key}`}
    >
      <Input
        id={`ch-${key}`}
        width={40}
        value={ch[key] ?? ''}
        placeholder={placeholder}
        onChange={(e: ChangeEvent<HTMLInputElement>) => set({ [key]: e.currentTarget.value })}
      />
    </Field>
  );
  const limit = (
    key: 'maxExecutionSeconds' | 'maxResultRows' | 'maxMemoryBytes' | 'chainLookbackSeconds',
    label: string,
    description: string,
    placeholder: string
  ) => (
    <Field label={label} description={description} htmlFor={`ch-${key}`}>
      <Input
        id={`ch-${key}`}
        type="number"
        width={20}
        value={ch[key] ?? ''}
        placeholder={placeholder}
        onChange={(e: ChangeEvent<HTMLInputElement>) => set({ [key]: wholeOrUndefined(e.currentTarget.value) })}
      />
    </Field>
  );

  return (
    <>
      <FieldSet label="Log engine">
        {systemField}
        {text(
          'url',
          'URL',
          "ClickHouse's HTTP interface (every query is sent readonly)",
          'http://clickhouse:8123',
          true
        )}
        {text('user', 'User', 'A user that may read the table (default: default)', 'grafana')}
        <Field label="Password" description="Stored encrypted on the server, never shown again" htmlFor="ch-password">
          <SecretInput
            id="ch-password"
            width={40}
            isConfigured={passwordSet}
            value={options.secureJsonData?.clickhousePassword ?? ''}
            placeholder="Password"
            onReset={() =>
              onOptionsChange({
                ...options,
                secureJsonFields: { ...options.secureJsonFields, clickhousePassword: false },
                secureJsonData: { ...options.secureJsonData, clickhousePassword: '' },
              })
            }
            onChange={(e: ChangeEvent<HTMLInputElement>) =>
              onOptionsChange({
                ...options,
                secureJsonData: { ...options.secureJsonData, clickhousePassword: e.currentTarget.value },
              })
            }
          />
        </Field>
        {text('database', 'Database', "The table's database (default: the user's)", 'otel')}
        {text('table', 'Table', 'The events: a MergeTree or a Distributed table over the shards', 'otel_logs', true)}
        {text(
          'rollupTable',
          'Rollup table',
          'Optional per-chain rollup (README: "Rollup"); chains and clients read it when it can answer',
          'chain_rollup'
        )}
      </FieldSet>

      <FieldSet label="Column mapping">
        <Button
          variant="secondary"
          icon="bolt"
          onClick={() => set({ ...OTEL_LOGS_MAPPING, columns: { ...OTEL_LOGS_MAPPING.columns } })}
        >
          Use the OpenTelemetry otel_logs mapping
        </Button>
        {COLUMNS.map((spec) => (
          <Field
            key={spec.key}
            label={spec.label}
            description={spec.description}
            required={spec.required}
            invalid={Boolean(errors[spec.key])}
            error={errors[spec.key]}
            htmlFor={`ch-col-${spec.key}`}
          >
            <Input
              id={`ch-col-${spec.key}`}
              width={40}
              value={ch.columns?.[spec.key] ?? ''}
              placeholder={spec.placeholder}
              onChange={(e: ChangeEvent<HTMLInputElement>) => setColumn(spec.key, e.currentTarget.value)}
            />
          </Field>
        ))}
        <Field label="Duration unit" htmlFor="ch-col-unit">
          <Combobox
            id="ch-col-unit"
            width={20}
            options={UNITS.map((u) => ({ value: u.value, label: u.label }))}
            value={ch.columns?.durationUnit ?? 'ms'}
            onChange={(o) => set({ columns: { ...ch.columns, durationUnit: o.value } })}
          />
        </Field>
        <Field label="Error outcomes" description="Outcome values that mean a failed step (default: error)">
          <TagsInput tags={ch.errorValues ?? []} placeholder="error" onChange={(errorValues) => set({ errorValues })} />
        </Field>
        <Field label="Dimensions" description="More fields to filter and search on: a key and its column">
          <Stack direction="column" gap={1}>
            {dims.map((d, i) => (
              <Stack key={i} gap={1} alignItems="center">
                <Input
                  aria-label={`Dimension ${i + 1} key`}
                  width={16}
                  value={d.key}
                  placeholder="region"
                  invalid={Boolean(errors[`dimension${i}`])}
                  onChange={(e: ChangeEvent<HTMLInputElement>) =>
                    set({ dimensions: dims.map((x, k) => (k === i ? { ...x, key: e.currentTarget.value } : x)) })
                  }
                />
                <Input
                  aria-label={`Dimension ${i + 1} column`}
                  width={30}
                  value={d.column}
                  placeholder="ResourceAttributes['region']"
                  invalid={Boolean(errors[`dimension${i}`])}
                  onChange={(e: ChangeEvent<HTMLInputElement>) =>
                    set({ dimensions: dims.map((x, k) => (k === i ? { ...x, column: e.currentTarget.value } : x)) })
                  }
                />
                <IconButton
                  name="trash-alt"
                  tooltip="Remove dimension"
                  onClick={() => set({ dimensions: dims.filter((_, k) => k !== i) })}
                />
              </Stack>
            ))}
            <div>
              <Button
                variant="secondary"
                size="sm"
                icon="plus"
                onClick={() => set({ dimensions: [...dims, { key: '', column: '' }] })}
              >
                Add dimension
              </Button>
            </div>
          </Stack>
        </Field>
      </FieldSet>

      <FieldSet label="Limits (sent with every query)">
        {limit(
          'maxExecutionSeconds',
          'Max execution time (s)',
          'ClickHouse stops a query that runs longer (max_execution_time)',
          '60'
        )}
        {limit(
          'maxResultRows',
          'Max result rows',
          'max_result_rows; a larger answer is an error, never cut short',
          '100000'
        )}
        {limit('maxMemoryBytes', 'Max memory (bytes)', 'max_memory_usage per query', '4294967296')}
        {limit(
          'chainLookbackSeconds',
          'Chain lookback (s)',
          'Events are read this long before and after the range, so chains that cross its edges are whole',
          '300'
        )}
      </FieldSet>
    </>
  );
}

import React, { useId, useMemo } from 'react';
import { type QueryEditorProps } from '@grafana/data';
import {
  Combobox,
  type ComboboxOption,
  IconButton,
  InlineField,
  InlineFieldRow,
  MultiCombobox,
  RadioButtonGroup,
  Stack,
} from '@grafana/ui';

import { type SpacetimeDataSource } from '../datasource';
import {
  ALL_STATS,
  type BreakdownFormat,
  type ContrastBaseline,
  DEFAULT_LIMIT,
  DEFAULT_QUERY,
  type FieldInfo,
  type Metric,
  type QueryType,
  type SortSpec,
  type SpacetimeOptions,
  type SpacetimeQuery,
  type StatName,
  type TimeField,
} from '../types';
import { queryErrors } from '../validate';
import { QueryEditorFrame, useQueryChange } from './QueryEditorFrame';
import { BucketField, FilterField, NumberField, SearchField } from './QueryFields';
import { useFields } from './useFields';
import { ChainsQueryEditor } from '../logengine/ChainsQueryEditor';
import { CLICKHOUSE_SYSTEM } from '../logengine/types';

type Props = QueryEditorProps<SpacetimeDataSource, SpacetimeQuery, SpacetimeOptions>;

const QUERY_TYPES: Array<{ label: string; value: QueryType; description: string }> = [
  { label: 'Tickets', value: 'tickets', description: 'One row per ticket (table)' },
  { label: 'Time series', value: 'timeseries', description: 'Tickets per time bucket, optionally per group' },
  { label: 'Breakdown', value: 'breakdown', description: 'Tickets per value of a field (pie and bar charts)' },
  {
    label: 'Stats',
    value: 'stats',
    description: 'Single numbers: open now, opened, rate, MTTR, normal for this time…',
  },
  { label: 'What changed', value: 'contrast', description: 'Values over-represented in the range against a baseline' },
];

const BASELINES: Array<{ label: string; value: ContrastBaseline; description: string }> = [
  { label: 'Before', value: 'previous', description: 'The same length of time just before the range' },
  { label: 'Same time, previous days', value: 'seasonal', description: 'The same time of day over the previous days' },
  { label: 'Rest of the window', value: 'rest', description: 'Every other ticket the data source holds' },
];

export const TIME_FIELDS: Array<{ label: string; value: TimeField; description: string }> = [
  { label: 'Opened', value: 'opened', description: 'The time range applies to when tickets were opened' },
  { label: 'Updated', value: 'updated', description: 'The time range applies to when tickets were last updated' },
  { label: 'Resolved', value: 'resolved', description: 'The time range applies to when tickets were resolved' },
];

const METRICS: Array<{ label: string; value: Metric; description: string }> = [
  { label: 'Count', value: 'count', description: 'Tickets whose time field falls in the bucket' },
  { label: 'Open', value: 'open', description: 'Tickets open at the end of the bucket' },
  {
    label: 'Normal',
    value: 'seasonal',
    description: 'Median of the same bucket at the same time of day on previous days',
  },
];

const FORMATS: Array<{ label: string; value: BreakdownFormat; description: string }> = [
  { label: 'Long', value: 'long', description: 'One row per group (pie and bar charts, alerting)' },
  { label: 'Wide', value: 'wide', description: 'One row, one number field per group' },
];

const BUCKETS: Array<ComboboxOption<string>> = ['auto', '1m', '5m', '15m', '30m', '1h', '6h', '12h', '1d', '1w'].map(
  (b) => ({
    value: b,
    label: b,
    description: b === 'auto' ? "From the panel's interval" : undefined,
  })
);

const STAT_OPTIONS: Array<ComboboxOption<StatName>> = [
  { value: 'opened', label: 'Opened', description: 'Tickets opened in the range' },
  { value: 'open', label: 'Open', description: 'Tickets open at the end of the range' },
  { value: 'closed', label: 'Closed', description: 'Tickets resolved in the range' },
  { value: 'rate', label: 'Rate', description: 'Opened in the last hour of the range, per hour' },
  { value: 'baseline', label: 'Baseline', description: 'Opened in the hour before that' },
  { value: 'change', label: 'Change', description: 'Rate vs baseline, percent' },
  { value: 'mttr', label: 'MTTR', description: 'Median time to resolve, tickets resolved in the range' },
  {
    value: 'seasonal',
    label: 'Normal',
    description: 'Median opened in the same window at the same time of day, previous days',
  },
  { value: 'seasonalMad', label: 'Normal spread', description: 'Median absolute deviation of those days' },
];

const NOT_GROUPABLE = new Set(['id', 'title', 'description', 'url', 'opened', 'updated', 'resolved']);

function fieldOptions(fields: FieldInfo[] | undefined, keep: (f: FieldInfo) => boolean = () => true) {
  return (fields ?? []).filter(keep).map((f) => ({ value: f.key, label: f.name || f.key, description: f.key }));
}

/** The query editor: the log engine's for a ClickHouse (operation logs) data source, else the tickets'. */
export function QueryEditor(props: Props) {
  return props.datasource.settings.system === CLICKHOUSE_SYSTEM ? (
    <ChainsQueryEditor {...props} />
  ) : (
    <TicketQueryEditor {...props} />
  );
}

function TicketQueryEditor({ query, onChange, onRunQuery, datasource, range }: Props) {
  const id = useId();
  const { fields, error: fieldsError } = useFields(datasource);
  const type = query.queryType ?? DEFAULT_QUERY.queryType ?? 'tickets';
  const errors = useMemo(() => queryErrors(query, fields), [query, fields]);

  const { change, runIfValid } = useQueryChange(query, onChange, onRunQuery, (q) => queryErrors(q, fields));
  const editing = { query, change, runIfValid };

  const groupable = fieldOptions(fields, (f) => f.type === 'string' && !NOT_GROUPABLE.has(f.key));
  const sortable = fieldOptions(fields);

  return (
    <QueryEditorFrame
      types={QUERY_TYPES}
      type={type}
      query={query}
      errors={errors}
      fieldsError={fieldsError}
      change={change}
    >
      <FilterField
        query={query}
        datasource={datasource}
        fields={fields}
        range={range}
        error={errors.filter}
        change={change}
      />

      <InlineFieldRow>
        <SearchField
          {...editing}
          tooltip='Words in title, description, id and dimensions; "a phrase"; field:value'
          placeholder='checkout timeout, "payment failed", service:api'
        />
      </InlineFieldRow>

      <InlineFieldRow>
        <InlineField
          label="Time field"
          labelWidth={14}
          tooltip="Which time the dashboard range applies to (and time series count)"
        >
          <RadioButtonGroup
            options={TIME_FIELDS}
            value={query.timeField ?? 'opened'}
            onChange={(v) => change({ ...query, timeField: v })}
          />
        </InlineField>
      </InlineFieldRow>

      {(type === 'timeseries' || type === 'breakdown') && (
        <InlineFieldRow>
          <InlineField
            label="Group by"
            labelWidth={14}
            htmlFor={`${id}-groupby`}
            invalid={Boolean(errors.groupBy)}
            error={errors.groupBy}
            required={type === 'breakdown'}
          >
            <MultiCombobox<string>
              id={`${id}-groupby`}
              width="auto"
              minWidth={20}
              maxWidth={60}
              options={groupable}
              createCustomValue
              invalid={Boolean(errors.groupBy)}
              value={query.groupBy ?? []}
              placeholder={type === 'breakdown' ? 'choose a field' : 'no grouping'}
              onChange={(opts) => change({ ...query, groupBy: opts.map((o) => o.value) })}
            />
          </InlineField>
          <NumberField
            {...editing}
            name="topN"
            label="Top N"
            labelWidth={8}
            error={errors.topN}
            placeholder="all"
            width={10}
            tooltip='Keep the N largest groups, sum the rest into "other"; 0 or empty keeps all'
          />
        </InlineFieldRow>
      )}

      {type === 'timeseries' && (
        <InlineFieldRow>
          <BucketField
            query={query}
            options={BUCKETS}
            labelWidth={14}
            width={14}
            error={errors.bucket}
            change={change}
          />
          <InlineField label="Metric" labelWidth={8}>
            <RadioButtonGroup
              options={METRICS}
              value={query.metric ?? 'count'}
              onChange={(v) => change({ ...query, metric: v })}
            />
          </InlineField>
        </InlineFieldRow>
      )}

      {type === 'breakdown' && (
        <InlineFieldRow>
          <InlineField label="Format" labelWidth={14}>
            <RadioButtonGroup
              options={FORMATS}
              value={query.format ?? 'long'}
              onChange={(v) => change({ ...query, format: v })}
            />
          </InlineField>
        </InlineFieldRow>
      )}

      {type === 'tickets' && (
        <>
          <SortEditor
            sort={query.sort}
            options={sortable}
            error={errors.sort}
            onChange={(sort) => {
              const next = { ...query, sort };
              if (!sort) {
                delete next.sort;
              }
              change(next);
            }}
          />
          <InlineFieldRow>
            <NumberField
              {...editing}
              name="limit"
              label="Limit"
              labelWidth={14}
              error={errors.limit}
              placeholder={String(DEFAULT_LIMIT)}
              width={12}
            />
          </InlineFieldRow>
        </>
      )}

      {type === 'contrast' && (
        <InlineFieldRow>
          <InlineField label="Compare with" labelWidth={14}>
            <RadioButtonGroup
              options={BASELINES}
              value={query.baseline ?? 'previous'}
              onChange={(v) => change({ ...query, baseline: v })}
            />
          </InlineField>
        </InlineFieldRow>
      )}

      {usesSeasonal(query) && (
        <InlineFieldRow>
          <NumberField
            {...editing}
            name="seasonalDays"
            label="Days"
            labelWidth={14}
            min={1}
            max={90}
            placeholder="7"
            width={12}
            tooltip="Previous days the normal is the median of"
          />
        </InlineFieldRow>
      )}

      {type === 'stats' && (
        <InlineFieldRow>
          <InlineField label="Stats" labelWidth={14} htmlFor={`${id}-stats`} tooltip="Empty shows all">
            <MultiCombobox<StatName>
              id={`${id}-stats`}
              width="auto"
              minWidth={30}
              maxWidth={80}
              options={STAT_OPTIONS}
              placeholder={`all: ${ALL_STATS.join(', ')}`}
              value={query.stats ?? []}
              onChange={(opts) => {
                const next = { ...query, stats: opts.map((o) => o.value) };
                if (next.stats.length === 0) {
                  delete (next as SpacetimeQuery).stats;
                }
                change(next);
              }}
            />
          </InlineField>
        </InlineFieldRow>
      )}
    </QueryEditorFrame>
  );
}

/** The query reads previous days: a seasonal stat, metric or contrast baseline. */
function usesSeasonal(q: SpacetimeQuery): boolean {
  return (
    q.metric === 'seasonal' ||
    q.baseline === 'seasonal' ||
    Boolean(q.stats?.some((s) => s === 'seasonal' || s === 'seasonalMad'))
  );
}

interface SortProps {
  sort?: SortSpec[];
  options: Array<ComboboxOption<string>>;
  error?: string;
  onChange: (sort: SortSpec[] | undefined) => void;
}

/** Sort keys in order; empty means the backend default (updated, newest first). */
function SortEditor({ sort, options, error, onChange }: SortProps) {
  const id = useId();
  const rows = sort ?? [];
  const set = (i: number, s: SortSpec) => onChange(rows.map((r, j) => (j === i ? s : r)));
  return (
    <InlineFieldRow>
      <InlineField
        label="Sort"
        labelWidth={14}
        invalid={Boolean(error)}
        error={error}
        tooltip="Empty: most recently updated first"
      >
        <SortRows>
          {rows.map((s, i) => (
            <Stack key={i} direction="row" gap={0.5} alignItems="center">
              <span id={`${id}-${i}`} hidden>
                Sort field {i + 1}
              </span>
              <Combobox<string>
                aria-labelledby={`${id}-${i}`}
                width={20}
                options={options}
                createCustomValue
                value={s.field || null}
                placeholder="field"
                onChange={(o) => set(i, { ...s, field: o.value })}
              />
              <RadioButtonGroup
                size="sm"
                options={[
                  { label: 'Ascending', value: false },
                  { label: 'Descending', value: true },
                ]}
                value={Boolean(s.desc)}
                onChange={(desc) => set(i, { ...s, desc })}
              />
              <IconButton
                name="times"
                aria-label={`Remove sort field ${i + 1}`}
                tooltip="Remove"
                onClick={() => {
                  const next = rows.filter((_, j) => j !== i);
                  onChange(next.length > 0 ? next : undefined);
                }}
              />
            </Stack>
          ))}
          <IconButton
            name="plus"
            aria-label="Add sort field"
            tooltip="Add sort field"
            onClick={() => onChange([...rows, { field: rows.length === 0 ? 'updated' : '', desc: true }])}
          />
        </SortRows>
      </InlineField>
    </InlineFieldRow>
  );
}

/** InlineField passes `invalid` to its child: keep it off the DOM. */
function SortRows({ children }: { children: React.ReactNode; invalid?: boolean }) {
  return (
    <Stack direction="column" gap={0.5}>
      {children}
    </Stack>
  );
}

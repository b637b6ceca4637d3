import React, { useId, useMemo } from 'react';
import { type QueryEditorProps } from '@grafana/data';
import {
  Combobox,
  type ComboboxOption,
  InlineField,
  InlineFieldRow,
  InlineSwitch,
  Input,
  MultiCombobox,
  RadioButtonGroup,
} from '@grafana/ui';

import { QueryEditorFrame, useQueryChange } from '../components/QueryEditorFrame';
import { BucketField, FilterField, NumberField, SearchField } from '../components/QueryFields';
import { useFields } from '../components/useFields';
import { type SpacetimeDataSource } from '../datasource';
import { type SpacetimeOptions, type SpacetimeQuery } from '../types';
import { type ChainQueryType, type Quantile } from './types';
import { chainQueryErrors } from './validate';

type Props = QueryEditorProps<SpacetimeDataSource, SpacetimeQuery, SpacetimeOptions>;

export const CHAIN_TYPES: Array<{ label: string; value: ChainQueryType; description: string }> = [
  { label: 'Chains', value: 'chains', description: 'One row per chain: duration, steps, retries, errors, client' },
  { label: 'Latency', value: 'chainLatency', description: 'p50/p95/p99 chain duration per time bucket (alertable)' },
  { label: 'Steps', value: 'steps', description: 'Per step: events, p50/p95, share of chain time, errors; node graph' },
  {
    label: 'Clients',
    value: 'clients',
    description: 'Top clients by chains, total chain time and p95, plus other (alertable)',
  },
  { label: 'Chain', value: 'chain', description: "One chain's events as a trace" },
];

const SORTABLE: Array<ComboboxOption<string>> = [
  { value: 'duration', label: 'Duration' },
  { value: 'first', label: 'First event' },
  { value: 'steps', label: 'Steps' },
  { value: 'retries', label: 'Retries' },
  { value: 'errors', label: 'Errors' },
  { value: 'client', label: 'Client' },
  { value: 'chain', label: 'Chain id' },
];

const QUANTILES: Array<ComboboxOption<Quantile>> = (['p50', 'p90', 'p95', 'p99'] as Quantile[]).map((q) => ({
  value: q,
  label: q,
}));

const BUCKETS: Array<ComboboxOption<string>> = ['auto', '1m', '5m', '15m', '1h', '1d'].map((b) => ({
  value: b,
  label: b,
}));

const GROUPS = [
  { label: 'None', value: '' },
  { label: 'Client', value: 'client' },
  { label: 'First step', value: 'firstStep' },
];

/** The query editor of a ClickHouse (operation logs) datasource. */
export function ChainsQueryEditor({ query, onChange, onRunQuery, datasource, range }: Props) {
  const id = useId();
  const { fields, error: fieldsError } = useFields(datasource);
  const type = (query.queryType ?? 'chains') as ChainQueryType;
  const errorsOf = (q: SpacetimeQuery) => chainQueryErrors({ ...q, queryType: q.queryType ?? 'chains' }, fields);
  const errors = useMemo(() => chainQueryErrors({ ...query, queryType: type }, fields), [query, type, fields]);
  const { change, runIfValid } = useQueryChange(query, onChange, onRunQuery, errorsOf);
  const editing = { query, change, runIfValid };
  const sort = query.sort?.[0];

  return (
    <QueryEditorFrame
      types={CHAIN_TYPES}
      type={type}
      query={query}
      errors={errors}
      fieldsError={fieldsError}
      change={change}
    >
      {type === 'chain' ? (
        <InlineField
          label="Chain id"
          labelWidth={14}
          htmlFor={`${id}-chain`}
          invalid={Boolean(errors.chain)}
          error={errors.chain}
          grow
        >
          <Input
            id={`${id}-chain`}
            value={query.chain ?? ''}
            placeholder="$chain"
            onChange={(e) => change({ ...query, chain: e.currentTarget.value }, false)}
            onBlur={runIfValid}
          />
        </InlineField>
      ) : (
        <>
          <FilterField
            query={query}
            datasource={datasource}
            fields={fields}
            range={range}
            error={errors.filter}
            change={change}
            tooltip="Conditions on events (step, service, client, outcome, dimensions) hold when some event of the chain meets them; one AND of such conditions must hold for one event. duration, steps, retries and errors are the chain's own."
          />
          <SearchField
            {...editing}
            tooltip='Words in any event field of the chain; "a phrase"; field:value'
            placeholder="payment timeout, client:web"
          />
        </>
      )}

      {type === 'chains' && (
        <InlineFieldRow>
          <InlineField label="Sort by" labelWidth={14} htmlFor={`${id}-sort`}>
            <Combobox<string>
              id={`${id}-sort`}
              width={20}
              options={SORTABLE}
              value={sort?.field ?? 'duration'}
              onChange={(o) => change({ ...query, sort: [{ field: o.value, desc: sort?.desc ?? true }] })}
            />
          </InlineField>
          <InlineField label="Descending" labelWidth={12}>
            <InlineSwitch
              value={sort?.desc ?? true}
              onChange={(e) =>
                change({ ...query, sort: [{ field: sort?.field ?? 'duration', desc: e.currentTarget.checked }] })
              }
            />
          </InlineField>
          <NumberField
            {...editing}
            name="limit"
            label="Limit"
            labelWidth={8}
            error={errors.limit}
            placeholder="100"
            width={10}
          />
        </InlineFieldRow>
      )}

      {type === 'chainLatency' && (
        <InlineFieldRow>
          <InlineField label="Group by" labelWidth={14}>
            <RadioButtonGroup
              options={GROUPS}
              value={query.groupBy?.[0] ?? ''}
              onChange={(v) => change({ ...query, groupBy: v ? [v] : undefined })}
            />
          </InlineField>
          <InlineField label="Quantiles" labelWidth={10} htmlFor={`${id}-quantiles`}>
            <MultiCombobox<Quantile>
              id={`${id}-quantiles`}
              width="auto"
              minWidth={16}
              options={QUANTILES}
              value={query.quantiles ?? ['p50', 'p95', 'p99']}
              onChange={(opts) => change({ ...query, quantiles: opts.map((o) => o.value) })}
            />
          </InlineField>
          <BucketField
            query={query}
            options={BUCKETS}
            labelWidth={8}
            width={12}
            error={errors.bucket}
            change={change}
          />
        </InlineFieldRow>
      )}

      {type === 'clients' && (
        <NumberField
          {...editing}
          name="topN"
          label="Top N"
          labelWidth={14}
          error={errors.topN}
          placeholder="10"
          width={10}
          tooltip='The N clients with most chains; the rest are summed into "other"'
        />
      )}

      {(type === 'chains' || type === 'clients' || type === 'chainLatency') && (
        <InlineField
          label="Rollup"
          labelWidth={14}
          tooltip="Auto reads the per-chain rollup table when the data source has one and the filter names only chain, client and the chain's own numbers; the answer is the same"
        >
          <RadioButtonGroup
            size="sm"
            options={[
              { label: 'Auto', value: 'auto' },
              { label: 'Off', value: 'off' },
            ]}
            value={query.rollup ?? 'auto'}
            onChange={(v) => change({ ...query, rollup: v === 'off' ? 'off' : 'auto' })}
          />
        </InlineField>
      )}
    </QueryEditorFrame>
  );
}

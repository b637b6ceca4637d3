import React, { useId } from 'react';
import { type TimeRange } from '@grafana/data';
import { Combobox, type ComboboxOption, InlineField, Input } from '@grafana/ui';

import { type SpacetimeDataSource } from '../datasource';
import { type FieldInfo, type SpacetimeQuery } from '../types';
import { FilterBuilder } from './FilterBuilder';
import { numberOrUndefined } from './QueryEditorFrame';

interface FilterProps {
  query: SpacetimeQuery;
  datasource: SpacetimeDataSource;
  fields?: FieldInfo[];
  range?: TimeRange;
  error?: string;
  tooltip?: string;
  change: (next: SpacetimeQuery) => void;
}

/** The query's filter, built with the shared filter builder (both editors). */
export function FilterField({ query, datasource, fields, range, error, tooltip, change }: FilterProps) {
  return (
    <InlineField label="Filter" labelWidth={14} invalid={Boolean(error)} grow tooltip={tooltip}>
      <FilterBuilder
        datasource={datasource}
        fields={fields}
        range={range}
        value={query.filter}
        onChange={(filter) => {
          const next = { ...query, filter };
          if (!filter) {
            delete next.filter;
          }
          // Runs only once every condition is valid, so half-built conditions never reach the backend.
          change(next);
        }}
      />
    </InlineField>
  );
}

interface SearchProps {
  query: SpacetimeQuery;
  tooltip: string;
  placeholder: string;
  change: (next: SpacetimeQuery, run?: boolean) => void;
  runIfValid: () => void;
}

/** The free-text search; runs on blur. */
export function SearchField({ query, tooltip, placeholder, change, runIfValid }: SearchProps) {
  const id = useId();
  return (
    <InlineField label="Search" labelWidth={14} htmlFor={`${id}-search`} tooltip={tooltip} grow>
      <Input
        id={`${id}-search`}
        value={query.search ?? ''}
        placeholder={placeholder}
        onChange={(e) => change({ ...query, search: e.currentTarget.value }, false)}
        onBlur={runIfValid}
      />
    </InlineField>
  );
}

type NumberKey = 'topN' | 'limit' | 'seasonalDays';

interface NumberProps {
  name: NumberKey;
  label: string;
  labelWidth: number;
  query: SpacetimeQuery;
  error?: string;
  tooltip?: string;
  placeholder: string;
  width: number;
  min?: number;
  max?: number;
  change: (next: SpacetimeQuery, run?: boolean) => void;
  runIfValid: () => void;
}

/** A whole-number option of the query (empty: the backend's default); runs on blur. */
export function NumberField({
  name,
  label,
  labelWidth,
  query,
  error,
  tooltip,
  placeholder,
  width,
  min,
  max,
  change,
  runIfValid,
}: NumberProps) {
  const id = useId();
  return (
    <InlineField
      label={label}
      labelWidth={labelWidth}
      htmlFor={`${id}-${name}`}
      invalid={Boolean(error)}
      error={error}
      tooltip={tooltip}
    >
      <Input
        id={`${id}-${name}`}
        type="number"
        width={width}
        min={min}
        max={max}
        value={query[name] ?? ''}
        placeholder={placeholder}
        onChange={(e) => change({ ...query, [name]: numberOrUndefined(e.currentTarget.value) }, false)}
        onBlur={runIfValid}
      />
    </InlineField>
  );
}

interface BucketProps {
  query: SpacetimeQuery;
  options: Array<ComboboxOption<string>>;
  labelWidth: number;
  width: number;
  error?: string;
  change: (next: SpacetimeQuery) => void;
}

/** The time bucket: a listed one, auto (the panel's interval), or any duration typed in. */
export function BucketField({ query, options, labelWidth, width, error, change }: BucketProps) {
  const id = useId();
  return (
    <InlineField label="Bucket" labelWidth={labelWidth} htmlFor={`${id}-bucket`} invalid={Boolean(error)} error={error}>
      <Combobox<string>
        id={`${id}-bucket`}
        width={width}
        options={options}
        createCustomValue
        invalid={Boolean(error)}
        value={query.bucket ?? 'auto'}
        onChange={(o) => change({ ...query, bucket: o.value })}
      />
    </InlineField>
  );
}

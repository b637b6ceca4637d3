import React, { useId } from 'react';
import { type TimeRange } from '@grafana/data';
import { InlineField, Input } from '@grafana/ui';

import { type SpacetimeDataSource } from '../datasource';
import { type FieldInfo, type SpacetimeQuery } from '../types';
import { FilterBuilder } from './FilterBuilder';

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

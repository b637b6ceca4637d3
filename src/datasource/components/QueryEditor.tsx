import React from 'react';
import { type QueryEditorProps } from '@grafana/data';
import { Combobox, type ComboboxOption, InlineField, InlineFieldRow, Input } from '@grafana/ui';

import { type SpacetimeDataSource } from '../datasource';
import { DEFAULT_QUERY, MAX_LIMIT, type QueryType, type SpacetimeOptions, type SpacetimeQuery } from '../types';

type Props = QueryEditorProps<SpacetimeDataSource, SpacetimeQuery, SpacetimeOptions>;

const QUERY_TYPES: Array<ComboboxOption<QueryType>> = [
  { label: 'Tickets', value: 'tickets', description: 'One row per ticket, most recently updated first' },
];

export function limitError(limit: number | undefined): string | undefined {
  if (limit === undefined) {
    return undefined;
  }
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
    return `Limit must be a whole number from 1 to ${MAX_LIMIT}`;
  }
  return undefined;
}

export function QueryEditor({ query, onChange, onRunQuery }: Props) {
  const error = limitError(query.limit);
  return (
    <InlineFieldRow>
      <InlineField label="Query type" labelWidth={14}>
        <Combobox
          id="spacetime-query-type"
          width={24}
          options={QUERY_TYPES}
          value={query.queryType ?? DEFAULT_QUERY.queryType}
          onChange={(v) => {
            onChange({ ...query, queryType: v.value });
            onRunQuery();
          }}
        />
      </InlineField>
      <InlineField label="Limit" labelWidth={10} invalid={Boolean(error)} error={error}>
        <Input
          id="spacetime-limit"
          type="number"
          width={12}
          value={query.limit ?? ''}
          placeholder={String(DEFAULT_QUERY.limit)}
          onChange={(e) => {
            const raw = e.currentTarget.value;
            onChange({ ...query, limit: raw === '' ? undefined : Number(raw) });
          }}
          onBlur={() => {
            if (!limitError(query.limit)) {
              onRunQuery();
            }
          }}
        />
      </InlineField>
    </InlineFieldRow>
  );
}

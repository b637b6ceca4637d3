import React, { useState } from 'react';
import { Alert, InlineField, InlineFieldRow, RadioButtonGroup, Stack } from '@grafana/ui';

import { type SpacetimeQuery } from '../types';
import { type QueryErrors } from '../validate';
import { CodeView } from './CodeView';

interface Props<T extends NonNullable<SpacetimeQuery['queryType']>> {
  /** The query types this system offers. */
  types: Array<{ label: string; value: T; description: string }>;
  type: T;
  query: SpacetimeQuery;
  errors: QueryErrors;
  fieldsError?: string;
  /** Applies a change (and runs the query when it is valid). */
  change: (next: SpacetimeQuery) => void;
  /** The builder's fields for the chosen type. */
  children: React.ReactNode;
}

/**
 * What every query editor of the datasource shares (tickets and operation logs): the query type, the
 * Builder/Code switch, the warning when fields cannot load, and the code view of the query JSON.
 */
export function QueryEditorFrame<T extends NonNullable<SpacetimeQuery['queryType']>>({
  types,
  type,
  query,
  errors,
  fieldsError,
  change,
  children,
}: Props<T>) {
  const [mode, setMode] = useState<'builder' | 'code'>('builder');
  return (
    <Stack direction="column" gap={1}>
      <InlineFieldRow>
        <InlineField label="Query type" labelWidth={14}>
          <RadioButtonGroup options={types} value={type} onChange={(v) => change({ ...query, queryType: v })} />
        </InlineField>
        <InlineField label="Editor" labelWidth={8}>
          <RadioButtonGroup
            size="sm"
            options={[
              { label: 'Builder', value: 'builder' },
              { label: 'Code', value: 'code', description: 'The query JSON the backend receives' },
            ]}
            value={mode}
            onChange={(v) => setMode(v === 'code' ? 'code' : 'builder')}
          />
        </InlineField>
      </InlineFieldRow>

      {fieldsError && (
        <Alert severity="warning" title="Fields could not be loaded">
          {fieldsError}. Field names are not checked until they load.
        </Alert>
      )}

      {mode === 'code' ? <CodeView query={query} onChange={(q) => change(q)} errors={errors} /> : children}
    </Stack>
  );
}

/**
 * change applies a query change and runs it when valid (text inputs pass run=false and run on blur with
 * runIfValid), so half-built queries never reach the backend.
 */
export function useQueryChange(
  query: SpacetimeQuery,
  onChange: (q: SpacetimeQuery) => void,
  onRunQuery: () => void,
  errorsOf: (q: SpacetimeQuery) => QueryErrors
) {
  const valid = (q: SpacetimeQuery) => Object.keys(errorsOf(q)).length === 0;
  const change = (next: SpacetimeQuery, run = true) => {
    onChange(next);
    if (run && valid(next)) {
      onRunQuery();
    }
  };
  const runIfValid = () => {
    if (valid(query)) {
      onRunQuery();
    }
  };
  return { change, runIfValid };
}

/** A number input's value: empty is unset. */
export function numberOrUndefined(raw: string): number | undefined {
  return raw.trim() === '' ? undefined : Number(raw);
}

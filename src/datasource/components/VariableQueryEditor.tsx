import React, { useId } from 'react';
import { type QueryEditorProps } from '@grafana/data';
import { Combobox, InlineField, InlineFieldRow, Input, Stack } from '@grafana/ui';

import { type FilterCondition, type FilterNode, isFilterGroup } from '../../shared/filterModel';
import { type SpacetimeDataSource } from '../datasource';
import { filterProblems, hasVariable } from '../filters';
import { type SpacetimeOptions, type SpacetimeQuery, type SpacetimeVariableQuery } from '../types';
import { FilterBuilder } from './FilterBuilder';
import { useFields } from './useFields';

type Props = QueryEditorProps<SpacetimeDataSource, SpacetimeQuery, SpacetimeOptions, SpacetimeVariableQuery>;

function conditionsOf(node: FilterNode | undefined): FilterCondition[] {
  if (!node) {
    return [];
  }
  return isFilterGroup(node) ? node.filters.flatMap(conditionsOf) : [node];
}

/** A variable's values: the values of one field, most frequent first, narrowed by conditions and search. */
export function VariableQueryEditor({ query, onChange, datasource, range }: Props) {
  const id = useId();
  const { fields } = useFields(datasource);
  const field = query.field ?? '';
  const fieldError = !field
    ? 'Choose the field whose values the variable offers'
    : fields && !hasVariable(field) && !fields.some((f) => f.key === field)
      ? `Unknown field "${field}"`
      : undefined;
  const filterError = (query.filters ?? []).flatMap((c) => filterProblems(c, fields))[0]?.message;

  return (
    <Stack direction="column" gap={1}>
      <InlineFieldRow>
        <InlineField label="Field" labelWidth={14} htmlFor={`${id}-field`} invalid={Boolean(fieldError)} error={fieldError} required>
          <Combobox<string>
            id={`${id}-field`}
            width={30}
            createCustomValue
            invalid={Boolean(fieldError)}
            placeholder="service"
            options={(fields ?? []).map((f) => ({ value: f.key, label: f.name || f.key, description: f.key }))}
            value={field || null}
            onChange={(o) => onChange({ ...query, field: o.value })}
          />
        </InlineField>
      </InlineFieldRow>
      <InlineField label="Only tickets" labelWidth={14} invalid={Boolean(filterError)} tooltip="Conditions (all must match)" grow>
        <FilterBuilder
          datasource={datasource}
          fields={fields}
          range={range}
          allowGroups={false}
          value={query.filters && query.filters.length > 0 ? { op: 'and', filters: query.filters } : undefined}
          onChange={(node) => {
            const next = { ...query, filters: conditionsOf(node) };
            if (next.filters.length === 0) {
              delete (next as SpacetimeVariableQuery).filters;
            }
            onChange(next);
          }}
        />
      </InlineField>
      <InlineFieldRow>
        <InlineField label="Search" labelWidth={14} htmlFor={`${id}-search`} grow>
          <Input
            id={`${id}-search`}
            value={query.search ?? ''}
            placeholder="free text; $variables allowed"
            onChange={(e) => onChange({ ...query, search: e.currentTarget.value })}
          />
        </InlineField>
        <InlineField label="Limit" labelWidth={8} htmlFor={`${id}-limit`}>
          <Input
            id={`${id}-limit`}
            type="number"
            width={10}
            placeholder="all"
            value={query.limit ?? ''}
            onChange={(e) => {
              const raw = e.currentTarget.value;
              onChange({ ...query, limit: raw === '' ? undefined : Number(raw) });
            }}
          />
        </InlineField>
      </InlineFieldRow>
    </Stack>
  );
}

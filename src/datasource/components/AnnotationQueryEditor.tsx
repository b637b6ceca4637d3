import React, { useId } from 'react';
import { type QueryEditorProps } from '@grafana/data';
import { Combobox, InlineField, InlineFieldRow, Input, RadioButtonGroup, Stack } from '@grafana/ui';

import { type SpacetimeDataSource } from '../datasource';
import { hasErrors, queryErrors } from '../validate';
import { type SpacetimeAnnotationQuery } from '../types';
import { FilterBuilder } from './FilterBuilder';
import { TIME_FIELDS } from './QueryEditor';
import { useFields } from './useFields';

type Props = QueryEditorProps<SpacetimeDataSource, SpacetimeAnnotationQuery>;

/** Tickets as annotation events: which tickets (filter, search, minimum severity) and when (time field). */
export function AnnotationQueryEditor({ query, onChange, onRunQuery, datasource, range }: Props) {
  const id = useId();
  const { fields } = useFields(datasource);
  const q: SpacetimeAnnotationQuery = { ...query, queryType: 'tickets' };
  const errors = queryErrors(q, fields);
  const severityOptions = datasource.severities().map((s) => ({ value: s.name, label: s.name }));

  const change = (next: SpacetimeAnnotationQuery, run = true) => {
    onChange(next);
    if (run && onRunQuery && !hasErrors(queryErrors(next, fields))) {
      onRunQuery();
    }
  };

  return (
    <Stack direction="column" gap={1}>
      <InlineField label="Filter" labelWidth={16} invalid={Boolean(errors.filter)} grow>
        <FilterBuilder
          datasource={datasource}
          fields={fields}
          range={range}
          value={q.filter}
          onChange={(filter) => {
            const next = { ...q, filter };
            if (!filter) {
              delete next.filter;
            }
            change(next);
          }}
        />
      </InlineField>
      <InlineFieldRow>
        <InlineField label="Search" labelWidth={16} htmlFor={`${id}-search`} grow>
          <Input
            id={`${id}-search`}
            value={q.search ?? ''}
            placeholder="words in title, description and dimensions"
            onChange={(e) => change({ ...q, search: e.currentTarget.value }, false)}
          />
        </InlineField>
      </InlineFieldRow>
      <InlineFieldRow>
        <InlineField label="Minimum severity" labelWidth={16} htmlFor={`${id}-sev`} tooltip="Only tickets of this severity or higher">
          <Combobox<string>
            id={`${id}-sev`}
            width={20}
            isClearable
            placeholder="any"
            options={severityOptions}
            value={q.minSeverity ?? null}
            onChange={(o) => {
              const next = { ...q, minSeverity: o?.value };
              if (!o) {
                delete next.minSeverity;
              }
              change(next);
            }}
          />
        </InlineField>
        <InlineField label="At" labelWidth={6} tooltip="Which time of a ticket places its event">
          <RadioButtonGroup options={TIME_FIELDS} value={q.timeField ?? 'opened'} onChange={(v) => change({ ...q, timeField: v })} />
        </InlineField>
      </InlineFieldRow>
      <InlineFieldRow>
        <InlineField label="Limit" labelWidth={16} htmlFor={`${id}-limit`} invalid={Boolean(errors.limit)} error={errors.limit}>
          <Input
            id={`${id}-limit`}
            type="number"
            width={12}
            placeholder="500"
            value={q.limit ?? ''}
            onChange={(e) => {
              const raw = e.currentTarget.value;
              change({ ...q, limit: raw === '' ? undefined : Number(raw) }, false);
            }}
          />
        </InlineField>
      </InlineFieldRow>
    </Stack>
  );
}

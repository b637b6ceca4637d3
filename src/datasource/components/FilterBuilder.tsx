import React, { useCallback, useId, useMemo, useRef } from 'react';
import { css } from '@emotion/css';
import { type GrafanaTheme2, type TimeRange } from '@grafana/data';
import {
  Button,
  Combobox,
  type ComboboxOption,
  FieldValidationMessage,
  IconButton,
  Input,
  MultiCombobox,
  RadioButtonGroup,
  Stack,
  useStyles2,
} from '@grafana/ui';

import {
  FILTER_OPERATORS,
  type FilterCondition,
  type FilterGroup,
  type FilterNode,
  type FilterOperator,
  type GroupOperator,
  isFilterGroup,
} from '../../shared/filterModel';
import { type SpacetimeDataSource } from '../datasource';
import { OPERATOR_LABELS, asGroup, conditionError, isCompareOperator, isMultiOperator, isRegexOperator } from '../filters';
import { type FieldInfo } from '../types';

type LoadValues = (key: string, input: string) => Promise<Array<ComboboxOption<string>>>;

interface Props {
  datasource: SpacetimeDataSource;
  value?: FilterNode;
  /** Called with undefined when the filter is left empty. */
  onChange: (node: FilterNode | undefined) => void;
  /** Fields from the `fields` resource; undefined while unknown (keys are not checked then). */
  fields?: FieldInfo[];
  range?: TimeRange;
  /** Off for a flat list of AND-ed conditions (variable queries). */
  allowGroups?: boolean;
}

const GROUP_OPS: Array<{ label: string; value: GroupOperator; description: string }> = [
  { label: 'AND', value: 'and', description: 'Every condition matches' },
  { label: 'OR', value: 'or', description: 'At least one condition matches' },
  { label: 'NOT', value: 'not', description: 'Not every condition matches: NOT (a AND b …)' },
];

const OPERATOR_OPTIONS: Array<ComboboxOption<FilterOperator>> = FILTER_OPERATORS.map((op) => ({
  label: op,
  value: op,
  description: OPERATOR_LABELS[op],
}));

const VALUE_SUGGESTIONS = 200;

export function newCondition(): FilterCondition {
  return { key: '', operator: '=', value: '' };
}

/** Builds a filter of conditions in AND / OR / NOT groups, with values suggested by the backend. */
export function FilterBuilder({ datasource, value, onChange, fields, range, allowGroups = true }: Props) {
  const cache = useRef(new Map<string, Promise<Array<ComboboxOption<string>>>>());
  const from = range?.from.valueOf();
  const to = range?.to.valueOf();

  const loadValues: LoadValues = useCallback(
    async (key, input) => {
      if (!key) {
        return [];
      }
      const cacheKey = `${key}\u0000${from}\u0000${to}`;
      let options = cache.current.get(cacheKey);
      if (!options) {
        options = datasource
          .getValues(key, { range, limit: VALUE_SUGGESTIONS })
          .then((values) =>
            values.map((v) => ({
              value: v.value,
              label: v.value === '' ? '(empty)' : v.value,
              description: `${v.count} ticket${v.count === 1 ? '' : 's'}`,
            }))
          );
        options.catch(() => cache.current.delete(cacheKey));
        cache.current.set(cacheKey, options);
      }
      const all = await options;
      const needle = input.toLowerCase();
      return needle ? all.filter((o) => (o.label ?? o.value).toLowerCase().includes(needle)) : all;
    },
    // range identity changes on every render in some hosts; from/to are what matter.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [datasource, from, to]
  );

  const root = asGroup(value);
  const change = (group: FilterGroup) => {
    const empty = group.filters.length === 0 && (group.op ?? 'and') === 'and';
    onChange(empty ? undefined : group);
  };

  return (
    <GroupEditor
      group={root}
      onChange={change}
      fields={fields}
      loadValues={loadValues}
      allowGroups={allowGroups}
      depth={0}
    />
  );
}

interface GroupProps {
  group: FilterGroup;
  onChange: (group: FilterGroup) => void;
  onRemove?: () => void;
  fields?: FieldInfo[];
  loadValues: LoadValues;
  allowGroups: boolean;
  depth: number;
}

function GroupEditor({ group, onChange, onRemove, fields, loadValues, allowGroups, depth }: GroupProps) {
  const styles = useStyles2(getStyles);
  const op = group.op ?? 'and';
  const setChild = (i: number, node: FilterNode) =>
    onChange({ ...group, filters: group.filters.map((n, j) => (j === i ? node : n)) });
  const removeChild = (i: number) => onChange({ ...group, filters: group.filters.filter((_, j) => j !== i) });
  const showOp = allowGroups && (group.filters.length > 1 || op !== 'and' || depth > 0);

  return (
    <div className={depth > 0 ? styles.nested : undefined} role="group" aria-label={depth > 0 ? 'Filter group' : 'Filter'}>
      <Stack direction="column" gap={0.5}>
        {showOp && (
          <Stack direction="row" gap={1} alignItems="center">
            <RadioButtonGroup
              size="sm"
              options={GROUP_OPS}
              value={op}
              onChange={(v) => onChange({ ...group, op: v })}
            />
            {onRemove && <IconButton name="trash-alt" tooltip="Remove group" aria-label="Remove group" onClick={onRemove} />}
          </Stack>
        )}
        {group.filters.map((node, i) =>
          isFilterGroup(node) ? (
            <GroupEditor
              key={i}
              group={node}
              onChange={(g) => setChild(i, g)}
              onRemove={() => removeChild(i)}
              fields={fields}
              loadValues={loadValues}
              allowGroups={allowGroups}
              depth={depth + 1}
            />
          ) : (
            <ConditionEditor
              key={i}
              condition={node}
              onChange={(c) => setChild(i, c)}
              onRemove={() => removeChild(i)}
              fields={fields}
              loadValues={loadValues}
            />
          )
        )}
        <Stack direction="row" gap={1}>
          <Button
            size="sm"
            variant="secondary"
            icon="plus"
            fill="text"
            onClick={() => onChange({ ...group, filters: [...group.filters, newCondition()] })}
          >
            Add condition
          </Button>
          {allowGroups && (
            <Button
              size="sm"
              variant="secondary"
              icon="plus"
              fill="text"
              onClick={() => onChange({ ...group, filters: [...group.filters, { op: 'or', filters: [newCondition()] }] })}
            >
              Add group
            </Button>
          )}
        </Stack>
      </Stack>
    </div>
  );
}

interface ConditionProps {
  condition: FilterCondition;
  onChange: (c: FilterCondition) => void;
  onRemove: () => void;
  fields?: FieldInfo[];
  loadValues: LoadValues;
}

function ConditionEditor({ condition, onChange, onRemove, fields, loadValues }: ConditionProps) {
  const styles = useStyles2(getStyles);
  const id = useId();
  const error = conditionError(condition, fields);
  const keyError = error !== undefined && (condition.key === '' || error.startsWith('Unknown field'));
  const op = condition.operator;

  const fieldOptions: Array<ComboboxOption<string>> = useMemo(
    () => (fields ?? []).map((f) => ({ value: f.key, label: f.name || f.key, description: `${f.key} · ${f.type}` })),
    [fields]
  );
  const keyType = fields?.find((f) => f.key === condition.key)?.type;

  const setOperator = (next: FilterOperator) => {
    const c: FilterCondition = { key: condition.key, operator: next };
    if (isMultiOperator(next)) {
      const prev = condition.values ?? (condition.value ? [condition.value] : []);
      c.values = prev;
    } else {
      c.value = condition.value ?? condition.values?.[0] ?? '';
    }
    onChange(c);
  };

  let valueEditor: React.ReactNode;
  if (isMultiOperator(op)) {
    valueEditor = (
      <MultiCombobox<string>
        aria-labelledby={`${id}-value`}
        width="auto"
        minWidth={20}
        maxWidth={60}
        options={(input) => loadValues(condition.key, input)}
        createCustomValue
        value={condition.values ?? (condition.value !== undefined ? [condition.value] : [])}
        onChange={(opts) => onChange({ key: condition.key, operator: op, values: opts.map((o) => o.value) })}
      />
    );
  } else if (isRegexOperator(op) || isCompareOperator(op)) {
    valueEditor = (
      <Input
        aria-labelledby={`${id}-value`}
        width={30}
        invalid={Boolean(error) && !keyError}
        placeholder={isRegexOperator(op) ? '(?i)check.*' : keyType === 'time' ? '2026-11-20T10:00:00Z' : 'number'}
        value={condition.value ?? ''}
        onChange={(e) => onChange({ ...condition, value: e.currentTarget.value })}
      />
    );
  } else {
    valueEditor = (
      <Combobox<string>
        aria-labelledby={`${id}-value`}
        width="auto"
        minWidth={20}
        maxWidth={60}
        options={(input) => loadValues(condition.key, input)}
        createCustomValue
        value={condition.value ?? ''}
        onChange={(o) => onChange({ ...condition, value: o.value })}
      />
    );
  }

  return (
    <div>
      <span id={`${id}-key`} className={styles.srOnly}>
        Field
      </span>
      <span id={`${id}-op`} className={styles.srOnly}>
        Operator
      </span>
      <span id={`${id}-value`} className={styles.srOnly}>
        Value
      </span>
      <Stack direction="row" gap={0.5} alignItems="center">
        <Combobox<string>
          aria-labelledby={`${id}-key`}
          width="auto"
          minWidth={14}
          maxWidth={30}
          invalid={keyError}
          placeholder="field"
          options={fieldOptions}
          createCustomValue
          value={condition.key || null}
          onChange={(o) => onChange({ ...condition, key: o.value })}
        />
        <Combobox<FilterOperator>
          aria-labelledby={`${id}-op`}
          width={8}
          options={OPERATOR_OPTIONS}
          value={op}
          onChange={(o) => setOperator(o.value)}
        />
        {valueEditor}
        <IconButton name="times" tooltip="Remove condition" aria-label="Remove condition" onClick={onRemove} />
      </Stack>
      {error && <FieldValidationMessage>{error}</FieldValidationMessage>}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  nested: css({
    borderLeft: `2px solid ${theme.colors.border.medium}`,
    paddingLeft: theme.spacing(1),
    marginLeft: theme.spacing(0.5),
  }),
  srOnly: css({
    position: 'absolute',
    width: 1,
    height: 1,
    overflow: 'hidden',
    clip: 'rect(0 0 0 0)',
    whiteSpace: 'nowrap',
  }),
});

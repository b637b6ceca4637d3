// Filter helpers for the editors and applyTemplateVariables: validation that matches the backend's errors
// (docs/query-model.md), ad hoc filter conversion, and walking filter trees.

import { type AdHocVariableFilter } from '@grafana/data';

import {
  FILTER_OPERATORS,
  type FilterCondition,
  type FilterGroup,
  type FilterNode,
  type FilterOperator,
  isFilterGroup,
} from '../shared/filterModel';
import { type FieldInfo } from './types';

/** `$var`, `${var}`, `${var:format}` and `[[var]]`: a value holding one is checked after interpolation. */
const VARIABLE_REF = /\$[A-Za-z_]\w*|\$\{[^}]+\}|\[\[[^\]]+\]\]/;

export function hasVariable(text: string | undefined): boolean {
  return VARIABLE_REF.test(text ?? '');
}

/** A whole-value reference to one variable, like `$service` or `${service}` or `${service:raw}`. */
const SINGLE_VARIABLE = /^(?:\$[A-Za-z_]\w*|\$\{[^}]+\}|\[\[[^\]]+\]\])$/;

export function isSingleVariable(text: string | undefined): boolean {
  return SINGLE_VARIABLE.test((text ?? '').trim());
}

export function isRegexOperator(op: FilterOperator): boolean {
  return op === '=~' || op === '!~';
}

export function isMultiOperator(op: FilterOperator): boolean {
  return op === '=|' || op === '!=|';
}

export function isCompareOperator(op: FilterOperator): boolean {
  return op === '<' || op === '>';
}

export const OPERATOR_LABELS: Record<FilterOperator, string> = {
  '=': 'equals',
  '!=': 'does not equal',
  '=~': 'matches regex',
  '!~': 'does not match regex',
  '=|': 'is one of',
  '!=|': 'is none of',
  '<': 'less than',
  '>': 'greater than',
};

/**
 * The problem with a regular expression, or undefined. Patterns are RE2 on the server and must also be valid
 * JavaScript (the panel filters with the same pattern), matched against the whole value; a leading `(?i)`
 * makes them case-insensitive.
 */
export function regexError(pattern: string): string | undefined {
  if (hasVariable(pattern)) {
    return undefined;
  }
  const body = pattern.startsWith('(?i)') ? pattern.slice(4) : pattern;
  if (/\(\?<?[=!]/.test(body)) {
    return `Regular expression "${pattern}" uses a lookaround, which the server (RE2) does not support`;
  }
  if (/(^|[^\\])(\\\\)*\\([1-9]|k<)/.test(body)) {
    return `Regular expression "${pattern}" uses a backreference, which the server (RE2) does not support`;
  }
  try {
    new RegExp(`^(?:${body})$`);
  } catch (e) {
    const reason = e instanceof Error ? e.message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /, '') : String(e);
    return `Regular expression "${pattern}" is not valid: ${reason}`;
  }
  return undefined;
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

function isNumberText(v: string): boolean {
  return v.trim() !== '' && Number.isFinite(Number(v));
}

/** The problem with one condition, or undefined. `fields` undefined means "not loaded yet": keys are not checked. */
export function conditionError(c: FilterCondition, fields?: FieldInfo[]): string | undefined {
  if (!c.key) {
    return 'Choose a field';
  }
  const field = fields?.find((f) => f.key === c.key);
  if (fields && !field && !hasVariable(c.key)) {
    return `Unknown field "${c.key}"`;
  }
  if (!FILTER_OPERATORS.includes(c.operator)) {
    return `Unknown operator "${c.operator}"`;
  }
  const value = c.value ?? '';
  if (isRegexOperator(c.operator)) {
    return regexError(value);
  }
  if (isCompareOperator(c.operator)) {
    if (hasVariable(value)) {
      return undefined;
    }
    if (field?.type === 'time') {
      if (!RFC3339.test(value.trim()) && !/^\d+$/.test(value.trim())) {
        return `"${value}" is not a time for ${c.key}: use RFC 3339 (2026-11-20T10:00:00Z) or epoch milliseconds`;
      }
      return undefined;
    }
    if (!isNumberText(value)) {
      return `"${value}" is not a number: ${c.operator} compares ${c.key} numerically`;
    }
  }
  return undefined;
}

/** Every problem in a filter tree, each with the path of child indices leading to the condition. */
export interface FilterProblem {
  path: number[];
  message: string;
}

export function filterProblems(node: FilterNode | undefined, fields?: FieldInfo[], path: number[] = []): FilterProblem[] {
  if (!node) {
    return [];
  }
  if (isFilterGroup(node)) {
    return node.filters.flatMap((child, i) => filterProblems(child, fields, [...path, i]));
  }
  const message = conditionError(node, fields);
  return message ? [{ path, message }] : [];
}

export function emptyGroup(op: FilterGroup['op'] = 'and'): FilterGroup {
  return { op, filters: [] };
}

/** The query's filter as a group the builder can edit (a bare condition becomes a one-item AND group). */
export function asGroup(node: FilterNode | undefined): FilterGroup {
  if (!node) {
    return emptyGroup();
  }
  return isFilterGroup(node) ? node : { op: 'and', filters: [node] };
}

/** Drops empty groups and an empty root, so the stored query has no filter rather than `{filters: []}`. */
export function pruneFilter(node: FilterNode | undefined): FilterNode | undefined {
  if (!node) {
    return undefined;
  }
  if (!isFilterGroup(node)) {
    return node;
  }
  const filters = node.filters.map(pruneFilter).filter((n): n is FilterNode => n !== undefined);
  if (filters.length === 0 && (node.op ?? 'and') === 'and') {
    return undefined;
  }
  return { ...node, filters };
}

/** Grafana's ad hoc filters as query conditions; `resolveKey` maps a display name to a field key. */
export function adHocToConditions(
  filters: AdHocVariableFilter[] | undefined,
  resolveKey: (key: string) => string = (k) => k
): FilterCondition[] {
  return (filters ?? []).map((f) => {
    const operator = f.operator as FilterOperator;
    const c: FilterCondition = { key: resolveKey(f.key), operator };
    if (isMultiOperator(operator)) {
      c.values = f.values && f.values.length > 0 ? [...f.values] : [f.value];
    } else {
      c.value = f.value ?? '';
    }
    return c;
  });
}

// Compiles the shared filter model (src/shared/filterModel.ts) to a row predicate over a FrameIndex.
// Semantics: docs/query-model.md "Filter"; the same vectors run here and in the Go backend.
import {
  FILTER_OPERATORS,
  type FilterCondition,
  type FilterNode,
  type FilterOperator,
  isFilterGroup,
} from '../../shared/filterModel';
import { type Column, type FrameIndex } from './columns';
import { parseDecimal, parseTimeValue } from './text';

export type RowPredicate = (row: number) => boolean;

export class FilterError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FilterError';
  }
}

const ALL: RowPredicate = () => true;
const NONE: RowPredicate = () => false;

/** Turns an RE2-style pattern into an anchored JavaScript RegExp; a leading (?i) becomes the i flag. */
export function anchoredRegex(pattern: string, key: string): RegExp {
  let source = pattern;
  let flags = '';
  // RE2's leading flag groups that JavaScript spells as flags: (?i) ignore case, (?s) dot matches newline.
  const leading = /^\(\?([is]+)\)/.exec(source);
  if (leading) {
    source = source.slice(leading[0].length);
    flags = [...new Set(leading[1])].join('');
  }
  try {
    return new RegExp(`^(?:${source})$`, flags + 'u');
  } catch (e) {
    try {
      // Some RE2-valid patterns (e.g. `\-`) are only invalid in unicode mode.
      return new RegExp(`^(?:${source})$`, flags);
    } catch {
      throw new FilterError(`invalid regex "${pattern}" for field "${key}": ${(e as Error).message}`);
    }
  }
}

function compileCondition(c: FilterCondition, index: FrameIndex): RowPredicate {
  const op = c.operator as string;
  if (!(FILTER_OPERATORS as string[]).includes(op)) {
    throw new FilterError(`unknown operator "${op}" for field "${c.key}"`);
  }
  const column = index.column(c.key);
  if (!column) {
    throw new FilterError(`unknown field "${c.key}"`);
  }
  const operator = op as FilterOperator;
  const value = c.value ?? '';
  if (column.kind === 'list') {
    return compileListCondition(column, operator, c);
  }
  switch (operator) {
    case '=':
    case '!=': {
      const texts = column.text();
      return operator === '=' ? (r) => texts[r] === value : (r) => texts[r] !== value;
    }
    case '=~':
    case '!~': {
      const re = anchoredRegex(value, c.key);
      const texts = column.text();
      return operator === '=~' ? (r) => re.test(texts[r]) : (r) => !re.test(texts[r]);
    }
    case '=|':
    case '!=|': {
      const set = new Set(c.values ?? [value]);
      const texts = column.text();
      return operator === '=|' ? (r) => set.has(texts[r]) : (r) => !set.has(texts[r]);
    }
    case '<':
    case '>':
      return compileComparison(column, operator, value);
  }
}

/** A multi-valued field: =, =~, =| and < > match when any value does; !=, !~ and !=| when none does. */
function compileListCondition(column: Column, operator: FilterOperator, c: FilterCondition): RowPredicate {
  const value = c.value ?? '';
  let matchValue: (v: string) => boolean;
  switch (operator) {
    case '=':
    case '!=':
      matchValue = (v) => v === value;
      break;
    case '=~':
    case '!~': {
      const re = anchoredRegex(value, c.key);
      matchValue = (v) => re.test(v);
      break;
    }
    case '=|':
    case '!=|': {
      const set = new Set(c.values ?? [value]);
      matchValue = (v) => set.has(v);
      break;
    }
    case '<':
    case '>': {
      const bound = parseDecimal(value);
      if (Number.isNaN(bound)) {
        throw new FilterError(`field "${column.key}": "${value}" is not a number`);
      }
      matchValue = operator === '<' ? (v) => parseDecimal(v) < bound : (v) => parseDecimal(v) > bound;
      break;
    }
  }
  const lists = column.lists();
  const any: RowPredicate = (r) => lists[r].some(matchValue);
  return operator === '!=' || operator === '!~' || operator === '!=|' ? (r) => !any(r) : any;
}

function compileComparison(column: Column, operator: '<' | '>', value: string): RowPredicate {
  let bound: number;
  let cells: ArrayLike<number>;
  if (column.kind === 'time') {
    bound = parseTimeValue(value);
    if (Number.isNaN(bound)) {
      throw new FilterError(`field "${column.key}": "${value}" is not a time (RFC 3339 or epoch milliseconds)`);
    }
    cells = column.numeric();
  } else {
    bound = parseDecimal(value);
    if (Number.isNaN(bound)) {
      throw new FilterError(`field "${column.key}": "${value}" is not a number`);
    }
    if (column.kind === 'number') {
      cells = column.numeric();
    } else {
      // Text fields compare numerically where the cell is a number; other cells (NaN) never match.
      const texts = column.text();
      const parsed = new Float64Array(texts.length);
      for (let i = 0; i < texts.length; i++) {
        parsed[i] = parseDecimal(texts[i]);
      }
      cells = parsed;
    }
  }
  // NaN (null, not a number) compares false either way.
  return operator === '<' ? (r) => cells[r] < bound : (r) => cells[r] > bound;
}

/** Compiles a filter node. Throws FilterError for unknown keys/operators/ops, bad regexes and unreadable values. */
export function compileFilter(node: FilterNode | undefined, index: FrameIndex): RowPredicate {
  if (!node) {
    return ALL;
  }
  if (!isFilterGroup(node)) {
    return compileCondition(node, index);
  }
  const op = node.op ?? 'and';
  if (op !== 'and' && op !== 'or' && op !== 'not') {
    throw new FilterError(`unknown group op "${String(op)}"`);
  }
  // Compile every child first so an error anywhere in the tree is reported.
  const children = node.filters.map((child) => compileFilter(child, index));
  if (op === 'or') {
    return anyOf(children);
  }
  if (op === 'not') {
    if (children.length === 0) {
      return NONE;
    }
    const inner = allOf(children);
    return (r) => !inner(r);
  }
  return allOf(children);
}

function allOf(ps: RowPredicate[]): RowPredicate {
  if (ps.length === 0) {
    return ALL;
  }
  if (ps.length === 1) {
    return ps[0];
  }
  if (ps.length === 2) {
    const [a, b] = ps;
    return (r) => a(r) && b(r);
  }
  return (r) => {
    // Indexed loops in per-row code: for-of allocates an iterator per call until the JIT optimizes it away.
    for (let i = 0; i < ps.length; i++) {
      if (!ps[i](r)) {
        return false;
      }
    }
    return true;
  };
}

function anyOf(ps: RowPredicate[]): RowPredicate {
  if (ps.length === 0) {
    return NONE;
  }
  if (ps.length === 1) {
    return ps[0];
  }
  return (r) => {
    for (let i = 0; i < ps.length; i++) {
      if (ps[i](r)) {
        return true;
      }
    }
    return false;
  };
}

/** The filter and the ad hoc filters (conditions), AND-ed as the query model says. */
export function combineFilters(filter?: FilterNode, filters?: FilterCondition[]): FilterNode | undefined {
  const parts: FilterNode[] = [];
  if (filter) {
    parts.push(filter);
  }
  if (filters?.length) {
    parts.push(...filters);
  }
  if (parts.length === 0) {
    return undefined;
  }
  return parts.length === 1 ? parts[0] : { op: 'and', filters: parts };
}

// Checks the editors run before a query is sent, so bad input shows where it is instead of as a failed query.

import { filterProblems, hasVariable } from './filters';
import { type FieldInfo, MAX_LIMIT, type SpacetimeQuery } from './types';

export interface QueryErrors {
  filter?: string;
  groupBy?: string;
  bucket?: string;
  topN?: string;
  sort?: string;
  limit?: string;
}

const DURATION = /^\d+(ms|s|m|h|d|w)$/;

function wholeNumberError(v: unknown, name: string, min: number, max?: number): string | undefined {
  if (v === undefined || v === null || v === '') {
    return undefined;
  }
  if (typeof v === 'string' && hasVariable(v)) {
    return undefined;
  }
  const n = typeof v === 'number' ? v : Number(v);
  if (!Number.isInteger(n) || n < min || (max !== undefined && n > max)) {
    return max === undefined
      ? `${name} must be a whole number of at least ${min}`
      : `${name} must be a whole number from ${min} to ${max}`;
  }
  return undefined;
}

function unknownKeys(keys: string[], fields?: FieldInfo[]): string[] {
  if (!fields) {
    return [];
  }
  return keys.filter((k) => k !== '' && !hasVariable(k) && !fields.some((f) => f.key === k));
}

/** Problems with a query, by the editor part that shows them; empty when the query can run. */
export function queryErrors(q: SpacetimeQuery, fields?: FieldInfo[]): QueryErrors {
  const errors: QueryErrors = {};
  const type = q.queryType ?? 'tickets';

  const problems = [...filterProblems(q.filter, fields), ...(q.filters ?? []).flatMap((c) => filterProblems(c, fields))];
  if (problems.length > 0) {
    errors.filter = problems.length === 1 ? problems[0].message : `${problems[0].message} (and ${problems.length - 1} more)`;
  }

  if (type === 'timeseries' || type === 'breakdown') {
    const groupBy = q.groupBy ?? [];
    const unknown = unknownKeys(groupBy, fields);
    if (unknown.length > 0) {
      errors.groupBy = `Unknown field "${unknown[0]}"`;
    } else if (type === 'breakdown' && groupBy.length === 0) {
      errors.groupBy = 'Breakdown needs a field to group by';
    }
    errors.topN = wholeNumberError(q.topN, 'Top N', 0);
  }
  if (type === 'timeseries' && q.bucket && q.bucket !== 'auto' && !DURATION.test(q.bucket) && !hasVariable(q.bucket)) {
    errors.bucket = `Bucket "${q.bucket}" is not a duration like 5m, 1h or 1d (or auto)`;
  }
  if (type === 'tickets') {
    errors.limit = wholeNumberError(q.limit, 'Limit', 1, MAX_LIMIT);
    const unknown = unknownKeys((q.sort ?? []).map((s) => s.field), fields);
    if ((q.sort ?? []).some((s) => !s.field)) {
      errors.sort = 'Choose a field to sort by';
    } else if (unknown.length > 0) {
      errors.sort = `Unknown field "${unknown[0]}"`;
    }
  }
  for (const k of Object.keys(errors) as Array<keyof QueryErrors>) {
    if (errors[k] === undefined) {
      delete errors[k];
    }
  }
  return errors;
}

export function hasErrors(errors: QueryErrors): boolean {
  return Object.keys(errors).length > 0;
}

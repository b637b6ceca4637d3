import { filterProblems, hasVariable } from '../filters';
import { type FieldInfo, type SpacetimeQuery } from '../types';
import { type QueryErrors } from '../validate';

export interface ChainQueryErrors extends QueryErrors {
  chain?: string;
}

const BUCKET = /^\d+(s|m|h|d|w)$/;

function rangeError(v: unknown, name: string, min: number, max: number): string | undefined {
  if (v === undefined || v === '' || (typeof v === 'string' && hasVariable(v))) {
    return undefined;
  }
  const n = Number(v);
  return Number.isInteger(n) && n >= min && n <= max
    ? undefined
    : `${name} must be a whole number from ${min} to ${max}`;
}

/** The checks of pkg/logengine/clickhouse/query.go, shown where the input is. */
export function chainQueryErrors(q: SpacetimeQuery, fields?: FieldInfo[]): ChainQueryErrors {
  const errors: ChainQueryErrors = {};
  const problems = [
    ...filterProblems(q.filter, fields),
    ...(q.filters ?? []).flatMap((c) => filterProblems(c, fields)),
  ];
  if (problems.length > 0) {
    errors.filter =
      problems.length === 1 ? problems[0].message : `${problems[0].message} (and ${problems.length - 1} more)`;
  }
  errors.limit = rangeError(q.limit, 'Limit', 1, 10000);
  errors.topN = rangeError(q.topN, 'Top N', 1, 100);
  if (q.bucket && q.bucket !== 'auto' && !BUCKET.test(q.bucket) && !hasVariable(q.bucket)) {
    errors.bucket = `Bucket "${q.bucket}" is not a duration like 1m, 5m, 1h or 1d (or auto)`;
  }
  if (q.queryType === 'chain' && !(q.chain ?? '').trim()) {
    errors.chain = 'Enter a chain id (or a variable like $chain)';
  }
  for (const k of Object.keys(errors) as Array<keyof ChainQueryErrors>) {
    if (errors[k] === undefined) {
      delete errors[k];
    }
  }
  return errors;
}

import { conditionError, filterProblems, pruneFilter, regexError } from './filters';
import { type FieldInfo } from './types';
import { queryErrors } from './validate';

const fields: FieldInfo[] = [
  { key: 'id', name: 'ID', type: 'number' },
  { key: 'opened', name: 'Opened', type: 'time' },
  { key: 'service', name: 'Service', type: 'string' },
];

describe('regexError', () => {
  test.each(['check.*', '(?i)CHECK', 'a|b', '^x$', '[a-z]+\\d', 'foo$', '$service', '${svc:regex}.*'])('accepts %s', (p) => {
    expect(regexError(p)).toBeUndefined();
  });

  test('names the pattern and the reason for invalid syntax', () => {
    expect(regexError('check(')).toMatch(/^Regular expression "check\(" is not valid: /);
    expect(regexError('[a-')).toMatch(/"\[a-" is not valid/);
    expect(regexError('*x')).toMatch(/not valid/);
  });

  test('rejects what JavaScript accepts but the server (RE2) does not', () => {
    expect(regexError('a(?=b)')).toMatch(/lookaround/);
    expect(regexError('(?<!x)y')).toMatch(/lookaround/);
    expect(regexError('(a)\\1')).toMatch(/backreference/);
    expect(regexError('a\\\\1')).toBeUndefined();
  });
});

describe('conditionError', () => {
  test('a condition needs a known field once fields are loaded', () => {
    expect(conditionError({ key: '', operator: '=', value: 'x' }, fields)).toBe('Choose a field');
    expect(conditionError({ key: 'team', operator: '=', value: 'x' }, fields)).toBe('Unknown field "team"');
    expect(conditionError({ key: 'team', operator: '=', value: 'x' }, undefined)).toBeUndefined();
    expect(conditionError({ key: '$dim', operator: '=', value: 'x' }, fields)).toBeUndefined();
  });

  test('< and > need a number, or for time fields RFC 3339 or epoch milliseconds', () => {
    expect(conditionError({ key: 'id', operator: '<', value: '42' }, fields)).toBeUndefined();
    expect(conditionError({ key: 'id', operator: '>', value: 'abc' }, fields)).toBe('"abc" is not a number: > compares id numerically');
    expect(conditionError({ key: 'service', operator: '>', value: '' }, fields)).toMatch(/is not a number/);
    expect(conditionError({ key: 'opened', operator: '>', value: '2026-11-20T10:00:00Z' }, fields)).toBeUndefined();
    expect(conditionError({ key: 'opened', operator: '>', value: '1763632800000' }, fields)).toBeUndefined();
    expect(conditionError({ key: 'opened', operator: '<', value: 'yesterday' }, fields)).toMatch(/not a time for opened/);
  });

  test('an unknown operator is named', () => {
    expect(conditionError({ key: 'id', operator: '<=' as '<', value: '1' }, fields)).toBe('Unknown operator "<="');
  });
});

describe('filterProblems', () => {
  test('finds problems in nested groups with their paths', () => {
    const problems = filterProblems(
      {
        op: 'or',
        filters: [
          { key: 'service', operator: '=', value: 'ok' },
          { op: 'not', filters: [{ key: 'service', operator: '=~', value: '(' }] },
        ],
      },
      fields
    );
    expect(problems).toHaveLength(1);
    expect(problems[0].path).toEqual([1, 0]);
    expect(problems[0].message).toMatch(/"\(" is not valid/);
  });
});

describe('pruneFilter', () => {
  test('drops an empty AND root but keeps OR and NOT groups, whose emptiness matters', () => {
    expect(pruneFilter({ op: 'and', filters: [] })).toBeUndefined();
    expect(pruneFilter({ op: 'or', filters: [] })).toEqual({ op: 'or', filters: [] });
    expect(pruneFilter({ filters: [{ op: 'and', filters: [] }, { op: 'not', filters: [] }] })).toEqual({
      filters: [{ op: 'not', filters: [] }],
    });
  });
});

describe('queryErrors', () => {
  test('a valid query of each type has no errors', () => {
    expect(queryErrors({ refId: 'A', queryType: 'tickets', limit: 100, sort: [{ field: 'opened' }] }, fields)).toEqual({});
    expect(queryErrors({ refId: 'A', queryType: 'timeseries', bucket: '5m', groupBy: ['service'], topN: 5 }, fields)).toEqual({});
    expect(queryErrors({ refId: 'A', queryType: 'breakdown', groupBy: ['service'] }, fields)).toEqual({});
    expect(queryErrors({ refId: 'A', queryType: 'stats' }, fields)).toEqual({});
  });

  test('names each problem where the editor shows it', () => {
    expect(queryErrors({ refId: 'A', queryType: 'breakdown' }, fields).groupBy).toBe('Breakdown needs a field to group by');
    expect(queryErrors({ refId: 'A', queryType: 'timeseries', groupBy: ['team'] }, fields).groupBy).toBe('Unknown field "team"');
    expect(queryErrors({ refId: 'A', queryType: 'timeseries', bucket: '5 minutes' }, fields).bucket).toMatch(/not a duration/);
    expect(queryErrors({ refId: 'A', queryType: 'timeseries', topN: -1 }, fields).topN).toBe('Top N must be a whole number of at least 0');
    expect(queryErrors({ refId: 'A', queryType: 'tickets', limit: 100001 }, fields).limit).toBe('Limit must be a whole number from 1 to 100000');
    expect(queryErrors({ refId: 'A', queryType: 'tickets', sort: [{ field: '' }] }, fields).sort).toBe('Choose a field to sort by');
    expect(
      queryErrors({ refId: 'A', filter: { filters: [{ key: 'x', operator: '=' }, { key: 'y', operator: '=' }] } }, fields).filter
    ).toBe('Unknown field "x" (and 1 more)');
  });
});

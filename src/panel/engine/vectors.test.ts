import { readFileSync } from 'fs';
import path from 'path';
import { FieldType, createDataFrame } from '@grafana/data';

import { type FilterCondition, type FilterNode } from '../../shared/filterModel';
import { FrameIndex } from './columns';
import { combineFilters } from './filter';
import { matchingRows } from './evaluate';

interface Vectors {
  fields: Array<{ key: string; type: 'number' | 'string' | 'time' | 'strings' }>;
  tickets: Array<Record<string, string | number | string[] | null>>;
  cases: Array<{
    name: string;
    filter?: FilterNode;
    filters?: FilterCondition[];
    search?: string;
    expect?: string[];
    error?: string[];
  }>;
}

const vectors: Vectors = JSON.parse(
  readFileSync(path.join(__dirname, '..', '..', '..', 'testdata', 'filters', 'vectors.json'), 'utf8')
);

// A multi-valued field arrives from the backend as JSON arrays in a field of type other.
const TYPES = { number: FieldType.number, string: FieldType.string, time: FieldType.time, strings: FieldType.other };

/** The vector tickets as a DataFrame with number, string, list and time (epoch ms) fields. */
function vectorFrame() {
  return createDataFrame({
    fields: vectors.fields.map((f) => ({
      name: f.key,
      type: TYPES[f.type],
      values: vectors.tickets.map((t) => {
        const v = t[f.key];
        return f.type === 'time' && typeof v === 'string' ? Date.parse(v) : v;
      }),
    })),
  });
}

describe('shared filter vectors (testdata/filters/vectors.json)', () => {
  const index = new FrameIndex(vectorFrame());
  const ids = index.column('id')!;

  it('has cases', () => {
    expect(vectors.cases.length).toBeGreaterThan(50);
  });

  it.each(vectors.cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const run = () => matchingRows(index, combineFilters(c.filter, c.filters), c.search ?? '');
    if (c.error) {
      let message = '';
      try {
        run();
      } catch (e) {
        message = (e as Error).message;
      }
      expect(message).not.toBe('');
      for (const part of c.error) {
        expect(message).toContain(part);
      }
      return;
    }
    const got = run()
      .map((r) => String(ids.value(r)))
      .sort();
    expect(got).toEqual([...(c.expect ?? [])].sort());
  });
});

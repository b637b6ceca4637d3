import { FieldType, createDataFrame, type DataFrame } from '@grafana/data';

import { frameProblem } from './frameCheck';

describe('frameProblem', () => {
  it('accepts a normal frame', () => {
    expect(
      frameProblem(createDataFrame({ fields: [{ name: 'a', type: FieldType.string, values: ['x'] }] }))
    ).toBeUndefined();
  });

  it('names fields of different lengths', () => {
    const frame = {
      length: 2,
      fields: [
        { name: 'a', type: FieldType.string, config: {}, values: ['x', 'y'] },
        { name: 'b', type: FieldType.number, config: {}, values: [1] },
      ],
    } as DataFrame;
    expect(frameProblem(frame)).toContain('a: 2, b: 1');
  });

  it('names a field without values', () => {
    const frame = { length: 0, fields: [{ name: 'a', type: FieldType.string, config: {} }] } as unknown as DataFrame;
    expect(frameProblem(frame)).toContain('"a" has no values array');
  });
});

import { FieldType, createDataFrame } from '@grafana/data';

import { FrameIndex } from '../engine/columns';
import { toDelimited } from './delimited';

describe('toDelimited', () => {
  const index = new FrameIndex(
    createDataFrame({
      fields: [
        { name: 'id', type: FieldType.number, values: [1, 2, 3] },
        { name: 'title', type: FieldType.string, values: ['a, "b"', 'tab\there', 'line\nbreak'] },
      ],
    })
  );
  const [id, title] = index.columns;

  it('writes CSV with quoting, only the given rows and columns, in the given order', () => {
    expect(toDelimited('csv', [title, id], [2, 0])).toBe('title,id\r\n"line\nbreak",3\r\n"a, ""b""",1\r\n');
  });

  it('writes TSV with tabs and line breaks flattened', () => {
    expect(toDelimited('tsv', [id, title], [1, 2])).toBe('id\ttitle\r\n2\ttab here\r\n3\tline break\r\n');
  });
});

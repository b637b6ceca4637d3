// Why a frame cannot be shown as a table, in words a viewer can act on (undefined: it can).
import { type DataFrame } from '@grafana/data';

export function frameProblem(frame: DataFrame): string | undefined {
  if (!Array.isArray(frame.fields)) {
    return 'The query returned a frame without fields.';
  }
  const lengths = new Set<number>();
  for (const f of frame.fields) {
    const values = f?.values as unknown;
    if (
      !f ||
      typeof f.name !== 'string' ||
      values === null ||
      typeof values !== 'object' ||
      typeof (values as ArrayLike<unknown>).length !== 'number'
    ) {
      return `Field ${f && typeof f.name === 'string' ? `"${f.name}"` : 'without a name'} has no values array: the frame is malformed.`;
    }
    lengths.add((values as ArrayLike<unknown>).length);
  }
  if (lengths.size > 1) {
    const detail = frame.fields.map((f) => `${f.name}: ${f.values.length}`).join(', ');
    return `The fields have different lengths (${detail}), so they cannot form rows. Check the query or its transformations.`;
  }
  return undefined;
}

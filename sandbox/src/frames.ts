import { type DataFrame, type DataFrameJSON, dataFrameFromJSON } from '@grafana/data';

import { generatedFrame } from './generated';

/** Fetches frames in Grafana's wire format (what /api/ds/query returns and the Go SDK marshals); `generated-<rows>` builds one. */
export async function loadFrames(name: string): Promise<DataFrame[]> {
  const generated = /^generated-(\d+)$/.exec(name);
  if (generated) {
    return [generatedFrame(Number(generated[1]))];
  }
  if (!/^[\w-]+$/.test(name)) {
    throw new Error(`Frame file name "${name}" may only contain letters, digits, "-" and "_"`);
  }
  const response = await fetch(`/frames/${name}.json`);
  if (!response.ok) {
    throw new Error(`Could not fetch frames "${name}": HTTP ${response.status}`);
  }
  const body: unknown = await response.json();
  const list = Array.isArray(body) ? body : [body];
  return list.map((json: DataFrameJSON | DataFrame) => ('fields' in json && !('schema' in json) ? rawFrame(json) : dataFrameFromJSON(json as DataFrameJSON)));
}

/**
 * A frame given in DataFrame shape (`{"fields": [...]}`) is used as is, not normalised as the wire format is: so a
 * test can hand a panel the malformed frames a buggy transformation or plugin could produce.
 */
function rawFrame(frame: DataFrame): DataFrame {
  const fields = (frame.fields ?? []).map((f) => ({ ...f, config: f.config ?? {} }));
  return { ...frame, fields, length: frame.length ?? fields[0]?.values?.length ?? 0 };
}

import { type DataFrame, type DataFrameJSON, dataFrameFromJSON } from '@grafana/data';

/** Fetches frames in Grafana's wire format (what /api/ds/query returns and the Go SDK marshals). */
export async function loadFrames(name: string): Promise<DataFrame[]> {
  if (!/^[\w-]+$/.test(name)) {
    throw new Error(`Frame file name "${name}" may only contain letters, digits, "-" and "_"`);
  }
  const response = await fetch(`/frames/${name}.json`);
  if (!response.ok) {
    throw new Error(`Could not fetch frames "${name}": HTTP ${response.status}`);
  }
  const body: unknown = await response.json();
  const list = Array.isArray(body) ? body : [body];
  return list.map((json: DataFrameJSON) => dataFrameFromJSON(json));
}

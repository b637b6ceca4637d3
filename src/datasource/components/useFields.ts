import { useEffect, useState } from 'react';

import { type SpacetimeDataSource } from '../datasource';
import { type FieldInfo } from '../types';

/** A sentence from a failed resource call (Grafana's fetch errors carry the backend's message in data). */
export function errorMessage(err: unknown): string {
  if (err && typeof err === 'object') {
    const e = err as { data?: { message?: string; error?: string }; message?: string; statusText?: string };
    return e.data?.message || e.data?.error || e.message || e.statusText || 'request failed';
  }
  return String(err);
}

export interface FieldsState {
  /** undefined while loading or after an error: keys are then not checked. */
  fields?: FieldInfo[];
  error?: string;
}

/** The datasource's `fields` resource (fixed fields first, then dimensions). */
export function useFields(datasource: SpacetimeDataSource): FieldsState {
  const [state, setState] = useState<FieldsState>({});
  useEffect(() => {
    let live = true;
    datasource.getFields().then(
      (fields) => live && setState({ fields }),
      (err) => live && setState({ error: errorMessage(err) })
    );
    return () => {
      live = false;
    };
  }, [datasource]);
  return state;
}

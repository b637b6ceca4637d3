// Keeps a panel's view state in the URL through locationService: discrete changes push a history entry (so
// back/forward step through them) once the change is painted; typing in the search box or dragging a column edge
// replaces the entry after a pause.
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { locationService } from '@grafana/runtime';

import {
  type UrlParams,
  type ViewState,
  keepUnchanged,
  parseViewState,
  sameParams,
  viewStateToParams,
} from './viewState';

const CONTINUOUS_WRITE_MS = 300;

export interface UpdateOptions {
  /** Typing or dragging: update at once, write the URL (replacing the entry) after a pause. */
  continuous?: boolean;
}

export type ViewUpdate = Partial<ViewState> | ((s: ViewState) => Partial<ViewState>);

function currentParams(): UrlParams {
  const out: UrlParams = {};
  const search = locationService.getSearchObject() as Record<string, unknown>;
  for (const [k, v] of Object.entries(search)) {
    // Repeated parameters arrive as arrays and flags as true; only single strings are ours.
    if (typeof v === 'string') {
      out[k] = v;
    } else if (Array.isArray(v) && typeof v[v.length - 1] === 'string') {
      out[k] = v[v.length - 1];
    }
  }
  return out;
}

export function useViewState(
  panelKey: string,
  extraParams?: (s: ViewState) => Record<string, string | null>
): [ViewState, (update: ViewUpdate, opts?: UpdateOptions) => void] {
  const [state, setState] = useState<ViewState>(() => parseViewState(currentParams(), panelKey));
  const stateRef = useRef(state);
  // Our parameters as the URL holds them now (or will, once a pending write lands).
  const writtenRef = useRef(viewStateToParams(state, panelKey));
  const timerRef = useRef<ReturnType<typeof setTimeout>>();
  const extraRef = useRef(extraParams);
  const extraWrittenRef = useRef('');
  useLayoutEffect(() => {
    stateRef.current = state;
    extraRef.current = extraParams;
  });

  const write = useCallback(
    (next: ViewState, replace: boolean) => {
      const params = viewStateToParams(next, panelKey);
      const extra = extraRef.current?.(next) ?? {};
      const extraJson = JSON.stringify(extra);
      if (sameParams(params, writtenRef.current) && extraJson === extraWrittenRef.current) {
        return;
      }
      writtenRef.current = params;
      extraWrittenRef.current = extraJson;
      locationService.partial({ ...params, ...extra }, replace);
    },
    [panelKey]
  );

  useEffect(() => {
    const sub = locationService.getLocationObservable().subscribe(() => {
      const fromUrl = parseViewState(currentParams(), panelKey);
      const params = viewStateToParams(fromUrl, panelKey);
      if (sameParams(params, writtenRef.current)) {
        return; // our own write, or another panel's
      }
      // Back/forward or a pasted link: the URL wins over a pending search write.
      clearTimeout(timerRef.current);
      timerRef.current = undefined;
      writtenRef.current = params;
      const next = keepUnchanged(stateRef.current, fromUrl);
      stateRef.current = next;
      setState(next);
    });
    return () => {
      sub.unsubscribe();
      clearTimeout(timerRef.current);
    };
  }, [panelKey]);

  const update = useCallback(
    (u: ViewUpdate, opts?: UpdateOptions) => {
      const prev = stateRef.current;
      const next = { ...prev, ...(typeof u === 'function' ? u(prev) : u) };
      stateRef.current = next;
      setState(next);
      clearTimeout(timerRef.current);
      if (opts?.continuous) {
        timerRef.current = setTimeout(() => {
          timerRef.current = undefined;
          write(stateRef.current, true);
        }, CONTINUOUS_WRITE_MS);
      } else {
        // Right after this render is painted: the history entry is not something the viewer waits to see.
        timerRef.current = setTimeout(() => {
          timerRef.current = undefined;
          write(stateRef.current, false);
        }, 0);
      }
    },
    [write]
  );

  return [state, update];
}

import { type DataFrameJSON, dataFrameFromJSON, dateTime } from '@grafana/data';

import type { DashboardJSON, PanelFrames } from './types';

/** A dashboard from src/dashboards (the provisioned JSON), served by the sandbox at /dashboards/. */
export async function loadDashboard(name: string): Promise<DashboardJSON> {
  if (!/^[\w-]+$/.test(name)) {
    throw new Error(`Dashboard name "${name}" may only contain letters, digits, "-" and "_"`);
  }
  const response = await fetch(`/dashboards/${name}.json`);
  if (!response.ok) {
    throw new Error(`Could not fetch dashboard "${name}": HTTP ${response.status}`);
  }
  return (await response.json()) as DashboardJSON;
}

interface PanelDump {
  from: number;
  to: number;
  frames: DataFrameJSON[] | null;
}

/**
 * A panel's frames as tests/dashboards writes them with SPACETIME_DUMP_FRAMES (sandbox/frames/dashboards/<dashboard>/
 * panel-<id>.json), or undefined when the panel has none (it then shows "No data", as in Grafana).
 */
export async function loadPanelFrames(dashboard: string, panelId: number): Promise<PanelFrames | undefined> {
  const response = await fetch(`/frames/dashboards/${dashboard}/panel-${panelId}.json`);
  if (response.status === 404) {
    return undefined;
  }
  if (!response.ok) {
    throw new Error(`Could not fetch the frames of panel ${panelId}: HTTP ${response.status}`);
  }
  const dump = (await response.json()) as PanelDump;
  const from = dateTime(dump.from);
  const to = dateTime(dump.to);
  return {
    timeRange: { from, to, raw: { from, to } },
    frames: (dump.frames ?? []).map((json) => dataFrameFromJSON(json)),
  };
}

import type { DataFrame, FieldConfigSource, TimeRange } from '@grafana/data';

export interface GridPos {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** The parts of a dashboard panel's JSON the sandbox reads. */
export interface DashboardPanel {
  id: number;
  type: string;
  title?: string;
  description?: string;
  gridPos: GridPos;
  collapsed?: boolean;
  options?: Record<string, unknown>;
  fieldConfig?: Partial<FieldConfigSource>;
}

export interface DashboardVariable {
  type: string;
  name: string;
  label?: string;
  description?: string;
  /** A datasource variable's filter on datasource names, like /ClickHouse/. */
  regex?: string;
}

export interface DashboardJSON {
  uid: string;
  title: string;
  description?: string;
  tags?: string[];
  refresh?: string;
  templating?: { list?: DashboardVariable[] };
  panels: DashboardPanel[];
}

/** One panel's frames as the dashboards test dumps them: the time range it queried, frames in data frame JSON. */
export interface PanelFrames {
  timeRange: TimeRange;
  frames: DataFrame[];
}

/** What a visualization gets: the panel, its frames with the field config applied, its size inside the chrome. */
export interface VizProps {
  panel: DashboardPanel;
  frames: DataFrame[];
  timeRange: TimeRange;
  width: number;
  height: number;
}

import { type DynamicConfigValue } from '@grafana/grafana-foundation-sdk/dashboard';

/** Redmine's default severity colours, as the datasource gives them to the ticket table (least severe first). */
export const SEVERITY_COLORS: Array<[string, string]> = [
  ['Low', 'green'],
  ['Normal', 'blue'],
  ['High', 'orange'],
  ['Urgent', 'red'],
  ['Immediate', 'dark-red'],
];

interface OverridableByName {
  overrideByName(name: string, properties: DynamicConfigValue[]): unknown;
}

/** Colours each severity's slice as the ticket table does: a pie's rows cannot take colours from the frame. */
export function severityColors<T extends OverridableByName>(panel: T): T {
  for (const [name, color] of SEVERITY_COLORS) {
    panel.overrideByName(name, [{ id: 'color', value: { mode: 'fixed', fixedColor: color } }]);
  }
  return panel;
}

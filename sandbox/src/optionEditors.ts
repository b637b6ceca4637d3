import { standardEditorsRegistry } from '@grafana/data';

// Grafana core registers its option editors at boot (not in any package); panels' option builders look them up by
// id. No options pane is shown here, so each id gets an editor that renders nothing.
const EDITOR_IDS = [
  'boolean',
  'color',
  'dashboard-uid',
  'field-name',
  'multi-select',
  'number',
  'radio',
  'select',
  'slider',
  'strings',
  'text',
  'timezone',
  'unit',
];

let registered = false;

export function registerOptionEditors() {
  if (registered) {
    return;
  }
  registered = true;
  standardEditorsRegistry.setInit(() => EDITOR_IDS.map((id) => ({ id, name: id, editor: () => null })));
}

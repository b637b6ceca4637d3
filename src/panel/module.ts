import { PanelPlugin } from '@grafana/data';

import { TicketTablePanel } from './components/TicketTablePanel';
import { type TicketTableOptions } from './types';

export const plugin = new PanelPlugin<TicketTableOptions>(TicketTablePanel)
  .useFieldConfig()
  .setPanelOptions((builder) =>
    builder
      .addNumberInput({
        path: 'frameIndex',
        name: 'Frame',
        description: 'Which frame to show when the query returns several (0 = first)',
        defaultValue: 0,
        settings: { min: 0, integer: true },
      })
      .addBooleanSwitch({
        path: 'showHeader',
        name: 'Show header',
        defaultValue: true,
      })
      .addTextInput({
        path: 'columnOrder',
        name: 'Column order',
        description:
          'Field names, comma-separated; other fields follow in frame order. Viewers can reorder and reset to this.',
        defaultValue: '',
      })
      .addTextInput({
        path: 'hiddenColumns',
        name: 'Hidden columns',
        description:
          'Field names, comma-separated, hidden by default (still searched and shown in row details; the description shows there as readable text).',
        defaultValue: 'url,description',
      })
      .addBooleanSwitch({
        path: 'hideNonMatching',
        name: 'Hide rows that do not match the search',
        description: 'Off: non-matching rows are grayed out. Viewers can toggle it.',
        defaultValue: false,
      })
      .addTextInput({
        path: 'searchVariable',
        name: 'Search variable',
        description: 'Name of a dashboard textbox variable that receives the search text (so other panels can use it).',
        defaultValue: '',
      })
      .addNumberInput({
        path: 'rowHeight',
        name: 'Row height',
        description: 'Pixels per row',
        defaultValue: 28,
        settings: { min: 20, max: 64, integer: true },
      })
  );

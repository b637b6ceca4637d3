import { PanelPlugin } from '@grafana/data';

import { TicketTablePanel } from './components/TicketTablePanel';
import { type TicketTableOptions } from './types';

export const plugin = new PanelPlugin<TicketTableOptions>(TicketTablePanel).useFieldConfig().setPanelOptions((builder) =>
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
);

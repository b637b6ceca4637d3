import { PanelBuilder } from '@grafana/grafana-foundation-sdk/dashboard';

import { type TicketTableOptions } from '../../src/panel/types';

export const TICKET_TABLE_TYPE = 'spacetime-tickettable-panel';

/** Spacetime's ticket table panel for the foundation SDK, with the panel's own options type. */
export class TicketTablePanelBuilder extends PanelBuilder {
  constructor() {
    super();
    this.internal.type = TICKET_TABLE_TYPE;
  }

  tableOptions(options: TicketTableOptions): this {
    this.internal.options = options;
    return this;
  }
}

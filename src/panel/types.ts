export interface TicketTableOptions {
  /** Which frame of the query result to show when a query returns several. */
  frameIndex: number;
  showHeader: boolean;
}

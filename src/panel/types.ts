export interface TicketTableOptions {
  /** Which frame of the query result to show when a query returns several. */
  frameIndex: number;
  showHeader: boolean;
  /** Default column order: field names, comma-separated; unnamed fields follow in frame order. */
  columnOrder?: string;
  /** Default hidden columns: field names, comma-separated. */
  hiddenColumns?: string;
  /** Hide rows that do not match the search instead of graying them out (the viewer can toggle it). */
  hideNonMatching: boolean;
  /** Name of a dashboard textbox variable that receives the search text. */
  searchVariable?: string;
  /** Pixels per row. */
  rowHeight?: number;
}

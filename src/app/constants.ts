export const APP_ID = 'spacetime-tickets-app';
export const DATASOURCE_ID = 'spacetime-tickets-datasource';
export const PANEL_ID = 'spacetime-tickettable-panel';
export const OVERVIEW_DASHBOARD_UID = 'spacetime-outage-overview';

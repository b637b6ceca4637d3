import {
  AdHocVariableBuilder,
  DatasourceVariableBuilder,
  TextBoxVariableBuilder,
} from '@grafana/grafana-foundation-sdk/dashboard';

import { AD_HOC_VARIABLE } from './dataLinks';
import { DATASOURCE_TYPE, DATASOURCE_VARIABLE } from './spacetimeQuery';

export const SEARCH_VARIABLE = 'search';

/** The ticket source: every Spacetime datasource; the provisioned demo one is the default. */
export const ticketSourceVariable = () =>
  new DatasourceVariableBuilder('datasource').label('Ticket source').type(DATASOURCE_TYPE);

/** Ad hoc filters on ticket fields: keys and values come from the datasource; clicks on charts add to them. */
export const filtersVariable = () =>
  new AdHocVariableBuilder(AD_HOC_VARIABLE).label('Filters').datasource(DATASOURCE_VARIABLE);

/** Free-text search (words, "phrases", field:value) written into every query; the table's search box fills it. */
export const searchVariable = () =>
  new TextBoxVariableBuilder(SEARCH_VARIABLE)
    .label('Search')
    .description('Words, "phrases" or field:value, in every panel');

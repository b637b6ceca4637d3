import {
  CustomVariableSupport,
  type DataQueryRequest,
  type DataQueryResponse,
  FieldType,
  createDataFrame,
} from '@grafana/data';
import { from, map, type Observable, of } from 'rxjs';

import { type FilterCondition } from '../shared/filterModel';
import { VariableQueryEditor } from './components/VariableQueryEditor';
import { type SpacetimeDataSource } from './datasource';
import { type SpacetimeVariableQuery } from './types';

/** Template variables: the values of one field (most frequent first), narrowed by conditions and search. */
export class SpacetimeVariableSupport extends CustomVariableSupport<SpacetimeDataSource, SpacetimeVariableQuery> {
  editor = VariableQueryEditor;

  constructor(private readonly datasource: SpacetimeDataSource) {
    super();
  }

  query(request: DataQueryRequest<SpacetimeVariableQuery>): Observable<DataQueryResponse> {
    const q = request.targets[0];
    const scopedVars = request.scopedVars ?? {};
    if (!q?.field) {
      return of({ data: [] });
    }
    const ds = this.datasource;
    const field = ds.resolveKey(ds.expand(q.field, scopedVars)[0] ?? q.field);
    const filters = (q.filters ?? []).map((c) => ds.interpolateNode(c, scopedVars) as FilterCondition);
    const search = q.search ? ds.expand(q.search, scopedVars).join(' ') : undefined;
    return from(ds.getValues(field, { range: request.range, filters, search, limit: q.limit })).pipe(
      map((values) => ({
        data: [
          createDataFrame({
            fields: [
              { name: 'text', type: FieldType.string, values: values.map((v) => v.value) },
              { name: 'value', type: FieldType.string, values: values.map((v) => v.value) },
            ],
          }),
        ],
      }))
    );
  }
}

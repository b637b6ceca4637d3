// The filter model shared by the datasource (written into query JSON) and the panel's filter engine.
// Semantics: docs/query-model.md; test vectors: testdata/filters/vectors.json.

export type FilterOperator = '=' | '!=' | '=~' | '!~' | '=|' | '!=|' | '<' | '>';

export const FILTER_OPERATORS: FilterOperator[] = ['=', '!=', '=~', '!~', '=|', '!=|', '<', '>'];

export interface FilterCondition {
  key: string;
  operator: FilterOperator;
  value?: string;
  values?: string[];
}

export type GroupOperator = 'and' | 'or' | 'not';

export interface FilterGroup {
  op?: GroupOperator;
  filters: FilterNode[];
}

export type FilterNode = FilterCondition | FilterGroup;

export function isFilterGroup(node: FilterNode): node is FilterGroup {
  return Array.isArray((node as FilterGroup).filters);
}

/** 'list': a multi-valued field (labels, components): a JSON array of values per cell. */
export type FieldKind = 'number' | 'string' | 'time' | 'list';

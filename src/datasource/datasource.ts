import {
  type AdHocVariableFilter,
  type AnnotationQuery,
  type DataSourceGetTagKeysOptions,
  type DataSourceGetTagValuesOptions,
  type DataSourceInstanceSettings,
  type MetricFindValue,
  type ScopedVars,
  type TimeRange,
} from '@grafana/data';
import { DataSourceWithBackend, getTemplateSrv } from '@grafana/runtime';
import { of } from 'rxjs';

import { type FilterCondition, type FilterNode, isFilterGroup } from '../shared/filterModel';
import { rfc3339 } from '../shared/timeText';
import { annotationQuery, framesToEvents } from './annotations';
import { AnnotationQueryEditor } from './components/AnnotationQueryEditor';
import { adHocToConditions, hasVariable, isMultiOperator, isRegexOperator, isSingleVariable } from './filters';
import {
  DEFAULT_QUERY,
  FIXED_FIELDS,
  REDMINE_SEVERITIES,
  type FieldInfo,
  type SeveritySetting,
  type SpacetimeAnnotationQuery,
  type SpacetimeOptions,
  type SpacetimeQuery,
  type ValueCount,
} from './types';
import { SpacetimeVariableSupport } from './variables';
import { CLICKHOUSE_SYSTEM } from './logengine/types';

/** Fields that make no sense as ad hoc filter keys (long free text, links). */
const NOT_AD_HOC = new Set(['description', 'url']);

export interface ValuesOptions {
  range?: TimeRange;
  filters?: FilterCondition[];
  search?: string;
  limit?: number;
}

function slugKey(s: string): string {
  const slug = s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return slug || s;
}

function escapeRegex(s: string): string {
  return s.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
}

export class SpacetimeDataSource extends DataSourceWithBackend<SpacetimeQuery, SpacetimeOptions> {
  readonly settings: SpacetimeOptions;
  private fieldsPromise?: Promise<FieldInfo[]>;
  private fieldsCache?: FieldInfo[];

  constructor(instanceSettings: DataSourceInstanceSettings<SpacetimeOptions>) {
    super(instanceSettings);
    this.settings = instanceSettings.jsonData ?? {};
    this.variables = new SpacetimeVariableSupport(this);
    this.annotations = {
      QueryEditor: AnnotationQueryEditor,
      getDefaultQuery: () => ({ queryType: 'tickets', limit: 500 }),
      prepareAnnotation: (json: AnnotationQuery<SpacetimeAnnotationQuery>) => {
        const target: Partial<SpacetimeAnnotationQuery> = json.target ?? {};
        return { ...json, target: { ...target, refId: target.refId ?? 'Anno', queryType: 'tickets' } };
      },
      prepareQuery: (anno: AnnotationQuery<SpacetimeAnnotationQuery>) =>
        anno.target ? annotationQuery(anno.target, this.severities()) : undefined,
      processEvents: (anno: AnnotationQuery<SpacetimeAnnotationQuery>, frames) =>
        of(framesToEvents(frames, this.severities(), anno.target?.timeField)),
    };
  }

  getDefaultQuery(): Partial<SpacetimeQuery> {
    if (this.settings.system === CLICKHOUSE_SYSTEM) {
      return { queryType: 'chains' };
    }
    return DEFAULT_QUERY;
  }

  filterQuery(query: SpacetimeQuery): boolean {
    return !query.hide;
  }

  /** Severity order lowest → highest: the settings', else Redmine's default priorities. */
  severities(): SeveritySetting[] {
    return this.settings.severities && this.settings.severities.length > 0 ? this.settings.severities : REDMINE_SEVERITIES;
  }

  /** The `fields` resource, fetched once per datasource instance (again after a failure). */
  getFields(): Promise<FieldInfo[]> {
    if (!this.fieldsPromise) {
      this.fieldsPromise = this.getResource<FieldInfo[]>('fields').then(
        (fields) => {
          this.fieldsCache = Array.isArray(fields) ? fields : [];
          return this.fieldsCache;
        },
        (err) => {
          this.fieldsPromise = undefined;
          throw err;
        }
      );
    }
    return this.fieldsPromise;
  }

  /** The `values` resource: values of one field, most frequent first. */
  async getValues(field: string, opts: ValuesOptions = {}): Promise<ValueCount[]> {
    const params: Record<string, string | number> = { field };
    if (opts.range) {
      params.from = opts.range.from.valueOf();
      params.to = opts.range.to.valueOf();
    }
    if (opts.filters && opts.filters.length > 0) {
      params.filters = JSON.stringify(opts.filters);
    }
    if (opts.search) {
      params.search = opts.search;
    }
    if (opts.limit) {
      params.limit = opts.limit;
    }
    const values = await this.getResource<ValueCount[]>('values', params);
    return Array.isArray(values) ? values : [];
  }

  /** A field key for a key or a display name (core table "filter for value" may send either). */
  resolveKey(key: string): string {
    const known = [...(this.fieldsCache ?? []), ...FIXED_FIELDS];
    if (known.some((f) => f.key === key) || (this.settings.fields ?? []).some((f) => f.key === key)) {
      return key;
    }
    const lower = key.toLowerCase();
    const byName =
      (this.settings.fields ?? []).find((f) => f.name?.toLowerCase() === lower) ??
      known.find((f) => f.name.toLowerCase() === lower);
    if (byName) {
      return byName.key;
    }
    // Before the fields are loaded, a display name is taken for the connector's key form ("Root cause" → root_cause).
    return this.fieldsCache ? key : slugKey(key);
  }

  applyTemplateVariables(query: SpacetimeQuery, scopedVars: ScopedVars, filters?: AdHocVariableFilter[]): SpacetimeQuery {
    const out: SpacetimeQuery = { ...query };
    const text = (s: string) => this.replace(s, scopedVars);

    if (query.filter) {
      out.filter = this.interpolateNode(query.filter, scopedVars);
    }
    const conditions = [
      ...(query.filters ?? []).map((c) => this.interpolateNode(c, scopedVars) as FilterCondition),
      ...adHocToConditions(filters, (k) => this.resolveKey(k)).map((c) => this.timeValueAsText(c)),
    ];
    if (conditions.length > 0) {
      out.filters = conditions;
    } else {
      delete out.filters;
    }
    if (query.search) {
      out.search = this.replace(query.search, scopedVars, (v) => (Array.isArray(v) ? v.join(' ') : v));
    }
    if (query.groupBy) {
      out.groupBy = query.groupBy.flatMap((g) => this.expand(g, scopedVars)).filter((g) => g !== '');
    }
    if (query.stats) {
      out.stats = query.stats.flatMap((s) => this.expand(s, scopedVars)) as SpacetimeQuery['stats'];
    }
    if (query.timeField) {
      out.timeField = text(query.timeField) as SpacetimeQuery['timeField'];
    }
    if (query.bucket) {
      out.bucket = text(query.bucket);
    }
    if (query.chain) {
      out.chain = text(query.chain);
    }
    if (query.sort) {
      out.sort = query.sort.map((s) => ({ ...s, field: text(s.field) }));
    }
    for (const key of ['limit', 'topN'] as const) {
      const v: unknown = query[key];
      if (typeof v === 'string') {
        const replaced = text(v).trim();
        // A number when it reads as one; otherwise the backend names the bad value.
        (out as unknown as Record<string, unknown>)[key] = /^-?\d+$/.test(replaced) ? Number(replaced) : replaced;
      }
    }
    return out;
  }

  /**
   * A table "filter for value" click on a time cell sends epoch milliseconds; `=` and `!=` compare a time's
   * RFC 3339 text (docs/query-model.md), so the value is rewritten to that text.
   */
  private timeValueAsText(c: FilterCondition): FilterCondition {
    const kind = [...(this.fieldsCache ?? []), ...FIXED_FIELDS].find((f) => f.key === c.key)?.type;
    if (kind !== 'time' || (c.operator !== '=' && c.operator !== '!=') || !/^\d{10,}$/.test(c.value ?? '')) {
      return c;
    }
    return { ...c, value: rfc3339(Number(c.value)) };
  }

  /** Interpolates template variables in a filter tree; a multi-value variable in `=`/`!=` becomes `=|`/`!=|`. */
  interpolateNode(node: FilterNode, scopedVars: ScopedVars): FilterNode {
    if (isFilterGroup(node)) {
      return { ...node, filters: node.filters.map((n) => this.interpolateNode(n, scopedVars)) };
    }
    const c: FilterCondition = { ...node, key: this.replace(node.key, scopedVars) };
    if (isMultiOperator(c.operator)) {
      const raw = node.values ?? (node.value !== undefined ? [node.value] : []);
      c.values = raw.flatMap((v) => this.expand(v, scopedVars));
      delete c.value;
    } else if (isRegexOperator(c.operator)) {
      c.value = this.replace(node.value ?? '', scopedVars, (v) =>
        Array.isArray(v) ? `(${v.map(escapeRegex).join('|')})` : v
      );
    } else if ((c.operator === '=' || c.operator === '!=') && isSingleVariable(node.value)) {
      const values = this.expand(node.value ?? '', scopedVars);
      if (values.length === 1) {
        c.value = values[0];
      } else {
        c.operator = c.operator === '=' ? '=|' : '!=|';
        c.values = values;
        delete c.value;
      }
    } else if (node.value !== undefined) {
      c.value = this.replace(node.value, scopedVars);
    }
    return c;
  }

  /** A text's values: a lone multi-value variable (or "All") gives each of its values, anything else one text. */
  expand(text: string, scopedVars: ScopedVars): string[] {
    if (!hasVariable(text)) {
      return [text];
    }
    let multi: string[] | undefined;
    const out = this.replace(text, scopedVars, (v) => {
      if (Array.isArray(v)) {
        multi = v.map(String);
        return v.join(',');
      }
      return v;
    });
    return isSingleVariable(text) && multi ? multi : [out];
  }

  private replace(text: string, scopedVars: ScopedVars, format?: (value: string | string[]) => string): string {
    return getTemplateSrv().replace(text, scopedVars, format);
  }

  async getTagKeys(_options?: DataSourceGetTagKeysOptions<SpacetimeQuery>): Promise<MetricFindValue[]> {
    const fields = await this.getFields();
    return fields.filter((f) => !NOT_AD_HOC.has(f.key)).map((f) => ({ text: f.name || f.key, value: f.key }));
  }

  async getTagValues(options: DataSourceGetTagValuesOptions<SpacetimeQuery>): Promise<MetricFindValue[]> {
    const key = this.resolveKey(options.key);
    // The other filters narrow the values; the key's own filter would narrow them to the chosen one.
    const others = adHocToConditions(options.filters, (k) => this.resolveKey(k)).filter((c) => c.key !== key);
    const values = await this.getValues(key, { range: options.timeRange, filters: others, limit: 1000 });
    return values.map((v) => ({ text: v.value === '' ? '(empty)' : v.value, value: v.value }));
  }
}

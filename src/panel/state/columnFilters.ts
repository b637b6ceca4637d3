// The viewer's column filters, each compiled to the shared filter model so the one engine runs them.
import { type FilterCondition, type FilterNode } from '../../shared/filterModel';

export type ColumnFilterKind = 'values' | 'contains' | 'regex' | 'range';

export interface ColumnFilter {
  key: string;
  kind: ColumnFilterKind;
  /** values: the cell texts to keep (OR). */
  values?: string[];
  /** contains: the text; regex: the pattern. */
  text?: string;
  /** range: exclusive bounds (number, or for times RFC 3339 / epoch ms). */
  min?: string;
  max?: string;
  /** Keep the rows the filter would otherwise drop. */
  negate?: boolean;
}

/** Escapes text for a pattern both RE2 and JavaScript read the same way. */
export function escapeRegex(text: string): string {
  return text.replace(/[\\^$.|?*+()[\]{}]/g, '\\$&');
}

export function columnFilterToNode(f: ColumnFilter): FilterNode | undefined {
  const neg = !!f.negate;
  switch (f.kind) {
    case 'values':
      return { key: f.key, operator: neg ? '!=|' : '=|', values: f.values ?? [] };
    case 'contains':
      return { key: f.key, operator: neg ? '!~' : '=~', value: `(?is).*${escapeRegex(f.text ?? '')}.*` };
    case 'regex':
      return { key: f.key, operator: neg ? '!~' : '=~', value: f.text ?? '' };
    case 'range': {
      const parts: FilterCondition[] = [];
      if (f.min !== undefined && f.min !== '') {
        parts.push({ key: f.key, operator: '>', value: f.min });
      }
      if (f.max !== undefined && f.max !== '') {
        parts.push({ key: f.key, operator: '<', value: f.max });
      }
      if (parts.length === 0) {
        return undefined;
      }
      const node: FilterNode = parts.length === 1 ? parts[0] : { op: 'and', filters: parts };
      return neg ? { op: 'not', filters: [node] } : node;
    }
  }
  return undefined;
}

/** Every column filter AND-ed (values within one filter are OR-ed by `=|`). */
export function columnFiltersToNode(filters: ColumnFilter[]): FilterNode | undefined {
  const nodes = filters.map(columnFilterToNode).filter((n): n is FilterNode => !!n);
  if (nodes.length === 0) {
    return undefined;
  }
  return nodes.length === 1 ? nodes[0] : { op: 'and', filters: nodes };
}

function quote(s: string): string {
  return `"${s}"`;
}

/** A short human description for the active-filter bar, e.g. `Service is checkout or auth`. */
export function describeColumnFilter(f: ColumnFilter, name: string): string {
  const not = f.negate;
  switch (f.kind) {
    case 'values': {
      const vs = (f.values ?? []).map((v) => (v === '' ? '(empty)' : v));
      const shown = vs.length > 3 ? `${vs.slice(0, 3).join(', ')} +${vs.length - 3}` : vs.join(' or ');
      return `${name} ${not ? 'is not' : 'is'} ${shown}`;
    }
    case 'contains':
      return `${name} ${not ? 'does not contain' : 'contains'} ${quote(f.text ?? '')}`;
    case 'regex':
      return `${name} ${not ? '!~' : '=~'} /${f.text ?? ''}/`;
    case 'range': {
      const parts: string[] = [];
      if (f.min) {
        parts.push(`> ${f.min}`);
      }
      if (f.max) {
        parts.push(`< ${f.max}`);
      }
      return `${not ? 'not ' : ''}${name} ${parts.join(' and ')}`;
    }
  }
  return name;
}

export function sameFilter(a: ColumnFilter, b: ColumnFilter): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

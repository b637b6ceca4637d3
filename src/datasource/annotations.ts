// Tickets as annotation events: the annotation query is a `tickets` query (plus a minimum severity), and
// the returned table frame becomes one event per ticket.

import { type AnnotationEvent, type DataFrame, DataFrameView, FieldType, textUtil } from '@grafana/data';
import { config } from '@grafana/runtime';

import { type FilterCondition, type FilterNode } from '../shared/filterModel';
import {
  FIXED_KEYS,
  type SeveritySetting,
  type SpacetimeAnnotationQuery,
  type SpacetimeQuery,
  type TimeField,
} from './types';

/** Severity names at or above `min` in the given order (lowest first); `[min]` when it is not in the order. */
export function severitiesAtOrAbove(min: string, order: SeveritySetting[]): string[] {
  const i = order.findIndex((s) => s.name.toLowerCase() === min.toLowerCase());
  return i < 0 ? [min] : order.slice(i).map((s) => s.name);
}

/** The tickets query an annotation runs: its filter AND severity one of those at or above the minimum. */
export function annotationQuery(target: SpacetimeAnnotationQuery, order: SeveritySetting[]): SpacetimeQuery {
  const { minSeverity, ...rest } = target;
  const query: SpacetimeQuery = { ...rest, refId: rest.refId || 'Anno', queryType: 'tickets' };
  if (minSeverity) {
    const cond: FilterCondition = { key: 'severity', operator: '=|', values: severitiesAtOrAbove(minSeverity, order) };
    const filter: FilterNode = rest.filter ? { op: 'and', filters: [rest.filter, cond] } : { op: 'and', filters: [cond] };
    query.filter = filter;
  }
  return query;
}

/** A CSS colour for a severity: its configured colour (Grafana colour names resolved by the theme). */
export function severityColor(severity: string | undefined, order: SeveritySetting[]): string | undefined {
  const s = order.find((o) => o.name.toLowerCase() === (severity ?? '').toLowerCase());
  if (!s?.color) {
    return undefined;
  }
  return config.theme2?.visualization?.getColorByName(s.color) ?? s.color;
}

interface TicketRow {
  [key: string]: unknown;
}

/** One annotation event per ticket row: title, severity colour, link to the ticket, dimension tags. */
export function framesToEvents(frames: DataFrame[], order: SeveritySetting[], timeField: TimeField = 'opened'): AnnotationEvent[] {
  const events: AnnotationEvent[] = [];
  for (const frame of frames) {
    const time = frame.fields.find((f) => f.name === timeField && f.type === FieldType.time);
    if (!time) {
      continue;
    }
    // Dimensions: text fields, and multi-valued ones (arrays of values), each value a tag.
    const dims = frame.fields
      .filter((f) => !FIXED_KEYS.has(f.name) && (f.type === FieldType.string || f.type === FieldType.other))
      .map((f) => f.name);
    const view = new DataFrameView<TicketRow>(frame);
    view.forEach((row) => {
      const at = row[timeField];
      if (at === null || at === undefined) {
        return;
      }
      const id = row.id === undefined ? '' : String(row.id);
      // Redmine's numbers read "#42"; ids that are text already say what they are (PROJ-123, owner/repo#42).
      const ref = /^\d+$/.test(id) ? `#${id}` : id;
      const title = String(row.title ?? '');
      const severity = row.severity === undefined ? undefined : String(row.severity);
      const url = typeof row.url === 'string' ? row.url : '';
      const lines = [
        [severity, row.status].filter(Boolean).map((v) => textUtil.escapeHtml(String(v))).join(' · '),
        url ? `<a href="${textUtil.escapeHtml(textUtil.sanitizeUrl(url))}" target="_blank" rel="noopener noreferrer">Open ticket ${textUtil.escapeHtml(ref)}</a>` : '',
      ].filter(Boolean);
      const tags = [
        ...(severity ? [`severity:${severity}`] : []),
        ...dims.flatMap((d) =>
          (Array.isArray(row[d]) ? (row[d] as unknown[]) : [row[d]])
            .filter((v) => v !== '' && v !== null && v !== undefined)
            .map((v) => `${d}:${String(v)}`)
        ),
      ];
      events.push({
        time: typeof at === 'number' ? at : new Date(String(at)).valueOf(),
        title: id ? `${ref} ${title}` : title,
        text: lines.join('<br>'),
        tags,
        color: severityColor(severity, order),
      });
    });
  }
  return events;
}

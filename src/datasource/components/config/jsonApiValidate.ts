import { type JsonApiDimension, type JsonApiSpec } from '../../jsonApiTypes';
import { dimensionKeyError } from './validate';

// The config editor's checks of the JSON API settings, as the backend's Spec.Validate makes them
// (pkg/connector/jsonapi/spec.go); the backend's sentence is the one Save & test shows.

const PLACEHOLDERS = ['since', 'from', 'to', 'page', 'cursor'];

/** The fixed ticket fields a dimension key must not take. */
export const JSON_API_RESERVED_KEYS = [
  'id',
  'title',
  'description',
  'url',
  'severity',
  'status',
  'state',
  'opened',
  'updated',
  'resolved',
];

export interface JsonApiErrors {
  urlTemplate?: string;
  next?: string;
  id?: string;
  opened?: string;
  closed?: string;
  dimensions: Array<string | undefined>;
}

export function urlTemplateError(spec: JsonApiSpec, url = ''): string | undefined {
  const tpl = spec.urlTemplate.trim();
  if (tpl === '') {
    return 'Enter the listing’s path, like /api/tickets?updated_since={since}&page={page}';
  }
  const site = otherSite(tpl, url);
  if (site) {
    return `The template is on another site than the URL (${site}): make it relative to the URL`;
  }
  const unknown = [...tpl.matchAll(/\{([a-zA-Z]+)\}/g)].map((m) => m[1]).find((p) => !PLACEHOLDERS.includes(p));
  if (unknown) {
    return `{${unknown}} is not a placeholder: use {since}, {from}, {to}, {page} or {cursor}`;
  }
  if (tpl.includes('{page}') && spec.paging.style !== 'page') {
    return '{page} is filled only by the page paging style';
  }
  if (tpl.includes('{cursor}') && spec.paging.style !== 'cursor') {
    return '{cursor} is filled only by the cursor paging style';
  }
  return undefined;
}

export function dimensionErrors(dims: JsonApiDimension[]): Array<string | undefined> {
  const keys = dims.map((d) => d.key);
  return dims.map(
    (d, i) =>
      dimensionKeyError(keys, i, JSON_API_RESERVED_KEYS, 'dimension') ??
      (d.path.trim() ? undefined : 'Enter the GJSON path of the value')
  );
}

/** The URL's host when an absolute template is on another site than it (the backend sends no request there). */
function otherSite(tpl: string, url: string): string | undefined {
  if (!/^https?:\/\//i.test(tpl)) {
    return undefined;
  }
  try {
    const base = new URL(url.trim());
    const target = new URL(tpl.replace(/\{[a-z]+\}/g, 'x'));
    return base.protocol === target.protocol && base.host.toLowerCase() === target.host.toLowerCase()
      ? undefined
      : base.host;
  } catch {
    return undefined; // the URL field shows its own error
  }
}

export function jsonApiErrors(spec: JsonApiSpec, url = ''): JsonApiErrors {
  const style = spec.paging.style;
  return {
    urlTemplate: urlTemplateError(spec, url),
    next:
      (style === 'nextUrl' || style === 'cursor') && !spec.paging.next?.trim()
        ? `Enter the GJSON path of the next page’s ${style === 'cursor' ? 'cursor' : 'URL'} in the answer`
        : undefined,
    id: spec.fields.id?.trim() ? undefined : 'Enter the GJSON path of each ticket’s id',
    opened: spec.fields.opened?.trim() ? undefined : 'Enter the GJSON path of each ticket’s creation time',
    closed: !spec.closed.path.trim()
      ? 'Enter the GJSON path of the value that says a ticket is closed'
      : !spec.closed.present && !(spec.closed.in ?? []).length
        ? 'List the values that count as closed, or choose “has a value”'
        : undefined,
    dimensions: dimensionErrors(spec.dimensions ?? []),
  };
}

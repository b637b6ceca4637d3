import { type JiraCustomField, type PriorityRange } from '../../types';

// The config editor's checks, as the backend's settings check them (pkg/settings/jira.go).

/** Keys a custom field's dimension must not take: the ticket's fixed fields and Jira's fixed dimensions. */
export const JIRA_RESERVED_KEYS = [
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
  'project',
  'type',
  'components',
  'labels',
  'assignee',
];

export function emailError(email: string | undefined): string | undefined {
  const e = (email ?? '').trim();
  if (e === '') {
    return 'Enter the email of the Atlassian account the API token belongs to';
  }
  return /^[^@\s]+@[^@\s]+$/.test(e) ? undefined : 'Enter an email address, like me@example.com';
}

export function jqlError(jql: string | undefined): string | undefined {
  return /\border\s+by\b/i.test(jql ?? '') ? 'Leave out ORDER BY: Spacetime orders its searches itself' : undefined;
}

/** A dimension key from a field name: "Service owner" → "service_owner". */
export function keyFromName(name: string): string {
  const k = name
    .toLowerCase()
    .normalize('NFD')
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return /^[a-z]/.test(k) ? k.slice(0, 64) : `cf_${k}`.slice(0, 64);
}

/** The check of the i-th of keys as a dimension key: its form, not a reserved key, not taken by an earlier one. */
export function dimensionKeyError(keys: string[], i: number, reserved: string[], what: string): string | undefined {
  const key = keys[i];
  if (!/^[a-z][a-z0-9_]{0,63}$/.test(key)) {
    return 'A key is lower-case letters, digits and _, starting with a letter (like service)';
  }
  if (reserved.includes(key)) {
    return `"${key}" is a fixed field: choose another key`;
  }
  if (keys.indexOf(key) !== i) {
    return `Another ${what} already uses the key "${key}"`;
  }
  return undefined;
}

export function customFieldErrors(fields: JiraCustomField[]): Array<string | undefined> {
  const keys = fields.map((f) => f.key);
  return fields.map((_, i) => dimensionKeyError(keys, i, JIRA_RESERVED_KEYS, 'custom field'));
}

/** Request Tracker's priority ranges, checked as pkg/settings/rt.go checks them: one message per range. */
export function priorityRangeErrors(ranges: PriorityRange[]): Array<string | undefined> {
  return ranges.map((r, i) => {
    if (!r.name.trim()) {
      return `Enter the severity name for priorities from ${r.from}, or remove the range`;
    }
    if (!Number.isInteger(r.from)) {
      return 'The priority must be a whole number';
    }
    const prev = ranges[i - 1];
    if (prev && r.from <= prev.from) {
      return `Starts at ${r.from}, not above ${prev.name} (from ${prev.from}): list the ranges from the lowest priority up`;
    }
    return undefined;
  });
}

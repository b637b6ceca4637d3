// How a time is written as text in filters and search (docs/query-model.md): the backend's Go time.RFC3339.

/** RFC 3339 in UTC with whole seconds, like Go's time.RFC3339 (`2026-11-20T10:00:00Z`). */
export function rfc3339(ms: number): string {
  const iso = new Date(Math.floor(ms / 1000) * 1000).toISOString();
  return iso.slice(0, 19) + 'Z';
}

import { type DataFrame, FieldType, MappingType, createDataFrame } from '@grafana/data';

const SERVICES = ['checkout', 'payments', 'auth', 'search', 'inventory', 'api-gateway', 'cdn', 'orders', 'billing', 'mail'];
const REGIONS = ['EMEA', 'AMER', 'APAC', ''];
const SEVERITIES = ['Low', 'Normal', 'High', 'Urgent', 'Immediate'];
const COLORS = ['blue', 'green', 'orange', 'red', 'purple'];
const STATUSES = ['New', 'In Progress', 'Feedback', 'Resolved', 'Closed'];
const WORDS = ['card declines spiking', '502 from upstream', 'timeouts talking to the database', 'p99 latency above SLO', 'login loop after deploy', 'stale search results'];

/** A deterministic tickets frame of `rows` rows × 10 columns (`?frames=generated-100000`), for load tests. */
export function generatedFrame(rows: number): DataFrame {
  let seed = 42;
  const rnd = () => {
    seed = (seed * 1664525 + 1013904223) >>> 0;
    return seed / 4294967296;
  };
  const pick = <T,>(xs: T[]) => xs[Math.floor(rnd() * xs.length)];
  const id: number[] = [];
  const title: string[] = [];
  const severity: string[] = [];
  const status: string[] = [];
  const service: string[] = [];
  const region: string[] = [];
  const impact: number[] = [];
  const opened: number[] = [];
  const updated: number[] = [];
  const url: string[] = [];
  const base = Date.UTC(2026, 10, 20, 12);
  for (let i = 0; i < rows; i++) {
    const svc = pick(SERVICES);
    id.push(100000 + i);
    title.push(`${svc}: ${pick(WORDS)} #${i}`);
    severity.push(pick(SEVERITIES));
    status.push(pick(STATUSES));
    service.push(svc);
    region.push(pick(REGIONS));
    impact.push(Math.floor(rnd() * 2000));
    const o = base - Math.floor(rnd() * 7 * 86400000);
    opened.push(o);
    updated.push(o + Math.floor(rnd() * 3600000));
    url.push(`https://redmine.example.com/issues/${100000 + i}`);
  }
  return createDataFrame({
    name: 'tickets',
    refId: 'A',
    fields: [
      { name: 'id', type: FieldType.number, values: id, config: { displayName: 'ID', links: [{ title: 'Open ticket', url: '${__data.fields.url}' }] } },
      { name: 'title', type: FieldType.string, values: title },
      {
        name: 'severity',
        type: FieldType.string,
        values: severity,
        config: {
          mappings: [
            {
              type: MappingType.ValueToText,
              options: Object.fromEntries(SEVERITIES.map((s, i) => [s, { index: i, color: COLORS[i] }])),
            },
          ],
        },
      },
      { name: 'status', type: FieldType.string, values: status },
      { name: 'service', type: FieldType.string, values: service },
      { name: 'region', type: FieldType.string, values: region },
      { name: 'impact', type: FieldType.number, values: impact },
      { name: 'opened', type: FieldType.time, values: opened },
      { name: 'updated', type: FieldType.time, values: updated },
      { name: 'url', type: FieldType.string, values: url },
    ],
  });
}

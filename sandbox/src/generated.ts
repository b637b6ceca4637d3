import { type DataFrame, FieldType, MappingType, createDataFrame } from '@grafana/data';

import { generateScenario } from '../../tools/scenario/scenario';
import { type ScenarioTicket } from '../../tools/scenario/types';
import { PRIORITIES } from '../../tools/scenario/vocabulary';

const COLORS = ['blue', 'green', 'orange', 'red', 'purple'];
/** The scenario's end: fixed, so the frame is the same on every load. */
const END = new Date(Date.UTC(2026, 10, 20, 12));
const PER_HOUR = 600; // the scenario's 10 tickets a minute

/**
 * The newest `rows` tickets of the outage scenario (tools/scenario: a daily rhythm, a checkout/EMEA outage in its
 * last 40 minutes), long enough to hold them (7 days for 100,000), as a 10-column tickets frame
 * (`?frames=generated-100000`), for load tests. The newest, so the outage is in any frame. Ids run 100000, 100001, …
 * in time order. `impact` is the minutes a ticket has been open: until it was closed, or until the scenario's end.
 */
export function generatedFrame(rows: number): DataFrame {
  let hours = Math.max(24, Math.ceil((rows / PER_HOUR) * 1.05));
  let tickets: ScenarioTicket[] = [];
  for (;;) {
    tickets = generateScenario({ end: END, hours, descriptions: false }).tickets;
    if (tickets.length >= rows) {
      break;
    }
    hours = Math.ceil(hours * 1.25);
  }
  tickets = tickets.slice(tickets.length - rows);
  const end = END.getTime();
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
  tickets.forEach((t, i) => {
    const o = Date.parse(t.created);
    id.push(100000 + i);
    title.push(t.subject);
    severity.push(t.priority);
    status.push(t.status);
    service.push(t.service);
    region.push(t.region);
    impact.push(Math.round(((t.closedOn ? Date.parse(t.closedOn) : end) - o) / 60_000));
    opened.push(o);
    updated.push(Date.parse(t.updated));
    url.push(`https://redmine.example.com/issues/${100000 + i}`);
  });
  return createDataFrame({
    name: 'tickets',
    refId: 'A',
    fields: [
      {
        name: 'id',
        type: FieldType.number,
        values: id,
        config: { displayName: 'ID', links: [{ title: 'Open ticket', url: '${__data.fields.url}' }] },
      },
      { name: 'title', type: FieldType.string, values: title },
      {
        name: 'severity',
        type: FieldType.string,
        values: severity,
        config: {
          mappings: [
            {
              type: MappingType.ValueToText,
              options: Object.fromEntries(PRIORITIES.map((s, i) => [s, { index: i, color: COLORS[i] }])),
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

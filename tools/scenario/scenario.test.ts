import { rfc3339 } from '../../src/shared/timeText';
import { generateScenario, summarize } from './scenario';
import { type Scenario } from './types';
import {
  CATEGORIES,
  CLOSED_STATUSES,
  OPEN_STATUSES,
  PRIORITIES,
  REGIONS,
  SERVICE_TEAM,
  SERVICES,
  TRACKERS,
} from './vocabulary';

const MIN = 60_000;
const ms = (t: string) => Date.parse(t);
const RFC3339 = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;

// The alert rules compare with the seasonal normal; tests/dashboards evaluates them on this generator at 0.1×, 1×
// and 10×. Here: the outage stands out of the day at any hour (its plateau's 5-minute counts stay above every quiet
// 5-minute count by a margin).
const MARGIN = 20;

/** Tickets per minute of the window; `match` picks which. */
function perMinute(s: Scenario, match: (t: Scenario['tickets'][number]) => boolean = () => true): Int32Array {
  const from = ms(s.window.from);
  const out = new Int32Array((ms(s.window.to) - from) / MIN);
  for (const t of s.tickets) {
    if (match(t)) {
      out[Math.floor((ms(t.created) - from) / MIN)]++;
    }
  }
  return out;
}

/** Every 5-minute window (sliding by a minute, as an alert rule evaluated each minute sees them). */
function fiveMinuteWindows(s: Scenario, counts: Int32Array) {
  const from = ms(s.window.from);
  const windows: Array<{ start: number; end: number; count: number }> = [];
  for (let m = 0; m + 5 <= counts.length; m++) {
    let count = 0;
    for (let k = 0; k < 5; k++) {
      count += counts[m + k];
    }
    windows.push({ start: from + m * MIN, end: from + (m + 5) * MIN, count });
  }
  return windows;
}

/** Windows that do not touch the outage, and windows inside its plateau (up to the end of the data). */
function split(s: Scenario, counts: Int32Array) {
  const outageFrom = ms(s.outage.from);
  const outageTo = ms(s.outage.to);
  const plateauFrom = ms(s.outage.plateauFrom);
  const plateauTo = Math.min(outageTo, ms(s.window.to));
  const windows = fiveMinuteWindows(s, counts);
  return {
    quiet: windows.filter((w) => w.end <= outageFrom || w.start >= outageTo).map((w) => w.count),
    plateau: windows.filter((w) => w.start >= plateauFrom && w.end <= plateauTo).map((w) => w.count),
  };
}

const cache = new Map<string, Scenario>();
function scenario(seed: number, end: string): Scenario {
  const key = `${seed} ${end}`;
  if (!cache.has(key)) {
    cache.set(key, generateScenario({ seed, end: new Date(end) }));
  }
  return cache.get(key)!;
}

describe('generateScenario', () => {
  it('is deterministic: the same seed and end give the same tickets; another seed gives others', () => {
    const end = new Date('2026-11-22T16:00:00Z');
    const a = generateScenario({ seed: 7, end, hours: 6 });
    const b = generateScenario({ seed: 7, end: new Date('2026-11-22T16:00:00Z'), hours: 6 });
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    const c = generateScenario({ seed: 8, end, hours: 6 });
    expect(c.tickets.map((t) => t.subject + t.created)).not.toEqual(a.tickets.map((t) => t.subject + t.created));
    expect(c.window).toEqual(a.window);
  });

  it('defaults: seed 20261122, 24 hours, an outage on checkout in EMEA from 40 minutes before the end, still going on', () => {
    const s = scenario(20261122, '2026-11-22T16:00:00Z');
    expect(s.seed).toBe(20261122);
    expect(s.window).toEqual({ from: '2026-11-21T16:00:00Z', to: '2026-11-22T16:00:00Z' });
    expect(s.outage).toMatchObject({
      service: 'checkout',
      region: 'EMEA',
      category: 'Network',
      team: 'storefront',
      from: '2026-11-22T15:20:00Z',
      to: '2026-11-22T16:20:00Z',
      plateauFrom: '2026-11-22T15:25:00Z',
      ongoing: true,
    });
    expect(s.outage.tickets).toBe(s.tickets.filter((t) => t.outage).length);
    const summary = summarize(s);
    expect(summary).not.toHaveProperty('tickets.0');
    expect(summary.tickets).toBe(s.tickets.length);
    expect(summary.closed + summary.open).toBe(s.tickets.length);
  });

  // A handful of seeds, and ends at different hours: the outage lands at the daily peak, at night and in the morning.
  const cases: Array<[number, string]> = [];
  for (const seed of [20261122, 1, 42, 31337]) {
    for (const end of ['2026-11-22T16:00:00Z', '2026-11-22T03:40:00Z', '2026-11-23T09:13:00Z']) {
      cases.push([seed, end]);
    }
  }

  describe.each(cases)('seed %d, end %s', (seed, end) => {
    it('opens about 10 tickets a minute over the day, besides the outage (±10%)', () => {
      const s = scenario(seed, end);
      const usual = s.tickets.filter((t) => !t.outage).length;
      expect(usual / (24 * 60)).toBeGreaterThan(9);
      expect(usual / (24 * 60)).toBeLessThan(11);
    });

    it('closes most tickets the same day: over 70% of those opened 12 hours or more before the end', () => {
      const s = scenario(seed, end);
      const old = s.tickets.filter((t) => new Date(t.created).getTime() <= new Date(end).getTime() - 12 * 3600_000);
      expect(old.filter((t) => t.closed).length / old.length).toBeGreaterThan(0.7);
    });

    it('follows a daily rhythm: the busiest hour has more than twice the tickets of the quietest', () => {
      const s = scenario(seed, end);
      const byHour = new Array(24).fill(0);
      for (const t of s.tickets) {
        if (!t.outage) {
          byHour[new Date(t.created).getUTCHours()]++;
        }
      }
      expect(Math.max(...byHour) / Math.min(...byHour)).toBeGreaterThan(2);
      // Quietest around 03:00 UTC, busiest around 15:00 UTC.
      expect(Math.abs(byHour.indexOf(Math.min(...byHour)) - 3)).toBeLessThanOrEqual(2);
      expect(Math.abs(byHour.indexOf(Math.max(...byHour)) - 15)).toBeLessThanOrEqual(2);
    });

    it(`keeps every quiet 5-minute count ${MARGIN} below the outage plateau's smallest`, () => {
      const s = scenario(seed, end);
      const { quiet, plateau } = split(s, perMinute(s));
      expect(quiet.length).toBeGreaterThan(1000);
      expect(plateau.length).toBeGreaterThan(25);
      expect(Math.max(...quiet) + MARGIN).toBeLessThan(Math.min(...plateau));
    });

    it('spikes on the outage service and region: 5-minute counts ≥ 3× their quiet maximum', () => {
      const s = scenario(seed, end);
      const counts = perMinute(s, (t) => t.service === s.outage.service && t.region === s.outage.region);
      const { quiet, plateau } = split(s, counts);
      expect(Math.min(...plateau)).toBeGreaterThanOrEqual(3 * Math.max(...quiet));
    });

    it('makes outage tickets look like the outage: its service and region, severe, mostly network, open', () => {
      const s = scenario(seed, end);
      const outage = s.tickets.filter((t) => t.outage);
      expect(outage.length).toBe(s.outage.tickets);
      expect(outage.length).toBeGreaterThan(1000);
      const from = ms(s.outage.from);
      const odd = outage.filter(
        (t) =>
          t.service !== 'checkout' ||
          t.region !== 'EMEA' ||
          t.team !== 'storefront' ||
          !['Payments', 'Network'].includes(t.category) ||
          !/checkout outage in EMEA/.test(t.description) ||
          ms(t.created) < from
      );
      expect(odd).toEqual([]);
      const network = outage.filter((t) => t.category === 'Network').length / outage.length;
      expect(network).toBeGreaterThan(0.75);
      expect(network).toBeLessThan(0.85);
      const severe = outage.filter((t) => ['High', 'Urgent', 'Immediate'].includes(t.priority)).length;
      expect(severe / outage.length).toBeGreaterThan(0.85);
      const subjects = outage.filter((t) => /payment|502|5xx|timeout|time out|times out/i.test(t.subject)).length;
      expect(subjects / outage.length).toBeGreaterThan(0.6);
      expect(outage.filter((t) => !t.closed).length).toBe(outage.length); // still going on at the end
    });

    it('keeps every ticket in the window, in order, with a consistent lifecycle', () => {
      const s = scenario(seed, end);
      const from = ms(s.window.from);
      const to = ms(s.window.to);
      // Problems as text, so that a failure names the ticket (one expect per ticket would take minutes).
      const problems: string[] = [];
      let previous = from;
      s.tickets.forEach((t, i) => {
        const bad = (what: string) => problems.push(`#${i} ${what}: ${JSON.stringify(t)}`);
        const created = ms(t.created);
        if (!RFC3339.test(t.created) || !RFC3339.test(t.updated) || (t.closedOn && !RFC3339.test(t.closedOn))) {
          bad('time format');
        }
        if (created < previous || created >= to) {
          bad('created out of order or outside the window');
        }
        previous = created;
        if (ms(t.updated) < created || ms(t.updated) > to) {
          bad('updated outside [created, end]');
        }
        if (t.closed !== (t.closedOn !== null) || t.closed !== CLOSED_STATUSES.includes(t.status)) {
          bad('closed, closedOn and status disagree');
        }
        if (t.closedOn !== null && (ms(t.closedOn) <= created || ms(t.closedOn) > to || t.updated !== t.closedOn)) {
          bad('closedOn not in (created, end] or not the last update');
        }
        if (t.closedOn === null && !OPEN_STATUSES.includes(t.status)) {
          bad('open with a status that is not open');
        }
      });
      expect(problems.slice(0, 5)).toEqual([]);
    });

    it('uses the vocabulary, with a few missing categories, regions and services', () => {
      const s = scenario(seed, end);
      const missing = { category: 0, region: 0, service: 0 };
      const odd = s.tickets.filter(
        (t) =>
          !TRACKERS.includes(t.tracker) ||
          !PRIORITIES.includes(t.priority) ||
          !['', ...CATEGORIES].includes(t.category) ||
          !['', ...REGIONS].includes(t.region) ||
          !['', ...SERVICES].includes(t.service) ||
          t.team !== (t.service === '' ? '' : SERVICE_TEAM[t.service]) ||
          t.subject.length < 10 ||
          /[{}]/.test(t.subject + t.description)
      );
      expect(odd.slice(0, 5)).toEqual([]);
      for (const t of s.tickets) {
        missing.category += t.category === '' ? 1 : 0;
        missing.region += t.region === '' ? 1 : 0;
        missing.service += t.service === '' ? 1 : 0;
      }
      const n = s.tickets.length;
      expect(missing.category / n).toBeGreaterThan(0.02);
      expect(missing.region / n).toBeGreaterThan(0.02);
      expect(missing.service / n).toBeGreaterThan(0.01);
      for (const v of Object.values(missing)) {
        expect(v / n).toBeLessThan(0.1);
      }
      // Usual tickets: some closed (Closed and Rejected), some open in each open status.
      const statuses = new Set(s.tickets.map((t) => t.status));
      for (const st of [...OPEN_STATUSES, ...CLOSED_STATUSES]) {
        expect(statuses).toContain(st);
      }
    });
  });

  it('closes the tickets of an outage that ended hours ago, and opens none after it', () => {
    const s = generateScenario({
      end: new Date('2026-11-22T16:00:00Z'),
      outage: { startMinutesBeforeEnd: 6 * 60, minutes: 60 },
    });
    expect(s.outage.ongoing).toBe(false);
    const outage = s.tickets.filter((t) => t.outage);
    expect(outage.length).toBeGreaterThan(1000);
    expect(outage.every((t) => ms(t.created) < ms(s.outage.to))).toBe(true);
    expect(outage.filter((t) => t.closed).length / outage.length).toBeGreaterThan(0.9);
    const { quiet, plateau } = split(s, perMinute(s));
    expect(Math.max(...quiet) + MARGIN).toBeLessThan(Math.min(...plateau));
  });

  it('scales the usual tickets and the outage alike with volume', () => {
    const end = new Date('2026-11-22T16:00:00Z');
    const base = generateScenario({ end, hours: 6, descriptions: false });
    for (const volume of [0.1, 10]) {
      const s = generateScenario({ end, hours: 6, volume, descriptions: false });
      const usual = (x: Scenario) => x.tickets.filter((t) => !t.outage).length;
      expect(usual(s) / usual(base)).toBeGreaterThan(volume * 0.85);
      expect(usual(s) / usual(base)).toBeLessThan(volume * 1.15);
      expect(s.outage.tickets / base.outage.tickets).toBeGreaterThan(volume * 0.8);
      expect(s.outage.tickets / base.outage.tickets).toBeLessThan(volume * 1.2);
    }
    expect(() => generateScenario({ end, volume: 0 })).toThrow(/volume/);
  });

  it('without descriptions gives the same tickets, each with an empty description', () => {
    const end = new Date('2026-11-22T16:00:00Z');
    const full = generateScenario({ end, hours: 3 });
    const lean = generateScenario({ end, hours: 3, descriptions: false });
    expect(lean.tickets.every((t) => t.description === '')).toBe(true);
    expect(lean.tickets).toEqual(full.tickets.map((t) => ({ ...t, description: '' })));
  });

  it('writes times as RFC 3339 UTC with seconds', () => {
    for (const t of [
      0,
      59_999,
      1_795_000_000_000,
      Date.UTC(2026, 11, 31, 23, 59, 59, 999),
      Date.UTC(2028, 1, 29, 0, 0, 1),
    ]) {
      expect(rfc3339(t)).toBe(new Date(Math.floor(t / 1000) * 1000).toISOString().replace('.000Z', 'Z'));
    }
  });

  it('honours hours and rate, and rejects a bad end', () => {
    const s = generateScenario({ end: new Date('2026-11-22T16:00:00Z'), hours: 7 * 24, ratePerMinute: 1 });
    expect(s.window.from).toBe('2026-11-15T16:00:00Z');
    const usual = s.tickets.filter((t) => !t.outage).length;
    expect(usual / (7 * 24 * 60)).toBeGreaterThan(0.9);
    expect(usual / (7 * 24 * 60)).toBeLessThan(1.1);
    expect(() => generateScenario({ end: new Date('nope') })).toThrow(/end/);
  });
});

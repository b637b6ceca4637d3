// A realistic day of tickets with an outage, deterministic for a seed: the demo's Redmine project `shop`, the tests
// and the benchmarks all load the same data. Pure: no I/O, no clock (the end of the window is an option).
//
// Model: inhomogeneous Poisson arrivals per minute, rate(t) = ratePerMinute × rhythm(t), where the daily rhythm
// (UTC) averages 1 over a day, is lowest (0.4) at 03:00 and highest (1.6) at 15:00. The outage adds its own Poisson
// arrivals on one service, region and (mostly) category: a linear ramp over RAMP_MINUTES to peakExtraPerMinute, then a plateau until
// it ends. With the defaults a 5-minute window holds ≈ 20 tickets at 03:00 and ≈ 80 at 15:00 outside the outage
// (at most 116 over 150 seeded days), and on the outage's plateau ≈ 200 at 03:00, ≈ 260 at 15:00 (at least 155).
// `volume` scales both alike, so a 10× or 0.1× team has the same day relative to its own normal: the alert rules,
// which compare with the seasonal normal, are evaluated on all three (tests/dashboards).

import { type OutageOptions, type ScenarioOptions, type ScenarioTicket, type Scenario } from './types';
import {
  CATEGORIES,
  OPEN_STATUSES,
  SERVICE_TEAM,
  SERVICE_W,
  REGION_W,
  TRACKER_W,
  PRIORITY_W,
  OUTAGE_PRIORITY_W,
  RESOLUTION_MEAN_H,
  SERVICE_CATEGORY,
  DEPS,
  BUG_SUBJECTS,
  SUPPORT_SUBJECTS,
  FEATURE_SUBJECTS,
  OUTAGE_SUBJECTS,
  OPENERS,
  DETAILS,
  CLOSERS,
  OUTAGE_OPENERS,
  OUTAGE_DETAILS,
} from './vocabulary';
import { rfc3339 } from '../../src/shared/timeText';
import { mulberry32, type Rng, int, pick, pickWeighted, oneOrTwo, poisson } from './random';

export const DEFAULT_SEED = 20261122;
export const DEFAULT_OUTAGE: OutageOptions = {
  service: 'checkout',
  region: 'EMEA',
  category: 'Network',
  startMinutesBeforeEnd: 40,
  minutes: 60,
  peakExtraPerMinute: 36,
};
export const RAMP_MINUTES = 5;
/** The share of outage tickets in the outage's category (a network fault between checkout and payments-api); the rest are Payments. */
export const OUTAGE_CATEGORY_SHARE = 0.8;

/** Daily rhythm (UTC): 1 on average over a day, 0.4 at 03:00, 1.6 at 15:00. */
export function rhythm(ms: number): number {
  const hour = (ms / 3_600_000) % 24;
  return 1 + 0.6 * Math.cos((2 * Math.PI * (hour - 15)) / 24);
}

// ---------------------------------------------------------------- helpers

const MINUTE = 60_000;
const HOUR = 3_600_000;

/** Templates split once into literal text and {placeholder} names (odd indexes). */
const compiled = new Map<string, string[]>();

function fill(template: string, vars: Record<string, string | number>): string {
  let parts = compiled.get(template);
  if (!parts) {
    parts = template.split(/\{(\w+)\}/);
    compiled.set(template, parts);
  }
  let out = parts[0];
  for (let i = 1; i < parts.length; i += 2) {
    out += (parts[i] in vars ? String(vars[parts[i]]) : `{${parts[i]}}`) + parts[i + 1];
  }
  return out;
}

/** Opener, one or two details, closer; '' without descriptions, after the same draws (so the rest is unchanged). */
function description(
  rng: Rng,
  vars: Record<string, string | number>,
  openers: readonly string[],
  details: readonly string[],
  wanted: boolean
): string {
  const opener = pick(rng, openers);
  const middle = oneOrTwo(rng, details, 1 + int(rng, 2));
  const closer = pick(rng, CLOSERS);
  if (!wanted) {
    return '';
  }
  return [opener, ...middle, closer].map((t) => fill(t, vars)).join(' ');
}

function version(rng: Rng): string {
  return `v${1 + int(rng, 4)}.${int(rng, 20)}.${int(rng, 10)}`;
}

/** Seconds to resolve: exponential with a mean per priority, at least 10 minutes. */
function resolutionMs(rng: Rng, priority: string): number {
  const meanH = RESOLUTION_MEAN_H[priority] ?? 30;
  return Math.max(Math.round(-Math.log(1 - rng()) * meanH * 3600), 600) * 1000;
}

interface Draft {
  created: number;
  outage: boolean;
  /** Status and times are filled in by settle(). */
  ticket: ScenarioTicket;
  /** When it gets closed (ms), if ever. */
  closeAt: number | null;
}

function usualTicket(rng: Rng, created: number, descriptions: boolean): Draft {
  const tracker = pickWeighted(rng, TRACKER_W);
  let service = pickWeighted(rng, SERVICE_W);
  let region = pickWeighted(rng, REGION_W);
  let category = rng() < 0.8 ? pick(rng, SERVICE_CATEGORY[service]) : pick(rng, CATEGORIES);
  let priority = pickWeighted(rng, PRIORITY_W);
  if (tracker === 'Feature' && (priority === 'Urgent' || priority === 'Immediate')) {
    priority = 'Normal';
  }
  const vars = {
    svc: service,
    region,
    team: SERVICE_TEAM[service],
    dep: pick(rng, DEPS),
    pct: 2 + int(rng, 40),
    ver: version(rng),
    node: 1 + int(rng, 40),
  };
  const subject =
    tracker === 'Bug'
      ? fill(pick(rng, BUG_SUBJECTS[category]), vars)
      : tracker === 'Support'
        ? fill(pick(rng, SUPPORT_SUBJECTS), vars)
        : fill(pick(rng, FEATURE_SUBJECTS), vars);
  const text = description(rng, vars, OPENERS, DETAILS, descriptions);
  // Missing values exist in real data: some tickets have no category, region or service.
  if (rng() < 0.06) {
    category = '';
  }
  if (rng() < 0.07) {
    region = '';
  }
  if (rng() < 0.03) {
    service = '';
  }
  const closing = rng() < (tracker === 'Feature' ? 0.45 : 0.9);
  return {
    created,
    outage: false,
    closeAt: closing ? created + resolutionMs(rng, priority) : null,
    ticket: {
      subject,
      description: text,
      tracker,
      priority,
      status: '',
      closed: false,
      category,
      service,
      region,
      team: SERVICE_TEAM[service] ?? '',
      created: '',
      updated: '',
      closedOn: null,
      outage: false,
    },
  };
}

function outageTicket(
  rng: Rng,
  created: number,
  o: OutageOptions,
  from: number,
  to: number,
  descriptions: boolean
): Draft {
  const category = rng() < OUTAGE_CATEGORY_SHARE ? o.category : 'Payments';
  const team = SERVICE_TEAM[o.service] ?? '';
  const vars = {
    svc: o.service,
    region: o.region,
    team: team || o.service,
    dep: 'payments-api',
    pct: 20 + int(rng, 60),
    ver: version(rng),
    node: 1 + int(rng, 40),
  };
  const text = description(rng, vars, OUTAGE_OPENERS, OUTAGE_DETAILS, descriptions);
  const started = rfc3339(from).slice(11, 16);
  const tail = ` Part of the ${o.service} outage in ${o.region} (started ${started} UTC); see the incident channel.`;
  // Outage tickets are closed in bulk once the outage is over, after a short verification.
  const closeAt = Math.max(created, to) + 10 * MINUTE + Math.round(-Math.log(1 - rng()) * HOUR);
  return {
    created,
    outage: true,
    closeAt,
    ticket: {
      subject: fill(pick(rng, OUTAGE_SUBJECTS[category] ?? OUTAGE_SUBJECTS.Network), vars),
      description: descriptions ? text + tail : '',
      tracker: rng() < 0.65 ? 'Bug' : 'Support',
      priority: pickWeighted(rng, OUTAGE_PRIORITY_W),
      status: '',
      closed: false,
      category,
      service: o.service,
      region: o.region,
      team,
      created: '',
      updated: '',
      closedOn: null,
      outage: true,
    },
  };
}

// ---------------------------------------------------------------- the scenario

/** Generates the scenario: the same options give the same tickets, byte for byte. */
export function generateScenario(options: ScenarioOptions): Scenario {
  const seed = options.seed ?? DEFAULT_SEED;
  const hours = options.hours ?? 24;
  const volume = options.volume ?? 1;
  const rate = (options.ratePerMinute ?? 10) * volume;
  const descriptions = options.descriptions ?? true;
  const given: OutageOptions = { ...DEFAULT_OUTAGE, ...options.outage };
  const o: OutageOptions = { ...given, peakExtraPerMinute: given.peakExtraPerMinute * volume };
  const endMs = options.end.getTime();
  if (!Number.isFinite(endMs)) {
    throw new Error('generateScenario: end is not a valid date');
  }
  if (!(volume > 0)) {
    throw new Error('generateScenario: volume must be > 0');
  }
  if (!(hours > 0) || !(rate >= 0) || !(o.minutes >= 0) || !(o.peakExtraPerMinute >= 0)) {
    throw new Error('generateScenario: hours must be > 0; rate, outage minutes and peak must be >= 0');
  }
  const end = Math.floor(endMs / 1000) * 1000;
  const start = end - Math.round(hours * 60) * MINUTE;
  const outageFrom = end - o.startMinutesBeforeEnd * MINUTE;
  const outageTo = outageFrom + o.minutes * MINUTE;
  const ramp = Math.min(RAMP_MINUTES, o.minutes) * MINUTE;

  const rng = mulberry32(seed);
  const tickets: ScenarioTicket[] = [];
  // Status and times at the end of the window: closed when resolved a minute before it, else open.
  const settle = (d: Draft) => {
    const t = d.ticket;
    const closedOn = d.closeAt !== null && d.closeAt <= end - MINUTE ? d.closeAt : null;
    let updated: number;
    if (closedOn !== null) {
      t.status = d.outage || rng() < 0.75 ? 'Closed' : 'Rejected';
      t.closed = true;
      t.closedOn = rfc3339(closedOn);
      updated = closedOn;
    } else {
      const age = end - d.created;
      t.status = age < HOUR ? (rng() < 0.8 ? 'New' : 'In Progress') : pick(rng, OPEN_STATUSES);
      updated = t.status === 'New' ? d.created : d.created + int(rng, age / 1000) * 1000;
    }
    t.created = rfc3339(d.created);
    t.updated = rfc3339(updated);
    tickets.push(t);
  };
  for (let t = start; t < end; t += MINUTE) {
    const minuteEnd = Math.min(t + MINUTE, end);
    const span = minuteEnd - t;
    const mid = t + span / 2;
    const minute: Draft[] = [];
    const usual = poisson(rng, rate * rhythm(mid) * (span / MINUTE));
    for (let i = 0; i < usual; i++) {
      minute.push(usualTicket(rng, t + int(rng, span / 1000) * 1000, descriptions));
    }
    // The outage's rate at this minute: 0 outside it, a linear ramp, then the plateau.
    if (mid >= outageFrom && mid < outageTo) {
      const level = ramp > 0 ? Math.min(1, (mid - outageFrom) / ramp) : 1;
      const extra = poisson(rng, o.peakExtraPerMinute * level * (span / MINUTE));
      for (let i = 0; i < extra; i++) {
        minute.push(outageTicket(rng, t + int(rng, span / 1000) * 1000, o, outageFrom, outageTo, descriptions));
      }
    }
    // Sorted minute by minute (stable: tickets of one second keep their draw order), so all are sorted.
    minute.sort((a, b) => a.created - b.created);
    minute.forEach(settle);
  }

  return {
    seed,
    window: { from: rfc3339(start), to: rfc3339(end) },
    outage: {
      service: o.service,
      region: o.region,
      category: o.category,
      team: SERVICE_TEAM[o.service] ?? '',
      from: rfc3339(outageFrom),
      to: rfc3339(outageTo),
      plateauFrom: rfc3339(outageFrom + ramp),
      ongoing: outageTo > end,
      tickets: tickets.reduce((n, t) => n + (t.outage ? 1 : 0), 0),
    },
    tickets,
  };
}

/** The scenario without its tickets, plus counts: what the seeders write beside the data for tests to read. */
export function summarize(s: Scenario) {
  const closed = s.tickets.reduce((n, t) => n + (t.closed ? 1 : 0), 0);
  return {
    seed: s.seed,
    window: s.window,
    outage: s.outage,
    tickets: s.tickets.length,
    closed,
    open: s.tickets.length - closed,
  };
}

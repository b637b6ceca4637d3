// A realistic day of tickets with an outage, deterministic for a seed: the demo's Redmine project `shop`, the tests
// and the benchmarks all load the same data. Pure: no I/O, no clock (the end of the window is an option).
//
// Model: inhomogeneous Poisson arrivals per minute, rate(t) = ratePerMinute × rhythm(t), where the daily rhythm
// (UTC) averages 1 over a day, is lowest (0.4) at 03:00 and highest (1.6) at 15:00. The outage adds its own Poisson
// arrivals on one service and region: a linear ramp over RAMP_MINUTES to peakExtraPerMinute, then a plateau until
// it ends. With the defaults a 5-minute window holds ≈ 20 tickets at 03:00 and ≈ 80 at 15:00 outside the outage
// (at most ≈ 110 in a day), and on the outage's plateau ≈ 200 at 03:00, ≈ 260 at 15:00 (at least ≈ 160): an alert
// at 120-150 tickets per 5 minutes fires on the outage, at any hour, and nowhere else.

export interface OutageOptions {
  service: string;
  region: string;
  /** Minutes between the outage's start and the end of the window. */
  startMinutesBeforeEnd: number;
  /** Length of the outage; longer than startMinutesBeforeEnd means it is still going on at the end. */
  minutes: number;
  /**
   * Outage tickets per minute on the plateau, on top of the usual ones. Default 36, not 30: with 30 the plateau
   * averages 170 per 5 minutes at 03:00 and its 5-minute windows dip to ≈ 130, under a 150 alert threshold.
   */
  peakExtraPerMinute: number;
}

export interface ScenarioOptions {
  /** The end of the window (exclusive); rounded down to the second. */
  end: Date;
  seed?: number;
  /** Length of the window. */
  hours?: number;
  /** Usual tickets per minute, averaged over a day. */
  ratePerMinute?: number;
  outage?: Partial<OutageOptions>;
  /** false: every description is '' (the rest stays the same); saves time and memory where none is shown. */
  descriptions?: boolean;
}

export interface ScenarioTicket {
  subject: string;
  description: string;
  tracker: string;
  /** Redmine priority; Spacetime's severity. */
  priority: string;
  status: string;
  /** The status is a closed one (Closed, Rejected); closedOn is set exactly then. */
  closed: boolean;
  /** '' when missing. */
  category: string;
  /** '' when missing. */
  service: string;
  /** '' when missing. */
  region: string;
  /** Derived from the service; '' when the service is missing. */
  team: string;
  /** RFC 3339 UTC with seconds, e.g. 2026-11-22T10:00:00Z. */
  created: string;
  updated: string;
  closedOn: string | null;
  /** Opened by the outage (on top of the usual tickets). */
  outage: boolean;
}

export interface ScenarioOutage {
  service: string;
  region: string;
  team: string;
  from: string;
  /** The outage's planned end: after window.to when it is still going on. */
  to: string;
  /** The end of the ramp: from here to `to` the outage is on its plateau. */
  plateauFrom: string;
  ongoing: boolean;
  /** Outage tickets in the window. */
  tickets: number;
}

export interface Scenario {
  seed: number;
  window: { from: string; to: string };
  outage: ScenarioOutage;
  /** Sorted by created. */
  tickets: ScenarioTicket[];
}

/**
 * What scripts/redmine/load-scenario.rb writes beside the env file (`.cache/redmine/shop-scenario.json`) once a
 * scenario is in Redmine: the scenario without its tickets, the counts Redmine holds, and where they are.
 */
export interface LoadedScenario {
  /** Project identifier (shop) and id. */
  project: string;
  project_id: number;
  /** Custom field ids: Redmine's cf_<id>. */
  fields: { service: number; region: number; team: number };
  seed: number;
  window: Scenario['window'];
  outage: ScenarioOutage;
  tickets: number;
  closed: number;
  open: number;
  first_issue_id: number;
  last_issue_id: number;
  loaded_at: string;
  load_seconds: number;
}

export const DEFAULT_SEED = 20261122;
export const DEFAULT_OUTAGE: OutageOptions = {
  service: 'checkout',
  region: 'EMEA',
  startMinutesBeforeEnd: 40,
  minutes: 60,
  peakExtraPerMinute: 36,
};
export const RAMP_MINUTES = 5;

// ---------------------------------------------------------------- vocabulary (as scripts/redmine/seed.rb)

export const SERVICES = ['checkout', 'payments', 'search', 'auth', 'inventory', 'notifications', 'api-gateway', 'web'];
export const REGIONS = ['EMEA', 'AMER', 'APAC'];
export const CATEGORIES = ['Network', 'Database', 'Auth', 'Payments', 'Frontend', 'Storage'];
export const TRACKERS = ['Bug', 'Support', 'Feature'];
export const PRIORITIES = ['Low', 'Normal', 'High', 'Urgent', 'Immediate'];
export const OPEN_STATUSES = ['New', 'In Progress', 'Feedback', 'Resolved'];
export const CLOSED_STATUSES = ['Closed', 'Rejected'];

/** The team that owns a service. */
export const SERVICE_TEAM: Record<string, string> = {
  checkout: 'storefront',
  web: 'storefront',
  payments: 'payments',
  search: 'catalog',
  inventory: 'catalog',
  auth: 'platform',
  'api-gateway': 'platform',
  notifications: 'messaging',
};
export const TEAMS = [...new Set(Object.values(SERVICE_TEAM))];

const SERVICE_W: Record<string, number> = {
  checkout: 16,
  payments: 14,
  search: 12,
  auth: 12,
  inventory: 10,
  notifications: 8,
  'api-gateway': 14,
  web: 14,
};
const REGION_W: Record<string, number> = { EMEA: 45, AMER: 35, APAC: 20 };
const TRACKER_W: Record<string, number> = { Bug: 60, Support: 25, Feature: 15 };
const PRIORITY_W: Record<string, number> = { Low: 12, Normal: 46, High: 28, Urgent: 10, Immediate: 4 };
const OUTAGE_PRIORITY_W: Record<string, number> = { Normal: 8, High: 45, Urgent: 35, Immediate: 12 };
/** Mean hours to resolve, per priority: an on-call queue closes most of a day's incidents the same day. */
const RESOLUTION_MEAN_H: Record<string, number> = { Immediate: 1, Urgent: 2, High: 4, Normal: 8, Low: 16 };
/** Categories most likely for a service (else any). */
export const SERVICE_CATEGORY: Record<string, string[]> = {
  checkout: ['Payments', 'Frontend', 'Network'],
  payments: ['Payments', 'Database', 'Network'],
  search: ['Storage', 'Database', 'Network'],
  auth: ['Auth', 'Database'],
  inventory: ['Database', 'Storage'],
  notifications: ['Network', 'Storage'],
  'api-gateway': ['Network', 'Auth'],
  web: ['Frontend', 'Network'],
};
const DEPS = [
  'payments-api',
  'auth-service',
  'search-index',
  'inventory-db',
  'orders-db',
  'redis-cache',
  'kafka',
  'cdn',
  'fraud-check',
  'tax-service',
  'email-relay',
  'sms-gateway',
];

const BUG_SUBJECTS: Record<string, string[]> = {
  Network: [
    '{svc}: 502 from {dep} in {region}',
    '{svc}: timeouts calling {dep}',
    '{svc}: intermittent connection resets to {dep}',
    'DNS lookups for {dep} fail from {svc}',
    '{svc}: TLS handshake errors in {region}',
    '{svc}: p99 latency above 2s in {region}',
  ],
  Database: [
    '{svc}: database connection pool exhausted',
    '{svc}: slow database queries on {dep}',
    'replication lag on {dep} replica in {region}',
    '{svc}: deadlocks during nightly batch',
    '{svc}: migration left table locked',
    '{svc}: disk full on {dep} primary',
  ],
  Auth: [
    '{svc}: login fails with 401 for some users',
    '{svc}: token refresh returns 500',
    'SSO redirect loop for {svc} in {region}',
    '{svc}: sessions expire after 5 minutes',
    '{svc}: MFA codes rejected in {region}',
  ],
  Payments: [
    '{svc}: card payments declined with "issuer unavailable"',
    '{svc}: duplicate charges reported',
    '{svc}: refunds stuck in pending',
    '{svc}: 3-D Secure challenge never loads in {region}',
    '{svc}: wrong currency shown in {region}',
  ],
  Frontend: [
    '{svc}: blank page after login in Safari',
    '{svc}: broken images on product page',
    '{svc}: buttons unresponsive on mobile',
    '{svc}: JS error "undefined is not a function"',
    '{svc}: layout broken in right-to-left languages',
  ],
  Storage: [
    '{svc}: disk 90% full on node {node}',
    '{svc}: uploads fail with SlowDown',
    'backup job for {svc} did not finish',
    '{svc}: object store returns 503 in {region}',
    '{svc}: log volume filling up',
  ],
};
const SUPPORT_SUBJECTS = [
  'Customer cannot complete order ({svc}, {region})',
  'Question: rate limits for {svc} API',
  'Customer reports missing confirmation email',
  'Refund request escalated by support ({region})',
  'Partner asks about {svc} downtime yesterday',
  'Account locked after password reset',
  'Invoice shows wrong VAT for {region} customer',
  'Customer sees stale stock levels on {svc}',
];
const FEATURE_SUBJECTS = [
  '{svc}: add retry with backoff for {dep}',
  '{svc}: expose health endpoint',
  '{svc}: support Apple Pay in {region}',
  '{svc}: add dashboard for error budget',
  '{svc}: make timeouts configurable',
  '{svc}: alert on queue depth',
  '{svc}: add structured logging',
  '{svc}: cache {dep} responses',
];
const OUTAGE_SUBJECTS: Record<string, string[]> = {
  Payments: [
    '{svc}: payments fail with "issuer unavailable" in {region}',
    '{svc}: payment step times out in {region}',
    'Customers in {region} cannot complete {svc}',
    '{svc}: orders stuck in "payment pending" ({region})',
    '{svc}: card authorisation times out after 30s ({region})',
    'Customer cannot complete order ({svc}, {region})',
  ],
  Network: [
    '{svc}: 502 from upstream payments-api in {region}',
    '{svc}: 5xx spike on /api/cart/submit in {region}',
    '{svc}: gateway timeouts (504) on payment confirm in {region}',
    '{svc}: connection resets to payments-api in {region}',
  ],
};

const OPENERS = [
  'Reported by the on-call engineer.',
  'Raised by customer support after several complaints.',
  'Found by synthetic monitoring.',
  'Alert fired from the {svc} error-rate SLO.',
  'Spotted in the {region} morning review.',
  'Partner escalation via the support portal.',
];
const DETAILS = [
  'About {pct}% of requests are affected in {region}.',
  'Started shortly after deploy {ver} of {svc}.',
  'Error rate went from 0.1% to {pct}% within minutes.',
  'Only some customers see it; we could not reproduce locally.',
  'Logs show repeated errors from {dep}.',
  'Retries succeed most of the time.',
  'The issue seems to correlate with peak traffic.',
  'Rolling back to the previous version did not help.',
];
const CLOSERS = [
  'Next step: check the {dep} dashboards.',
  'Workaround: restart the affected pods.',
  'Please attach a HAR file if it happens again.',
  'Linked to the incident channel for {svc}.',
  'Owner: {team} team.',
  'Needs a follow-up postmortem if it happens again.',
];
const OUTAGE_OPENERS = [
  'Reported by the on-call engineer.',
  'Raised by customer support after several complaints.',
  'Found by synthetic monitoring.',
  'Alert fired from the {svc} error-rate SLO.',
  'Customer escalation via the support portal.',
  'Several merchants called the {region} hotline.',
];
const OUTAGE_DETAILS = [
  'Customers see "Payment failed, please try again" at the last step.',
  'payments-api answers 502 or times out after 30 s for most requests from {region}.',
  'Orders are created but stay in "payment pending".',
  'Support queue in {region} is filling up with the same complaint.',
  'Error rate on /api/cart/submit jumped from 0.2% to {pct}%.',
  'Other regions look normal so far.',
];

// ---------------------------------------------------------------- random numbers

/** mulberry32: a seedable 32-bit PRNG, tiny and identical in every JS engine (Math.random cannot be seeded). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rng = () => number;

const int = (rng: Rng, n: number) => Math.floor(rng() * n);
const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[int(rng, xs.length)];

/** Keys and weights as arrays, made once per table (a hot path: 4 draws per ticket). */
const weightTables = new Map<Record<string, number>, { keys: string[]; weights: number[]; total: number }>();

function pickWeighted(rng: Rng, table: Record<string, number>): string {
  let w = weightTables.get(table);
  if (!w) {
    const keys = Object.keys(table);
    const weights = keys.map((k) => table[k]);
    w = { keys, weights, total: weights.reduce((a, b) => a + b, 0) };
    weightTables.set(table, w);
  }
  let r = rng() * w.total;
  for (let i = 0; i < w.keys.length; i++) {
    r -= w.weights[i];
    if (r < 0) {
      return w.keys[i];
    }
  }
  return w.keys[w.keys.length - 1];
}

/** One or two distinct items of xs, in random order. */
function oneOrTwo<T>(rng: Rng, xs: readonly T[], k: number): T[] {
  const a = int(rng, xs.length);
  if (k < 2 || xs.length < 2) {
    return [xs[a]];
  }
  const b = (a + 1 + int(rng, xs.length - 1)) % xs.length;
  return [xs[a], xs[b]];
}

/** A Poisson draw (Knuth's product of uniforms), in chunks of ≤ 30 so exp(-λ) never underflows. */
export function poisson(rng: Rng, lambda: number): number {
  let n = 0;
  for (let rest = lambda; rest > 0; rest -= 30) {
    const limit = Math.exp(-Math.min(rest, 30));
    let p = rng();
    while (p > limit) {
      n++;
      p *= rng();
    }
  }
  return n;
}

/** Daily rhythm (UTC): 1 on average over a day, 0.4 at 03:00, 1.6 at 15:00. */
export function rhythm(ms: number): number {
  const hour = (ms / 3_600_000) % 24;
  return 1 + 0.6 * Math.cos((2 * Math.PI * (hour - 15)) / 24);
}

// ---------------------------------------------------------------- helpers

const MINUTE = 60_000;
const HOUR = 3_600_000;

const SECONDS = Array.from({ length: 60 }, (_, i) => `${i < 10 ? '0' : ''}${i}Z`);
let minuteCache = { minute: NaN, text: '' };

/** RFC 3339 UTC with seconds and no fraction: 2026-11-22T10:00:00Z. (Hot: 3 per ticket; the minute part is cached.) */
export function rfc3339(ms: number): string {
  const s = Math.floor(ms / 1000);
  const minute = Math.floor(s / 60);
  if (minute !== minuteCache.minute) {
    minuteCache = { minute, text: new Date(minute * 60_000).toISOString().slice(0, 17) };
  }
  return minuteCache.text + SECONDS[s - minute * 60];
}

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
  const category = rng() < 0.65 ? 'Payments' : 'Network';
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
      subject: fill(pick(rng, OUTAGE_SUBJECTS[category]), vars),
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
  const rate = options.ratePerMinute ?? 10;
  const descriptions = options.descriptions ?? true;
  const o: OutageOptions = { ...DEFAULT_OUTAGE, ...options.outage };
  const endMs = options.end.getTime();
  if (!Number.isFinite(endMs)) {
    throw new Error('generateScenario: end is not a valid date');
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

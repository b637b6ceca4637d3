// The scenario's shapes: what the generator takes and returns, and the summary the Redmine loader writes.

export interface OutageOptions {
  service: string;
  region: string;
  /** The category of most outage tickets (OUTAGE_CATEGORY_SHARE of them); the others are Payments. */
  category: string;
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
  /**
   * Scales the whole volume, the usual tickets and the outage's alike (default 1): a team 10× or 0.1× the size
   * of the demo's, with the same rhythm and the same outage relative to its own normal.
   */
  volume?: number;
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
  category: string;
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

// The scenario's words and weights (the words as scripts/redmine/seed.rb): services, regions, teams, subjects, texts.

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

/**
 * Shares of the usual tickets. Unlike seed.rb's (project ops), checkout is a small service (3 %) and EMEA a
 * minority region (25 %): the scenario's outage then lifts checkout far more than EMEA (×23 and ×3 on its
 * plateau), so "what changed" has one right order, service first, region second.
 */
export const SERVICE_W: Record<string, number> = {
  checkout: 3,
  payments: 14,
  search: 12,
  auth: 12,
  inventory: 10,
  notifications: 8,
  'api-gateway': 14,
  web: 14,
};
export const REGION_W: Record<string, number> = { EMEA: 25, AMER: 45, APAC: 30 };
export const TRACKER_W: Record<string, number> = { Bug: 60, Support: 25, Feature: 15 };
export const PRIORITY_W: Record<string, number> = { Low: 12, Normal: 46, High: 28, Urgent: 10, Immediate: 4 };
export const OUTAGE_PRIORITY_W: Record<string, number> = { Normal: 8, High: 45, Urgent: 35, Immediate: 12 };
/** Mean hours to resolve, per priority: an on-call queue closes most of a day's incidents the same day. */
export const RESOLUTION_MEAN_H: Record<string, number> = { Immediate: 1, Urgent: 2, High: 4, Normal: 8, Low: 16 };
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
export const DEPS = [
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

export const BUG_SUBJECTS: Record<string, string[]> = {
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
export const SUPPORT_SUBJECTS = [
  'Customer cannot complete order ({svc}, {region})',
  'Question: rate limits for {svc} API',
  'Customer reports missing confirmation email',
  'Refund request escalated by support ({region})',
  'Partner asks about {svc} downtime yesterday',
  'Account locked after password reset',
  'Invoice shows wrong VAT for {region} customer',
  'Customer sees stale stock levels on {svc}',
];
export const FEATURE_SUBJECTS = [
  '{svc}: add retry with backoff for {dep}',
  '{svc}: expose health endpoint',
  '{svc}: support Apple Pay in {region}',
  '{svc}: add dashboard for error budget',
  '{svc}: make timeouts configurable',
  '{svc}: alert on queue depth',
  '{svc}: add structured logging',
  '{svc}: cache {dep} responses',
];
export const OUTAGE_SUBJECTS: Record<string, string[]> = {
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

export const OPENERS = [
  'Reported by the on-call engineer.',
  'Raised by customer support after several complaints.',
  'Found by synthetic monitoring.',
  'Alert fired from the {svc} error-rate SLO.',
  'Spotted in the {region} morning review.',
  'Partner escalation via the support portal.',
];
export const DETAILS = [
  'About {pct}% of requests are affected in {region}.',
  'Started shortly after deploy {ver} of {svc}.',
  'Error rate went from 0.1% to {pct}% within minutes.',
  'Only some customers see it; we could not reproduce locally.',
  'Logs show repeated errors from {dep}.',
  'Retries succeed most of the time.',
  'The issue seems to correlate with peak traffic.',
  'Rolling back to the previous version did not help.',
];
export const CLOSERS = [
  'Next step: check the {dep} dashboards.',
  'Workaround: restart the affected pods.',
  'Please attach a HAR file if it happens again.',
  'Linked to the incident channel for {svc}.',
  'Owner: {team} team.',
  'Needs a follow-up postmortem if it happens again.',
];
export const OUTAGE_OPENERS = [
  'Reported by the on-call engineer.',
  'Raised by customer support after several complaints.',
  'Found by synthetic monitoring.',
  'Alert fired from the {svc} error-rate SLO.',
  'Customer escalation via the support portal.',
  'Several merchants called the {region} hotline.',
];
export const OUTAGE_DETAILS = [
  'Customers see "Payment failed, please try again" at the last step.',
  'payments-api answers 502 or times out after 30 s for most requests from {region}.',
  'Orders are created but stay in "payment pending".',
  'Support queue in {region} is filling up with the same complaint.',
  'Error rate on /api/cart/submit jumped from 0.2% to {pct}%.',
  'Other regions look normal so far.',
];

import {
  type ContactPoint,
  ContactPointBuilder,
  type NotificationPolicy,
  NotificationPolicyBuilder,
  QueryBuilder,
  type Rule,
  RuleBuilder,
  type RuleGroup,
  RuleGroupBuilder,
} from '@grafana/grafana-foundation-sdk/alerting';
import { TypeMathBuilder, TypeReduceBuilder, TypeThresholdBuilder } from '@grafana/grafana-foundation-sdk/expr';

import { CHAIN_P95_THRESHOLD_MS } from './chainThresholds';
import { LOGS_DATASOURCE_UID, OPERATION_CHAINS_UID } from './operationChainsDashboard';

import { OVERVIEW_UID } from './overviewDashboard';
import { alertQuery } from './spacetimeQuery';

/** The provisioned demo datasource (provisioning/datasources/spacetime.yaml). */
export const ALERT_DATASOURCE_UID = 'spacetime-redmine';
export const ALERT_FOLDER = 'Spacetime';
export const CONTACT_POINT = 'Spacetime on-call (example)';
/**
 * Tickets opened in 5 minutes above which the spike rule fires. Over 150 scenario days (about 10 a minute at the
 * daily peak's 1.6×) the quiet hours reached at most 116 and the outage's plateau fell to at least 155.
 */
export const SPIKE_THRESHOLD_5M = 135;
/** A service fires when its last 15 minutes, per hour, exceed this many times its previous hour. */
export const SERVICE_RATE_FACTOR = 3;
/** ...and it had at least this many tickets in those 15 minutes (below it, small services and Poisson bursts are too noisy to compare: over 150 scenario days the quiet hours never passed 29). */
export const SERVICE_MIN_TICKETS_15M = 40;

const EXPRESSION = { type: '__expr__', uid: '__expr__' };
const SOURCE_LABELS = { source: 'spacetime', team: 'on-call' };

/** A link to the overview dashboard, with a service filter when the rule has one (Go template, rendered by Grafana). */
function overviewLink(serviceLabel?: string): string {
  const filter = serviceLabel ? `&var-filters=service%7C%3D%7C{{ ${serviceLabel} | urlquery }}` : '';
  return `/d/${OVERVIEW_UID}?from=now-6h&to=now${filter}`;
}

function ticketRateSpike(): RuleBuilder {
  return new RuleBuilder('Ticket rate spike')
    .uid('spacetime-ticket-rate-spike')
    .withQuery(
      new QueryBuilder('A')
        .datasourceUid(ALERT_DATASOURCE_UID)
        .relativeTimeRange({ from: 300, to: 0 })
        .model(alertQuery({ refId: 'A', queryType: 'stats', stats: ['opened'] }, ALERT_DATASOURCE_UID))
    )
    .withQuery(
      new QueryBuilder('C').datasourceUid(EXPRESSION.uid).model(
        new TypeThresholdBuilder()
          .refId('C')
          .datasource(EXPRESSION)
          .expression('A')
          .conditions([{ evaluator: { type: 'gt', params: [SPIKE_THRESHOLD_5M] } }])
      )
    )
    .condition('C')
    .forDuration('2m')
    .noDataState('OK')
    .execErrState('Error')
    .labels({ ...SOURCE_LABELS, severity: 'critical' })
    .annotations({
      summary: `{{ $values.A.Value }} tickets opened in the last 5 minutes (more than ${SPIKE_THRESHOLD_5M}).`,
      description: 'Open the outage overview: the pies and the top-services bar show where the tickets come from.',
      dashboard_url: overviewLink(),
      __dashboardUid__: OVERVIEW_UID,
    });
}

function serviceRateJump(): RuleBuilder {
  const byService = (refId: string, from: number, to: number) =>
    new QueryBuilder(refId)
      .datasourceUid(ALERT_DATASOURCE_UID)
      .relativeTimeRange({ from, to })
      .model(alertQuery({ refId, queryType: 'breakdown', groupBy: ['service'], format: 'long' }, ALERT_DATASOURCE_UID));
  return new RuleBuilder(`Service ticket rate ${SERVICE_RATE_FACTOR}× its previous hour`)
    .uid('spacetime-service-rate-jump')
    .withQuery(byService('A', 900, 0))
    .withQuery(byService('B', 4500, 900))
    .withQuery(
      new QueryBuilder('C')
        .datasourceUid(EXPRESSION.uid)
        .model(
          new TypeMathBuilder()
            .refId('C')
            .datasource(EXPRESSION)
            .expression(`$A * 4 > ${SERVICE_RATE_FACTOR} * $B && $A >= ${SERVICE_MIN_TICKETS_15M}`)
        )
    )
    .condition('C')
    .forDuration('2m')
    .noDataState('OK')
    .execErrState('Error')
    .labels({ ...SOURCE_LABELS, severity: 'high' })
    .annotations({
      summary:
        'Tickets for {{ $labels.service }} are opening at more than ' +
        `${SERVICE_RATE_FACTOR}× their previous-hour rate: {{ $values.A.Value }} in the last 15 minutes, ` +
        '{{ $values.B.Value }} in the hour before.',
      description: 'The overview dashboard, filtered to the service, shows its regions, categories and tickets.',
      dashboard_url: overviewLink('$labels.service'),
      __dashboardUid__: OVERVIEW_UID,
    });
}

/** The chains' p95 over the last 10 minutes in 5-minute buckets (dataplane time series), its latest bucket above the threshold. */
function chainP95(): RuleBuilder {
  return new RuleBuilder(`Chain p95 above ${CHAIN_P95_THRESHOLD_MS / 1000} s`)
    .uid('spacetime-chain-p95')
    .withQuery(
      new QueryBuilder('A')
        .datasourceUid(LOGS_DATASOURCE_UID)
        .relativeTimeRange({ from: 600, to: 0 })
        .model(alertQuery({ refId: 'A', queryType: 'chainLatency', quantiles: ['p95'], bucket: '5m' }, LOGS_DATASOURCE_UID))
    )
    .withQuery(
      new QueryBuilder('B')
        .datasourceUid(EXPRESSION.uid)
        .model(new TypeReduceBuilder().refId('B').datasource(EXPRESSION).expression('A').reducer('last'))
    )
    .withQuery(
      new QueryBuilder('C').datasourceUid(EXPRESSION.uid).model(
        new TypeThresholdBuilder()
          .refId('C')
          .datasource(EXPRESSION)
          .expression('B')
          .conditions([{ evaluator: { type: 'gt', params: [CHAIN_P95_THRESHOLD_MS] } }])
      )
    )
    .condition('C')
    .forDuration('5m')
    .noDataState('OK')
    .execErrState('Error')
    .labels({ ...SOURCE_LABELS, severity: 'high' })
    .annotations({
      summary: `Chains take {{ humanize $values.B.Value }} ms at p95 (more than ${CHAIN_P95_THRESHOLD_MS} ms).`,
      description: 'The Operation chains dashboard shows which step adds the time and which clients cause the load.',
      dashboard_url: `/d/${OPERATION_CHAINS_UID}?from=now-1h&to=now`,
      __dashboardUid__: OPERATION_CHAINS_UID,
    });
}

/** The log engine's rules, beside the ticket-rate rules. */
export function chainRuleGroup(): RuleGroup {
  return new RuleGroupBuilder('Operation chains').interval(60).withRule(chainP95()).build();
}

export function ruleGroup(): RuleGroup {
  return new RuleGroupBuilder('Ticket rates')
    .interval(60)
    .withRule(ticketRateSpike())
    .withRule(serviceRateJump())
    .build();
}

/** An example: point it at your on-call webhook (or change the type to Slack, PagerDuty, email...). */
export function contactPoint(): ContactPoint {
  return new ContactPointBuilder()
    .uid('spacetime-oncall')
    .name(CONTACT_POINT)
    .type('webhook')
    .settings({ url: 'http://127.0.0.1:9/replace-with-your-on-call-webhook', httpMethod: 'POST' })
    .build();
}

/** The root keeps Grafana's default receiver; Spacetime's alerts go to the example contact point, per service. */
export function notificationPolicy(): NotificationPolicy {
  return new NotificationPolicyBuilder()
    .receiver('grafana-default-email')
    .groupBy(['grafana_folder', 'alertname'])
    .routes([
      new NotificationPolicyBuilder()
        .receiver(CONTACT_POINT)
        .objectMatchers([['source', '=', 'spacetime']])
        .groupBy(['alertname', 'service'])
        .groupWait('30s')
        .groupInterval('5m')
        .repeatInterval('4h'),
    ])
    .build();
}

type FileRule = Omit<Rule, 'folderUID' | 'ruleGroup' | 'orgID'>;

/**
 * Grafana's alerting file-provisioning document. Its entries are the SDK's API objects, renamed where the file
 * format differs (a group's `name` and folder title, a contact point's `receivers`).
 */
export function alertingProvisioning() {
  const fileGroup = (group: RuleGroup) => {
    const rules: FileRule[] = (group.rules ?? []).map(({ folderUID: _f, ruleGroup: _g, orgID: _o, ...rule }) => rule);
    return { orgId: 1, name: group.title, folder: ALERT_FOLDER, interval: `${group.interval}s`, rules };
  };
  const { name, ...receiver } = contactPoint();
  return {
    apiVersion: 1,
    groups: [fileGroup(ruleGroup()), fileGroup(chainRuleGroup())],
    contactPoints: [{ orgId: 1, name, receivers: [receiver] }],
    policies: [{ orgId: 1, ...notificationPolicy() }],
  };
}

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

import { type SpacetimeQuery } from '../../src/datasource/types';
import { CHAIN_P95_THRESHOLD_MS } from './chainThresholds';
import { LOGS_DATASOURCE_UID, OPERATION_CHAINS_UID } from './operationChainsDashboard';

import { OVERVIEW_UID } from './overviewDashboard';
import { alertQuery } from './spacetimeQuery';

/** The provisioned demo datasource (provisioning/datasources/spacetime.yaml). */
export const ALERT_DATASOURCE_UID = 'spacetime-redmine';
export const ALERT_FOLDER = 'Spacetime';
export const CONTACT_POINT = 'Spacetime on-call (example)';
/**
 * The two knobs of both rate rules. A rule fires when the tickets of the last SPIKE_WINDOW_S seconds exceed the seasonal
 * normal (the median of the same window at the same time of day over the previous SEASONAL_DAYS days) by
 * SPIKE_FACTOR times AND by SPIKE_MIN_EXCESS tickets. Neither depends on a team's volume: the factor is relative, and
 * the minimum excess only keeps a handful of tickets (a small team's Poisson noise) from paging anyone.
 */
export const SPIKE_FACTOR = 2;
export const SPIKE_MIN_EXCESS = 15;
/**
 * Not a knob: the excess must also stand SPIKE_NOISE_Z standard deviations of Poisson noise above the normal
 * ((now − normal)² ≥ Z² · (normal + 1); Grafana's math has no square root). A service with 15 tickets in 10 minutes at
 * its evening peak sees 30 now and then by chance; with a day of history and eight services evaluated every minute,
 * that paged about once a day (seen in CI: service web, 30 against a normal of 13).
 */
export const SPIKE_NOISE_Z = 5;
/** The "now" both rules compare: the last 10 minutes. */
export const SPIKE_WINDOW_S = 600;
/** Days the seasonal normal takes its median over (fewer while the datasource holds less history). */
export const SEASONAL_DAYS = 7;

const EXPRESSION = { type: '__expr__', uid: '__expr__' };
const SOURCE_LABELS = { source: 'spacetime', team: 'on-call' };

/** A link to the overview dashboard, with a service filter when the rule has one (Go template, rendered by Grafana). */
function overviewLink(serviceLabel?: string): string {
  const filter = serviceLabel ? `&var-filters=service%7C%3D%7C{{ ${serviceLabel} | urlquery }}` : '';
  return `/d/${OVERVIEW_UID}?from=now-6h&to=now${filter}`;
}

/** The rule's condition: now above the normal by the factor and by the minimum excess, per label set. */
export function spikeCondition(now = '$A', normal = '$B'): string {
  const excess = `(${now} - ${normal})`;
  return (
    `${now} > ${SPIKE_FACTOR} * ${normal} && ${now} - ${normal} >= ${SPIKE_MIN_EXCESS}` +
    ` && ${excess} * ${excess} >= ${SPIKE_NOISE_Z * SPIKE_NOISE_Z} * (${normal} + 1)`
  );
}

function dataQuery(refId: string, model: Omit<SpacetimeQuery, 'datasource' | 'refId'>): QueryBuilder {
  return new QueryBuilder(refId)
    .datasourceUid(ALERT_DATASOURCE_UID)
    .relativeTimeRange({ from: SPIKE_WINDOW_S, to: 0 })
    .model(alertQuery({ refId, ...model }, ALERT_DATASOURCE_UID));
}

function mathQuery(refId: string, expression: string): QueryBuilder {
  return new QueryBuilder(refId)
    .datasourceUid(EXPRESSION.uid)
    .model(new TypeMathBuilder().refId(refId).datasource(EXPRESSION).expression(expression));
}

const NORMAL_TEXT = `the normal for this time of day (median of the previous ${SEASONAL_DAYS} days)`;

/** The window the spike rule's explanation contrasts with the same length before it. */
export const EXPLAIN_WINDOW_S = 900;

function ticketRateSpike(): RuleBuilder {
  // D is not part of the condition: one number whose label `likely` names what changed, for the summary.
  const explain = new QueryBuilder('D')
    .datasourceUid(ALERT_DATASOURCE_UID)
    .relativeTimeRange({ from: EXPLAIN_WINDOW_S, to: 0 })
    .model(
      alertQuery({ refId: 'D', queryType: 'contrast', baseline: 'previous', format: 'summary' }, ALERT_DATASOURCE_UID)
    );
  return new RuleBuilder('Ticket rate spike')
    .uid('spacetime-ticket-rate-spike')
    .withQuery(dataQuery('A', { queryType: 'stats', stats: ['opened'] }))
    .withQuery(dataQuery('B', { queryType: 'stats', stats: ['seasonal'], seasonalDays: SEASONAL_DAYS }))
    .withQuery(explain)
    .withQuery(mathQuery('C', spikeCondition()))
    .condition('C')
    .forDuration('2m')
    .noDataState('OK')
    .execErrState('Error')
    .labels({ ...SOURCE_LABELS, severity: 'critical' })
    .annotations({
      summary:
        `{{ $values.A.Value }} tickets opened in the last ${SPIKE_WINDOW_S / 60} minutes; ` +
        `${NORMAL_TEXT} is {{ printf "%.0f" $values.B.Value }}. ` +
        'Likely: {{ $values.D.Labels.likely }}.',
      description: 'Open the outage overview: the pies and the top-services bar show where the tickets come from.',
      dashboard_url: overviewLink(),
      __dashboardUid__: OVERVIEW_UID,
    });
}

function serviceRateJump(): RuleBuilder {
  return new RuleBuilder('Service ticket rate above its normal')
    .uid('spacetime-service-rate-jump')
    .withQuery(dataQuery('A', { queryType: 'breakdown', groupBy: ['service'], format: 'long' }))
    .withQuery(
      dataQuery('B', { queryType: 'breakdown', groupBy: ['service'], metric: 'seasonal', seasonalDays: SEASONAL_DAYS })
    )
    .withQuery(mathQuery('C', spikeCondition()))
    .condition('C')
    .forDuration('2m')
    .noDataState('OK')
    .execErrState('Error')
    .labels({ ...SOURCE_LABELS, severity: 'high' })
    .annotations({
      summary:
        `{{ $values.A.Value }} tickets for {{ $labels.service }} in the last ${SPIKE_WINDOW_S / 60} minutes; ` +
        `${NORMAL_TEXT} is {{ printf "%.0f" $values.B.Value }}.`,
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

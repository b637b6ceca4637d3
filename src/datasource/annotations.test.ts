import { createDataFrame, FieldType } from '@grafana/data';
import { lastValueFrom, type Observable } from 'rxjs';

import { annotationQuery, framesToEvents, severitiesAtOrAbove } from './annotations';
import { instanceSettings } from './test/helpers';
import { SpacetimeDataSource } from './datasource';
import { REDMINE_SEVERITIES, type SeveritySetting } from './types';

const order: SeveritySetting[] = [
  { name: 'Low', color: '#0000ff' },
  { name: 'High', color: '#ff8800' },
  { name: 'Urgent', color: '#ff0000' },
];

const opened = Date.parse('2026-11-20T10:00:00Z');

const frame = createDataFrame({
  name: 'tickets',
  fields: [
    { name: 'id', type: FieldType.number, values: [42, 43] },
    { name: 'title', type: FieldType.string, values: ['Checkout <b>down</b>', 'Slow search'] },
    { name: 'status', type: FieldType.string, values: ['New', 'Closed'] },
    { name: 'severity', type: FieldType.string, values: ['Urgent', 'Low'] },
    { name: 'service', type: FieldType.string, values: ['checkout', ''] },
    { name: 'region', type: FieldType.string, values: ['eu', 'us'] },
    { name: 'opened', type: FieldType.time, values: [opened, opened + 60_000] },
    { name: 'resolved', type: FieldType.time, values: [null, opened + 120_000] },
    { name: 'url', type: FieldType.string, values: ['https://redmine.example.com/issues/42', 'javascript:alert(1)'] },
  ],
});

describe('annotations', () => {
  test('severities at or above a minimum follow the configured order', () => {
    expect(severitiesAtOrAbove('high', order)).toEqual(['High', 'Urgent']);
    expect(severitiesAtOrAbove('Unknown', order)).toEqual(['Unknown']);
  });

  test('the annotation query is a tickets query whose filter adds the minimum severity', () => {
    const q = annotationQuery(
      { refId: 'Anno', queryType: 'timeseries', minSeverity: 'High', filter: { key: 'service', operator: '=', value: 'checkout' } },
      order
    );
    expect(q).toEqual({
      refId: 'Anno',
      queryType: 'tickets',
      filter: {
        op: 'and',
        filters: [
          { key: 'service', operator: '=', value: 'checkout' },
          { key: 'severity', operator: '=|', values: ['High', 'Urgent'] },
        ],
      },
    });
    expect(annotationQuery({ refId: 'Anno' }, order)).toEqual({ refId: 'Anno', queryType: 'tickets' });
  });

  test('each ticket becomes an event with its title, severity colour, safe link and dimension tags', () => {
    const events = framesToEvents([frame], order);
    expect(events).toHaveLength(2);
    expect(events[0]).toMatchObject({
      time: opened,
      title: '#42 Checkout <b>down</b>',
      color: '#ff0000',
      tags: ['severity:Urgent', 'service:checkout', 'region:eu'],
    });
    expect(events[0].text).toContain('href="https://redmine.example.com/issues/42"');
    expect(events[0].text).toContain('Urgent · New');
    expect(events[1].tags).toEqual(['severity:Low', 'region:us']);
    expect(events[1].color).toBe('#0000ff');
    expect(events[1].text).not.toContain('javascript:');
  });

  test('a text id is shown as it is, and each value of a multi-valued field is a tag', () => {
    const jira = createDataFrame({
      name: 'tickets',
      fields: [
        { name: 'id', type: FieldType.string, values: ['OPS-7'] },
        { name: 'title', type: FieldType.string, values: ['Cart empty'] },
        { name: 'labels', type: FieldType.other, values: [['checkout', 'sev1']] },
        { name: 'opened', type: FieldType.time, values: [opened] },
        { name: 'url', type: FieldType.string, values: ['https://acme.atlassian.net/browse/OPS-7'] },
      ],
    });
    const [event] = framesToEvents([jira], order);
    expect(event.title).toBe('OPS-7 Cart empty');
    expect(event.text).toContain('Open ticket OPS-7</a>');
    expect(event.tags).toEqual(['labels:checkout', 'labels:sev1']);
  });

  test('events can be placed at the resolved time; open tickets then have none', () => {
    const events = framesToEvents([frame], order, 'resolved');
    expect(events.map((e) => e.time)).toEqual([opened + 120_000]);
  });

  test('the datasource wires prepareAnnotation, prepareQuery and processEvents with Redmine severities by default', async () => {
    const ds = new SpacetimeDataSource(instanceSettings({}));
    const support = ds.annotations!;
    const anno = support.prepareAnnotation!({ name: 'Tickets', enable: true, iconColor: 'red', target: { minSeverity: 'Urgent' } });
    expect(anno.target).toMatchObject({ refId: 'Anno', queryType: 'tickets', minSeverity: 'Urgent' });
    const q = support.prepareQuery!(anno);
    expect(q?.filter).toEqual({ op: 'and', filters: [{ key: 'severity', operator: '=|', values: ['Urgent', 'Immediate'] }] });
    const events = await lastValueFrom(support.processEvents!(anno, [frame]) as Observable<unknown[]>);
    expect(events).toHaveLength(2);
    expect(REDMINE_SEVERITIES.map((s) => s.name)).toEqual(['Low', 'Normal', 'High', 'Urgent', 'Immediate']);
  });
});

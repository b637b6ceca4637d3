/** @jest-environment ./src/datasource/test/jsdomWithFetch.js */
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { http, HttpResponse, setupServer } from '../test/msw';
import { DS_UID, installBackendSrv, RESOURCES } from '../test/helpers';
import { renderStateful, settings, chooseSystem } from '../test/configEditor';
import { type JsonApiPreset, type JsonApiSpec, type MappingReport } from '../jsonApiTypes';

// The Zendesk preset as GET system/presets lists it (pkg/connector/jsonapi/presets/zendesk.json).
const ZENDESK: JsonApiSpec = {
  urlTemplate: '/api/v2/incremental/tickets/cursor.json?start_time={since}&per_page=1000',
  queryTimeFormats: { since: 'epoch_s' },
  paging: { style: 'nextUrl', next: 'after_url', end: 'end_of_stream' },
  root: 'tickets',
  fields: {
    id: 'id',
    title: 'subject',
    severity: 'priority',
    status: 'status',
    opened: 'created_at',
    updated: 'updated_at',
  },
  dimensions: [{ key: 'tags', name: 'Tags', path: 'tags', multi: true }],
  closed: { path: 'status', in: ['solved', 'closed'] },
  deleted: { path: 'status', in: ['deleted'] },
  ticketUrl: '{url}/agent/tickets/{id}',
  auth: { type: 'basic', username: 'you@example.com/token' },
};
const PRESETS: JsonApiPreset[] = [
  {
    id: 'zendesk',
    name: 'Zendesk (incremental ticket export)',
    url: 'https://your-subdomain.zendesk.com',
    spec: ZENDESK,
  },
];
const REPORT: MappingReport = {
  records: 60,
  deleted: 1,
  tickets: [
    {
      id: '1',
      title: 'Checkout fails in EU',
      severity: 'high',
      status: 'open',
      state: 'open',
      opened: '2026-11-30T08:00:00Z',
      updated: '',
      resolved: '',
      url: '',
      dimensions: { tags: ['eu', 'outage'] },
    },
  ],
  problems: [
    {
      record: 1,
      id: '2',
      field: 'severity',
      path: 'priority',
      missing: true,
      text: 'ticket 2: severity (priority) has no value',
    },
  ],
};

let posted: unknown;
const server = setupServer(
  http.get(`${RESOURCES}/system/presets`, () => HttpResponse.json(PRESETS)),
  http.post(`${RESOURCES}/system/test-mapping`, async ({ request }) => {
    posted = await request.json();
    return HttpResponse.json(REPORT);
  })
);

jest.setTimeout(60000);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());
beforeEach(() => installBackendSrv());

describe('ConfigEditor for ServiceNow', () => {
  test('Basic or OAuth credentials, the table and the encoded query, each checked as the backend does', async () => {
    const latest = renderStateful(settings({ uid: DS_UID }));
    await chooseSystem('ServiceNow');
    expect(screen.getByTestId('system-help')).toHaveTextContent('System OAuth → Application Registry');
    expect(screen.getByText('Enter the ServiceNow user name')).toBeInTheDocument();
    expect(screen.getByText('Enter the password')).toBeInTheDocument();

    await userEvent.type(screen.getByLabelText(/^Table/), 'Incident Table');
    expect(
      screen.getByText('A table name is lower-case letters, digits and _ (like incident or u_outage)')
    ).toBeInTheDocument();
    await userEvent.clear(screen.getByLabelText(/^Table/));
    await userEvent.type(screen.getByLabelText(/^Encoded query/), 'active=true^NQpriority=1');
    expect(screen.getByText(/Leave out \^NQ and ORDERBY/)).toBeInTheDocument();

    await userEvent.click(screen.getByRole('radio', { name: 'OAuth client credentials' }));
    expect(screen.getByText('Enter the OAuth client id')).toBeInTheDocument();
    expect(screen.getByText('Enter the OAuth client secret')).toBeInTheDocument();
    await userEvent.type(screen.getByLabelText(/^OAuth client id/), 'abc123');
    expect(latest.current.jsonData).toMatchObject({
      system: 'servicenow',
      authType: 'oauth',
      clientId: 'abc123',
      query: 'active=true^NQpriority=1',
    });
  });
});

describe('ConfigEditor for PagerDuty', () => {
  test('the URL may stay empty, the region is chosen, ids are typed as a list and checked', async () => {
    const latest = renderStateful(settings({ uid: DS_UID }));
    await chooseSystem('PagerDuty');
    expect(screen.queryByText("Enter the ticket system's URL")).not.toBeInTheDocument();
    await userEvent.click(screen.getByRole('radio', { name: 'EU' }));
    await userEvent.type(screen.getByLabelText(/^Services/), 'PABC123, PDEF456');
    expect(latest.current.jsonData).toMatchObject({
      system: 'pagerduty',
      region: 'eu',
      serviceIds: ['PABC123', 'PDEF456'],
    });
    await userEvent.type(screen.getByLabelText(/^Teams/), 'sre');
    expect(
      screen.getByText(`"sre" is not a PagerDuty team id: copy it from the team's URL (like PABC123)`)
    ).toBeInTheDocument();
    expect(screen.getByText('Enter the PagerDuty API key')).toBeInTheDocument();
  });
});

describe('ConfigEditor for a JSON API', () => {
  test('a preset fills the settings, Test mapping posts them and shows the tickets as mapped and what was not', async () => {
    const latest = renderStateful(settings({ uid: DS_UID }));
    await chooseSystem('JSON API');
    expect(
      screen.getByText('Enter the listing’s path, like /api/tickets?updated_since={since}&page={page}')
    ).toBeInTheDocument();

    await userEvent.click(screen.getByRole('combobox', { name: /Preset/ }));
    await userEvent.click(await screen.findByRole('option', { name: /^Zendesk/ }));
    expect(latest.current.jsonData.jsonApi).toEqual(ZENDESK);
    expect(screen.getByLabelText(/^URL template/)).toHaveValue(ZENDESK.urlTemplate);
    expect(screen.getByLabelText(/^Path of severity/)).toHaveValue('priority');
    expect(screen.getByLabelText('Dimension 1 path')).toHaveValue('tags');
    expect(screen.queryByText(/Enter the listing’s path/)).not.toBeInTheDocument();

    await userEvent.clear(screen.getByLabelText(/^Path of severity/));
    await userEvent.type(screen.getByLabelText(/^Path of severity/), 'priority');
    await userEvent.click(screen.getByRole('button', { name: 'Test mapping' }));
    const report = await screen.findByTestId('test-mapping-report');
    expect(posted).toEqual({ jsonApi: ZENDESK });
    expect(report).toHaveTextContent(
      'The first page held 60 records, 1 of them listed as deleted; the first 1 as mapped:'
    );
    const table = within(report).getByRole('table');
    expect(within(table).getByText('Checkout fails in EU')).toBeInTheDocument();
    expect(within(table).getByText('eu, outage')).toBeInTheDocument();
    expect(within(report).getByText('ticket 2: severity (priority) has no value')).toBeInTheDocument();
  });

  test('a URL template on another site than the URL is refused, as the backend refuses it', async () => {
    renderStateful(
      settings({
        uid: DS_UID,
        url: 'https://tracker.example',
        jsonData: {
          system: 'jsonapi',
          jsonApi: { ...ZENDESK, urlTemplate: 'https://elsewhere.example/api/tickets?since={since}' },
        },
      })
    );
    expect(
      screen.getByText('The template is on another site than the URL (tracker.example): make it relative to the URL')
    ).toBeInTheDocument();
    await userEvent.clear(screen.getByLabelText(/^URL template/));
    await userEvent.type(screen.getByLabelText(/^URL template/), 'https://tracker.example/api/tickets');
    expect(screen.queryByText(/on another site than the URL/)).not.toBeInTheDocument();
  });

  test('a dimension key a fixed field uses is refused, and Test mapping says why the backend refused', async () => {
    server.use(
      http.post(`${RESOURCES}/system/test-mapping`, () =>
        HttpResponse.json(
          {
            message:
              'The field mapping of opened is missing: enter the GJSON path of each ticket’s creation time (like created_at).',
          },
          { status: 400 }
        )
      )
    );
    renderStateful(
      settings({
        uid: DS_UID,
        jsonData: { system: 'jsonapi', jsonApi: { ...ZENDESK, dimensions: [{ key: 'status', path: 'x' }] } },
      })
    );
    expect(screen.getByText('"status" is a fixed field: choose another key')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Test mapping' }));
    expect(await screen.findByText(/The field mapping of opened is missing/)).toBeInTheDocument();
  });
});

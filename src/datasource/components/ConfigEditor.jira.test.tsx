/** @jest-environment ./src/datasource/test/jsdomWithFetch.js */
import React from 'react';
import { fireEvent, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { http, HttpResponse, setupServer } from '../test/msw';
import { DS_UID, installBackendSrv, RESOURCES } from '../test/helpers';
import { renderStateful, type Settings, settings, chooseSystem } from '../test/configEditor';
import { type SiteField, type SpacetimeOptions } from '../types';
import { ConfigEditor } from './ConfigEditor';

// The site's custom fields as GET system/fields lists them (from /rest/api/3/field; see pkg/connector/jira).
const SITE_FIELDS: SiteField[] = [
  { id: 'customfield_10010', name: 'Service', kind: 'select', multi: false, type: 'option' },
  { id: 'customfield_10011', name: 'Regions', kind: 'multi-select', multi: true, type: 'array of option' },
  { id: 'customfield_10012', name: 'Location', kind: 'cascading-select', multi: false, type: 'option-with-child' },
  { id: 'customfield_10019', name: 'Rank', kind: '', multi: false, type: 'any' },
];

let fieldsAnswer: () => Response = () => HttpResponse.json(SITE_FIELDS);
const server = setupServer(http.get(`${RESOURCES}/system/fields`, () => fieldsAnswer()));

// user-event and Grafana's components are slow on a shared, loaded CPU.
jest.setTimeout(60000);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  server.resetHandlers();
  fieldsAnswer = () => HttpResponse.json(SITE_FIELDS);
});
afterAll(() => server.close());
beforeEach(() => installBackendSrv());

function saved(overrides: Partial<Settings> = {}): Settings {
  return settings({
    uid: DS_UID,
    jsonData: {
      system: 'redmine',
      project: 'ops',
      syncWindowDays: 14,
      severities: [{ name: 'Urgent' }],
      fields: [{ key: 'tracker' }],
    },
    ...overrides,
  });
}


const jiraCloud = (extra: Partial<SpacetimeOptions> = {}, secure: Record<string, boolean> = { apiToken: true }) =>
  saved({
    url: 'https://example.atlassian.net',
    jsonData: { system: 'jira-cloud', email: 'me@example.com', ...extra },
    secureJsonFields: secure,
  });

describe('ConfigEditor for Jira', () => {
  test('switching from Redmine to Jira Cloud keeps nothing of Redmine: URL, project, key, fields and severities go; sync settings stay', async () => {
    const latest = renderStateful(saved());
    expect(screen.getByTestId('system-help')).toHaveTextContent('Enable the REST API in Redmine');

    await chooseSystem('Jira Cloud');

    const { jsonData, url, secureJsonFields, secureJsonData } = latest.current;
    expect(jsonData).toEqual({ system: 'jira-cloud', syncWindowDays: 14 });
    expect(url).toBe('');
    expect(secureJsonFields).toMatchObject({ apiKey: false });
    expect(secureJsonData).toMatchObject({ apiKey: '' });
    expect(screen.queryByLabelText(/^Project/)).not.toBeInTheDocument();
    expect(screen.queryByLabelText(/^API key/)).not.toBeInTheDocument();
    expect(screen.getByLabelText(/^Email/)).toBeInTheDocument();
    expect(screen.getByText('Enter the Jira API token')).toBeInTheDocument();
    expect(screen.getByTestId('system-help')).toHaveTextContent('id.atlassian.com → Security → API tokens');
    expect(screen.getByTestId('system-save-and-test')).toHaveTextContent(
      'that the JQL scope is valid (quoting Jira’s own message when not)'
    );
    expect(screen.getByPlaceholderText('https://your-site.atlassian.net')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Use Jira Cloud defaults' })).toBeInTheDocument();
  });

  test('switching from Jira Cloud to Jira Data Center drops the email, token, scope and custom fields', async () => {
    const latest = renderStateful(
      jiraCloud({
        jql: 'project = OPS',
        customFields: [{ id: 'customfield_10010', key: 'service' }],
        pollIntervalSeconds: 30,
      })
    );
    await chooseSystem('Jira Data Center');
    expect(latest.current.jsonData).toEqual({ system: 'jira-dc', pollIntervalSeconds: 30 });
    expect(latest.current.secureJsonFields).toMatchObject({ apiToken: false });
    expect(screen.getByLabelText(/^JQL scope/)).toHaveValue('');
    expect(screen.getByTestId('system-help')).toHaveTextContent('Personal Access Tokens');
  });

  test('Jira Cloud: email and token are required, the token goes to secureJsonData only, ORDER BY in the scope is flagged', async () => {
    const latest = renderStateful(
      saved({ url: 'https://example.atlassian.net', jsonData: { system: 'jira-cloud' }, secureJsonFields: {} })
    );
    expect(screen.getByText('Enter the email of the Atlassian account the API token belongs to')).toBeInTheDocument();
    await userEvent.type(screen.getByLabelText(/^Email/), 'me-at-example');
    expect(screen.getByText('Enter an email address, like me@example.com')).toBeInTheDocument();
    fireEvent.change(screen.getByLabelText(/^Email/), { target: { value: 'me@example.com' } });
    expect(screen.queryByText(/Enter an email/)).not.toBeInTheDocument();

    fireEvent.change(screen.getByPlaceholderText('API token'), { target: { value: 'ATATT-123' } });
    expect(latest.current.secureJsonData).toEqual({ apiToken: 'ATATT-123' });
    expect(JSON.stringify(latest.current.jsonData)).not.toContain('ATATT-123');

    fireEvent.change(screen.getByLabelText(/^JQL scope/), { target: { value: 'project = OPS ORDER BY created' } });
    expect(screen.getByText('Leave out ORDER BY: Spacetime orders its searches itself')).toBeInTheDocument();
    fireEvent.change(screen.getByLabelText(/^JQL scope/), {
      target: { value: 'project in (OPS, SHOP) AND priority >= High' },
    });
    expect(latest.current.jsonData.jql).toBe('project in (OPS, SHOP) AND priority >= High');
    expect(screen.queryByText(/Leave out ORDER BY/)).not.toBeInTheDocument();
  });

  test('Jira Data Center: a personal access token, or a user name and password', async () => {
    const latest = renderStateful(
      saved({ url: 'https://jira.example.com', jsonData: { system: 'jira-dc' }, secureJsonFields: {} })
    );
    fireEvent.change(screen.getByPlaceholderText('Personal access token'), { target: { value: 'pat-1' } });
    expect(latest.current.secureJsonData).toEqual({ personalAccessToken: 'pat-1' });
    expect(screen.queryByRole('textbox', { name: /^User name/ })).not.toBeInTheDocument();

    await userEvent.click(screen.getByRole('radio', { name: 'User name and password' }));
    expect(latest.current.jsonData.authType).toBe('basic');
    expect(screen.queryByPlaceholderText('Personal access token')).not.toBeInTheDocument();
    await userEvent.type(screen.getByRole('textbox', { name: /^User name/ }), 'alice');
    fireEvent.change(screen.getByPlaceholderText('Password'), { target: { value: 'pw' } });
    expect(latest.current.jsonData).toMatchObject({ authType: 'basic', username: 'alice' });
    expect(latest.current.secureJsonData).toMatchObject({ password: 'pw' });
  });

  test('"Fields from Jira" lists the site\'s custom fields; chosen ones become dimensions with a key, unsupported kinds cannot be chosen', async () => {
    const latest = renderStateful(jiraCloud());
    fireEvent.click(screen.getByRole('button', { name: 'Fields from Jira' })); // fireEvent: user-event crawls on a loaded CPU
    const group = await screen.findByRole('group', { name: 'Custom fields of the Jira site' });

    fireEvent.click(within(group).getByRole('checkbox', { name: /^Service/ }));
    fireEvent.click(within(group).getByRole('checkbox', { name: /^Regions/ }));
    expect(within(group).getByRole('checkbox', { name: /^Rank/ })).toBeDisabled();
    expect(
      within(group).getByText('customfield_10019 · Jira type "any" cannot become a dimension')
    ).toBeInTheDocument();
    expect(latest.current.jsonData.customFields).toEqual([
      { id: 'customfield_10010', key: 'service', name: 'Service', multi: false, kind: 'select' },
      { id: 'customfield_10011', key: 'regions', name: 'Regions', multi: true, kind: 'multi-select' },
    ]);

    // The key is the dimension's name in filters: a fixed field's key is refused, as the backend refuses it.
    const key = screen.getByLabelText('Custom field 1 key');
    fireEvent.change(key, { target: { value: 'labels' } });
    expect(screen.getByText('"labels" is a fixed field: choose another key')).toBeInTheDocument();
    fireEvent.change(key, { target: { value: 'regions' } });
    expect(screen.getByText('Another custom field already uses the key "regions"')).toBeInTheDocument();
    fireEvent.change(key, { target: { value: 'svc' } });
    expect(screen.queryByText(/fixed field|already uses/)).not.toBeInTheDocument();

    fireEvent.click(within(group).getByRole('checkbox', { name: /^Regions/ }));
    expect(latest.current.jsonData.customFields).toEqual([
      { id: 'customfield_10010', key: 'svc', name: 'Service', multi: false, kind: 'select' },
    ]);
  });

  test("a failing field list says why, in the backend's words", async () => {
    fieldsAnswer = () =>
      HttpResponse.json(
        { message: 'Jira Cloud rejected the email and API token (401): check the email.' },
        { status: 502 }
      );
    renderStateful(jiraCloud());
    await userEvent.click(screen.getByRole('button', { name: 'Fields from Jira' }));
    expect(
      await screen.findByText(
        /The fields could not be loaded \(save the data source first\): Jira Cloud rejected the email and API token \(401\)/
      )
    ).toBeInTheDocument();
  });

  test('before the first save there is no field list to ask', () => {
    render(<ConfigEditor options={jiraCloud({}, {})} onOptionsChange={jest.fn()} />);
    expect(screen.getByRole('button', { name: 'Fields from Jira' })).toBeEnabled();
    render(<ConfigEditor options={{ ...jiraCloud(), uid: '' }} onOptionsChange={jest.fn()} />);
    expect(screen.getAllByRole('button', { name: 'Fields from Jira' })[1]).toBeDisabled();
  });
});

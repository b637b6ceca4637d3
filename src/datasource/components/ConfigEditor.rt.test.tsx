/** @jest-environment ./src/datasource/test/jsdomWithFetch.js */
import { fireEvent, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { installBackendSrv } from '../test/helpers';
import { renderStateful, type Settings, settings } from '../test/configEditor';
import { type SpacetimeOptions } from '../types';

// user-event and Grafana's components are slow on a shared, loaded CPU.
jest.setTimeout(60000);
beforeEach(() => installBackendSrv());

const rt = (extra: Partial<SpacetimeOptions> = {}, secure: Record<string, boolean> = { authToken: true }): Settings =>
  settings({ url: 'https://rt.example.com', jsonData: { system: 'rt', ...extra }, secureJsonFields: secure });

async function chooseSystem(name: string) {
  await userEvent.click(screen.getByRole('combobox', { name: /System/ }));
  await userEvent.click(await screen.findByRole('option', { name: new RegExp(`^${name}`) }));
}

describe('ConfigEditor for Request Tracker', () => {
  test('switching from Redmine to Request Tracker keeps nothing of Redmine and asks for an auth token', async () => {
    const latest = renderStateful(settings({ jsonData: { system: 'redmine', project: 'ops', syncWindowDays: 14 } }));
    await chooseSystem('Request Tracker');
    expect(latest.current.jsonData).toEqual({ system: 'rt', syncWindowDays: 14 });
    expect(latest.current.url).toBe('');
    expect(latest.current.secureJsonFields).toMatchObject({ apiKey: false });
    expect(screen.getByText('Enter the Request Tracker auth token')).toBeInTheDocument();
    expect(screen.getByTestId('system-help')).toHaveTextContent('Logged in as → Settings → Auth Tokens');
    expect(screen.getByTestId('system-save-and-test')).toHaveTextContent('that the TicketSQL scope is valid');
    expect(screen.getByPlaceholderText('https://rt.example.com')).toBeInTheDocument();
  });

  test('the token goes to secureJsonData only; basic authentication asks for a user name and password', async () => {
    const latest = renderStateful(rt({}, {}));
    fireEvent.change(screen.getByPlaceholderText('Auth token'), { target: { value: '1-35-abc' } });
    expect(latest.current.secureJsonData).toEqual({ authToken: '1-35-abc' });
    expect(JSON.stringify(latest.current.jsonData)).not.toContain('1-35-abc');

    await userEvent.click(screen.getByRole('radio', { name: 'User name and password' }));
    expect(screen.queryByPlaceholderText('Auth token')).not.toBeInTheDocument();
    expect(screen.getByText('Enter the Request Tracker user name')).toBeInTheDocument();
    fireEvent.change(screen.getByRole('textbox', { name: /^User name/ }), { target: { value: 'ops' } });
    fireEvent.change(screen.getByPlaceholderText('Password'), { target: { value: 'pw' } });
    expect(latest.current.jsonData).toMatchObject({ authType: 'basic', username: 'ops' });
    expect(latest.current.secureJsonData).toMatchObject({ password: 'pw' });
  });

  test('the TicketSQL scope, and the severity from a custom field or from priority ranges', async () => {
    const latest = renderStateful(rt());
    fireEvent.change(screen.getByLabelText(/^TicketSQL scope/), { target: { value: "Queue = 'Ops'" } });
    expect(latest.current.jsonData.ticketSQL).toBe("Queue = 'Ops'");

    // RT's own labels by default; a range that does not start above the one before is named.
    expect(screen.getByLabelText('Priority range 2 severity')).toHaveValue('Medium');
    fireEvent.change(screen.getByLabelText('Priority range 3 from'), { target: { value: '40' } });
    expect(
      screen.getByText('Starts at 40, not above Medium (from 50): list the ranges from the lowest priority up')
    ).toBeInTheDocument();
    fireEvent.change(screen.getByLabelText('Priority range 3 from'), { target: { value: '90' } });
    expect(screen.queryByText(/not above/)).not.toBeInTheDocument();
    expect(latest.current.jsonData.priorityRanges).toEqual([
      { name: 'Low', from: 0 },
      { name: 'Medium', from: 50 },
      { name: 'High', from: 90 },
    ]);

    await userEvent.click(screen.getByRole('radio', { name: 'A custom field' }));
    expect(latest.current.jsonData.severityField).toBe('Severity');
    expect(screen.queryByLabelText('Priority range 1 severity')).not.toBeInTheDocument();
    fireEvent.change(screen.getByLabelText(/^Severity custom field/), { target: { value: '' } });
    expect(screen.getByText("Enter the custom field's name")).toBeInTheDocument();
    await userEvent.click(screen.getByRole('radio', { name: 'Priority ranges' }));
    expect(latest.current.jsonData.severityField).toBeUndefined();
  });
});

import React from 'react';
import { fireEvent, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { ConfigEditor, projectError } from './ConfigEditor';
import { renderStateful, settings } from '../test/configEditor';

// user-event types key by key; on shared CPUs that takes seconds.
jest.setTimeout(30000);

describe('ConfigEditor', () => {
  test('a stored API key shows as configured, never its value, and can be reset', () => {
    const onOptionsChange = jest.fn();
    render(
      <ConfigEditor options={settings({ secureJsonFields: { apiKey: true } })} onOptionsChange={onOptionsChange} />
    );

    expect(screen.getByDisplayValue('configured')).toBeDisabled();
    fireEvent.click(screen.getByRole('button', { name: 'Reset' }));

    expect(onOptionsChange).toHaveBeenCalledWith(
      expect.objectContaining({ secureJsonFields: { apiKey: false }, secureJsonData: { apiKey: '' } })
    );
  });

  test('a URL without http(s) is flagged at the field; an empty one asks for it', () => {
    const { rerender } = render(
      <ConfigEditor options={settings({ url: 'redmine.local' })} onOptionsChange={jest.fn()} />
    );
    expect(screen.getByText('URL must start with http:// or https://')).toBeInTheDocument();
    rerender(<ConfigEditor options={settings({ url: '' })} onOptionsChange={jest.fn()} />);
    expect(screen.getByText("Enter the ticket system's URL")).toBeInTheDocument();
    rerender(<ConfigEditor options={settings()} onOptionsChange={jest.fn()} />);
    expect(screen.queryByText(/URL must|Enter the ticket/)).not.toBeInTheDocument();
  });

  test('typing a key writes it to secureJsonData only; a missing key is flagged', () => {
    const latest = renderStateful(settings({ secureJsonFields: {} }));
    expect(screen.getByText('Enter the Redmine API key')).toBeInTheDocument();

    fireEvent.change(screen.getByPlaceholderText('API key'), { target: { value: 'abc123' } });

    expect(latest.current.secureJsonData).toEqual({ apiKey: 'abc123' });
    expect(JSON.stringify(latest.current.jsonData)).not.toContain('abc123');
    expect(screen.queryByText('Enter the Redmine API key')).not.toBeInTheDocument();
  });

  test('the project is optional text in jsonData; empty means all projects, a bad identifier is flagged', async () => {
    const latest = renderStateful(settings());
    const projectInput = screen.getByLabelText(/^Project/);
    expect(projectInput).toHaveAttribute('placeholder', 'all projects');
    expect(screen.getByText(/as in the project's URL \/projects\/<identifier>/)).toBeInTheDocument();

    await userEvent.type(projectInput, 'Shop');
    expect(latest.current.jsonData.project).toBe('Shop');
    expect(screen.getByText(/^Project must be a project identifier/)).toBeInTheDocument();

    await userEvent.clear(projectInput);
    expect(latest.current.jsonData.project).toBeUndefined();
    expect(screen.queryByText(/^Project must be/)).not.toBeInTheDocument();
    await userEvent.type(projectInput, 'shop');
    expect(latest.current.jsonData).toMatchObject({ system: 'redmine', project: 'shop' });
    expect(screen.queryByText(/^Project must be/)).not.toBeInTheDocument();
  });

  test('a saved project is shown', () => {
    render(
      <ConfigEditor
        options={settings({ jsonData: { system: 'redmine', project: 'ops' } })}
        onOptionsChange={jest.fn()}
      />
    );
    expect(screen.getByLabelText(/^Project/)).toHaveValue('ops');
  });

  test('projectError accepts what Redmine accepts as project_id, as the backend does', () => {
    for (const ok of [undefined, '', '  ', 'ops', 'web-shop_2', '2fa-rollout', '42', 'a'.repeat(100)]) {
      expect(projectError(ok)).toBeUndefined();
    }
    for (const bad of ['Ops', 'web shop', 'shop/eu', 'café', 'a'.repeat(101)]) {
      expect(projectError(bad)).toBe(
        'Project must be a project identifier (lower-case letters, digits, - and _, at most 100 characters) or a numeric project id'
      );
    }
  });

  test('sync window and poll interval are numbers in jsonData, defaults shown, bad values flagged', async () => {
    const latest = renderStateful(settings());
    const windowInput = screen.getByLabelText(/^Sync window \(days\)/);
    const pollInput = screen.getByLabelText(/^Poll interval \(seconds\)/);
    expect(windowInput).toHaveAttribute('placeholder', '7');
    expect(pollInput).toHaveAttribute('placeholder', '60');

    await userEvent.type(windowInput, '14');
    await userEvent.type(pollInput, '5');
    expect(latest.current.jsonData).toMatchObject({ syncWindowDays: 14, pollIntervalSeconds: 5 });
    expect(screen.getByText('Poll interval must be a whole number from 10 to 3600')).toBeInTheDocument();
    await userEvent.type(windowInput, '0'); // 140 days: beyond what the backend keeps
    expect(screen.getByText('Sync window must be a whole number from 1 to 90')).toBeInTheDocument();

    await userEvent.clear(windowInput);
    expect(latest.current.jsonData.syncWindowDays).toBeUndefined();
  });

  test('backfill slices are a number in jsonData, the default shown, values past 16 flagged as the backend does', async () => {
    const latest = renderStateful(settings());
    const slices = screen.getByLabelText(/^Backfill slices/);
    expect(slices).toHaveAttribute('placeholder', '4');
    expect(screen.getByText(/fewer when the ticket system’s rate limit runs low/)).toBeInTheDocument();
    await userEvent.type(slices, '8');
    expect(latest.current.jsonData).toMatchObject({ backfillSlices: 8 });
    expect(screen.queryByText(/Backfill slices must be/)).not.toBeInTheDocument();
    await userEvent.type(slices, '0'); // 80
    expect(screen.getByText('Backfill slices must be a whole number from 1 to 16')).toBeInTheDocument();
  });

  test('fields are kept in column order with names and hidden flags', async () => {
    const latest = renderStateful(
      settings({ jsonData: { system: 'redmine', fields: [{ key: 'service', name: 'Service' }, { key: 'region' }] } })
    );
    await userEvent.click(screen.getByRole('button', { name: 'Move field 2 up' }));
    expect(latest.current.jsonData.fields).toEqual([{ key: 'region' }, { key: 'service', name: 'Service' }]);

    await userEvent.type(screen.getByLabelText('Field 1 display name'), 'Region');
    await userEvent.click(screen.getByLabelText('Field 2 hidden'));
    expect(latest.current.jsonData.fields).toEqual([
      { key: 'region', name: 'Region' },
      { key: 'service', name: 'Service', hidden: true },
    ]);

    await userEvent.click(screen.getByRole('button', { name: 'Add field' }));
    expect(screen.getByText('Enter the field key')).toBeInTheDocument();
    await userEvent.type(screen.getByLabelText('Field 3 key'), 'region');
    expect(screen.getByText('Field "region" is listed twice')).toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: 'Remove field 3' }));
    expect(latest.current.jsonData.fields).toHaveLength(2);
  });

  test('severities start from the system defaults and keep their order lowest first', async () => {
    const latest = renderStateful(settings());
    await userEvent.click(screen.getByRole('button', { name: 'Use Redmine defaults' }));
    expect(latest.current.jsonData.severities?.map((s) => s.name)).toEqual([
      'Low',
      'Normal',
      'High',
      'Urgent',
      'Immediate',
    ]);

    await userEvent.click(screen.getByRole('button', { name: 'Move severity 5 up' }));
    expect(latest.current.jsonData.severities?.map((s) => s.name)).toEqual([
      'Low',
      'Normal',
      'High',
      'Immediate',
      'Urgent',
    ]);

    await userEvent.clear(screen.getByLabelText('Severity 1 name'));
    await userEvent.type(screen.getByLabelText('Severity 1 name'), 'high');
    expect(screen.getByText('Severity "High" is listed twice')).toBeInTheDocument();
  });

  test('TLS: skip verify is off by default; a CA certificate goes to secureJsonData and shows as configured', async () => {
    const latest = renderStateful(settings());
    expect(screen.getByLabelText(/^Skip TLS certificate verification/)).not.toBeChecked();
    expect(screen.queryByLabelText(/^CA certificate/)).not.toBeInTheDocument();

    await userEvent.click(screen.getByLabelText(/^With CA certificate/));
    expect(latest.current.jsonData.tlsAuthWithCACert).toBe(true);
    expect(screen.getByText('Paste the CA certificate (PEM)')).toBeInTheDocument();

    fireEvent.change(screen.getByLabelText(/^CA certificate/), { target: { value: 'not a cert' } });
    expect(screen.getByText('The CA certificate must begin with -----BEGIN CERTIFICATE-----')).toBeInTheDocument();
    fireEvent.change(screen.getByLabelText(/^CA certificate/), {
      target: { value: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----' },
    });
    expect(latest.current.secureJsonData?.tlsCACert).toContain('MIIB');
    expect(JSON.stringify(latest.current.jsonData)).not.toContain('MIIB');

    await userEvent.click(screen.getByLabelText(/^Skip TLS certificate verification/));
    expect(latest.current.jsonData.tlsSkipVerify).toBe(true);
  });

  test('a stored CA certificate is never shown and can be reset', async () => {
    const latest = renderStateful(
      settings({
        jsonData: { system: 'redmine', tlsAuthWithCACert: true },
        secureJsonFields: { apiKey: true, tlsCACert: true },
      })
    );
    expect(screen.queryByText('Paste the CA certificate (PEM)')).not.toBeInTheDocument();
    const resets = screen.getAllByRole('button', { name: 'Reset' });
    await userEvent.click(resets[resets.length - 1]);
    expect(latest.current.secureJsonFields).toMatchObject({ apiKey: true, tlsCACert: false });
    expect(screen.getByText('Paste the CA certificate (PEM)')).toBeInTheDocument();
  });
});

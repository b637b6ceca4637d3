/** @jest-environment ./src/datasource/test/jsdomWithFetch.js */
import React, { useState } from 'react';
import { fireEvent, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { type DataSourceSettings } from '@grafana/data';

import { ConfigEditor } from '../components/ConfigEditor';
import { type SpacetimeOptions, type SpacetimeSecureOptions } from '../types';
import { clickHouseErrors } from './ClickHouseConfigEditor';
import { chooseSystem } from '../test/configEditor';

type Settings = DataSourceSettings<SpacetimeOptions, SpacetimeSecureOptions>;

function settings(jsonData: SpacetimeOptions, secureJsonFields: Record<string, boolean> = {}): Settings {
  return {
    id: 1,
    uid: 'ch',
    orgId: 1,
    name: 'Logs',
    type: 'spacetime-tickets-datasource',
    access: 'proxy',
    url: '',
    jsonData,
    secureJsonFields,
  } as unknown as Settings;
}

function renderStateful(initial: Settings) {
  const latest = { current: initial };
  function Page() {
    const [options, setOptions] = useState(initial);
    return (
      <ConfigEditor
        options={options}
        onOptionsChange={(o) => {
          latest.current = o as Settings;
          setOptions(o as Settings);
        }}
      />
    );
  }
  render(<Page />);
  return latest;
}

jest.setTimeout(30000);

describe('ClickHouse (operation logs) settings', () => {
  test('choosing the system shows the log engine settings instead of the ticket ones', async () => {
    const latest = renderStateful(settings({ system: 'redmine' }));
    expect(screen.getByText('Project')).toBeInTheDocument();
    await chooseSystem('ClickHouse (operation logs)');
    expect(latest.current.jsonData.system).toBe('clickhouse');
    expect(screen.queryByText('Project')).not.toBeInTheDocument();
    expect(screen.getByText('Column mapping')).toBeInTheDocument();
    expect(
      screen.getByText("Enter ClickHouse's HTTP interface URL, like http://clickhouse:8123 (no user or query)")
    ).toBeInTheDocument();
    expect(screen.getByText('Map the Chain id column')).toBeInTheDocument();
  });

  test('the otel_logs mapping fills the columns with Map keys; typing a column writes jsonData.clickhouse', async () => {
    const latest = renderStateful(settings({ system: 'clickhouse', clickhouse: { url: 'http://ch:8123' } }));
    await userEvent.click(screen.getByRole('button', { name: /otel_logs mapping/ }));
    expect(latest.current.jsonData.clickhouse).toMatchObject({
      url: 'http://ch:8123',
      table: 'otel_logs',
      columns: { time: 'Timestamp', chain: 'TraceId', step: "LogAttributes['operation']", service: 'ServiceName' },
    });
    expect(screen.queryByText(/Map the/)).not.toBeInTheDocument();
    const client = screen.getByLabelText(/^Client/);
    fireEvent.change(client, { target: { value: "LogAttributes['client'] OR 1" } });
    expect(screen.getByText("A column name, or a Map column's key like LogAttributes['chain_id']")).toBeInTheDocument();
  });

  test('the password goes to secureJsonData only and a stored one shows as configured', async () => {
    const latest = renderStateful(settings({ system: 'clickhouse', clickhouse: {} }));
    await userEvent.type(screen.getByPlaceholderText('Password'), 's3cret');
    expect(latest.current.secureJsonData).toEqual({ clickhousePassword: 's3cret' });
    expect(JSON.stringify(latest.current.jsonData)).not.toContain('s3cret');
    render(
      <ConfigEditor
        options={settings({ system: 'clickhouse', clickhouse: {} }, { clickhousePassword: true })}
        onOptionsChange={jest.fn()}
      />
    );
    expect(screen.getAllByDisplayValue('configured')[0]).toBeDisabled();
  });

  test('the checks match the backend: one of duration and end, identifiers only', () => {
    const ok = {
      url: 'http://ch:8123',
      table: 'events',
      columns: { time: 'ts', chain: 'c', step: 's', duration: 'd' },
    };
    expect(clickHouseErrors(ok)).toEqual({});
    expect(clickHouseErrors({ ...ok, columns: { ...ok.columns, end: 'e' } }).duration).toBe(
      'Set exactly one of Duration and End'
    );
    expect(clickHouseErrors({ ...ok, table: 'events; DROP' }).table).toMatch(/letters, digits and _/);
    expect(clickHouseErrors({ ...ok, url: 'http://u:p@ch:8123' }).url).toBeDefined();
  });
});

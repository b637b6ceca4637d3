import React, { useState } from 'react';
import { fireEvent, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { type DataSourceSettings } from '@grafana/data';

import { ConfigEditor } from '../components/ConfigEditor';
import { type SpacetimeOptions, type SpacetimeSecureOptions } from '../types';

export type Settings = DataSourceSettings<SpacetimeOptions, SpacetimeSecureOptions>;

/** A saved Redmine datasource as Grafana hands it to the config editor; overrides replace whole keys. */
export function settings(overrides: Partial<Settings> = {}): Settings {
  return {
    id: 1,
    uid: 'ds',
    orgId: 1,
    name: 'Tickets',
    type: 'spacetime-tickets-datasource',
    typeName: 'Spacetime Tickets',
    typeLogoUrl: '',
    access: 'proxy',
    url: 'http://127.0.0.1:3000',
    user: '',
    basicAuth: false,
    basicAuthUser: '',
    isDefault: false,
    jsonData: { system: 'redmine' },
    secureJsonFields: { apiKey: true },
    readOnly: false,
    withCredentials: false,
    ...overrides,
  } as Settings;
}

/** Renders the editor the way Grafana does: options held by the page, updated by onOptionsChange. */
export function renderStateful(initial: Settings) {
  const latest: { current: Settings } = { current: initial };
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

/** Picks a ticket system as a user does: open the System picker, type the name's start, click the option. */
export async function chooseSystem(name: string) {
  const picker = screen.getByRole('combobox', { name: /System/ });
  await userEvent.click(picker);
  // The menu draws only the options in view (jsdom has no layout), so filter it as a user typing would.
  fireEvent.change(picker, { target: { value: name.split(' ')[0] } });
  await userEvent.click(await screen.findByRole('option', { name: new RegExp(`^${name.replace(/[()]/g, '\\$&')}`) }));
}

import React from 'react';
import { fireEvent, render, screen } from '@testing-library/react';
import { type DataSourceSettings } from '@grafana/data';

import { ConfigEditor } from './ConfigEditor';
import { type SpacetimeOptions } from '../types';

function settings(overrides: Partial<DataSourceSettings<SpacetimeOptions>> = {}): DataSourceSettings<SpacetimeOptions> {
  return {
    id: 1,
    uid: 'ds',
    orgId: 1,
    name: 'Redmine',
    type: 'spacetime-tickets-datasource',
    typeName: 'Spacetime Tickets',
    typeLogoUrl: '',
    access: 'proxy',
    url: 'http://127.0.0.1:3000',
    user: '',
    database: '',
    basicAuth: false,
    basicAuthUser: '',
    isDefault: false,
    jsonData: { system: 'redmine' },
    secureJsonFields: {},
    readOnly: false,
    withCredentials: false,
    ...overrides,
  };
}

describe('ConfigEditor', () => {
  test('a stored API key shows as configured, never its value, and can be reset', () => {
    const onOptionsChange = jest.fn();
    render(<ConfigEditor options={settings({ secureJsonFields: { apiKey: true } })} onOptionsChange={onOptionsChange} />);

    expect(screen.getByDisplayValue('configured')).toBeDisabled();
    fireEvent.click(screen.getByRole('button', { name: 'Reset' }));

    expect(onOptionsChange).toHaveBeenCalledWith(
      expect.objectContaining({ secureJsonFields: { apiKey: false }, secureJsonData: { apiKey: '' } })
    );
  });

  test('a URL without http(s) is flagged at the field', () => {
    render(<ConfigEditor options={settings({ url: 'redmine.local' })} onOptionsChange={jest.fn()} />);
    expect(screen.getByText('URL must start with http:// or https://')).toBeInTheDocument();
  });

  test('typing a key writes it to secureJsonData only', () => {
    const onOptionsChange = jest.fn();
    render(<ConfigEditor options={settings()} onOptionsChange={onOptionsChange} />);

    fireEvent.change(screen.getByPlaceholderText('API key'), { target: { value: 'abc123' } });

    const next = onOptionsChange.mock.calls[0][0];
    expect(next.secureJsonData).toEqual({ apiKey: 'abc123' });
    expect(JSON.stringify(next.jsonData)).not.toContain('abc123');
  });
});

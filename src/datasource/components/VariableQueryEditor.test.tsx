/** @jest-environment ./src/datasource/test/jsdomWithFetch.js */
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { http, HttpResponse, setupServer } from '../test/msw';
import { FIELDS, installBackendSrv, RESOURCES } from '../test/helpers';
import { renderEditor } from '../test/renderEditor';
import { type SpacetimeVariableQuery } from '../types';
import { VariableQueryEditor } from './VariableQueryEditor';

const server = setupServer(
  http.get(`${RESOURCES}/fields`, () => HttpResponse.json(FIELDS)),
  http.get(`${RESOURCES}/values`, () => HttpResponse.json([{ value: 'eu', count: 3 }]))
);
// user-event drives comboboxes key by key; on shared CPUs that takes seconds.
jest.setTimeout(30000);

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());
beforeEach(() => installBackendSrv());

function setup(initial: Partial<SpacetimeVariableQuery> = {}) {
  return renderEditor(VariableQueryEditor, { refId: 'V', ...initial } as SpacetimeVariableQuery);
}

describe('VariableQueryEditor', () => {
  test('asks for a field, and stores the chosen field key', async () => {
    const latest = await setup();
    expect(screen.getByText('Choose the field whose values the variable offers')).toBeInTheDocument();
    await userEvent.type(screen.getByLabelText(/^Field/), 'serv');
    await userEvent.click(await screen.findByRole('option', { name: /Service/ }));
    expect(latest.current.field).toBe('service');
    expect(screen.queryByText(/Choose the field/)).not.toBeInTheDocument();
  });

  test('conditions are a flat AND list (no groups), with values suggested from the backend', async () => {
    const latest = await setup({ field: 'service' });
    expect(screen.queryByRole('button', { name: 'Add group' })).not.toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Add condition' }));
    await userEvent.type(screen.getByRole('combobox', { name: 'Field' }), 'regi');
    await userEvent.click(await screen.findByRole('option', { name: /Region/ }));
    await userEvent.click(screen.getByRole('combobox', { name: 'Value' }));
    await userEvent.click(await screen.findByRole('option', { name: /eu/ }));
    expect(latest.current.filters).toEqual([{ key: 'region', operator: '=', value: 'eu' }]);

    await userEvent.click(screen.getByRole('button', { name: 'Remove condition' }));
    expect(latest.current).not.toHaveProperty('filters');
  });

  test('an unknown field is flagged; search and limit are stored', async () => {
    const latest = await setup({ field: 'team' });
    expect(await screen.findByText('Unknown field "team"')).toBeInTheDocument();
    await userEvent.type(screen.getByLabelText(/^Search/), 'db');
    await userEvent.type(screen.getByLabelText(/^Limit/), '20');
    expect(latest.current).toMatchObject({ search: 'db', limit: 20 });
  });
});

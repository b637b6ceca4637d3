/** @jest-environment ./src/datasource/test/jsdomWithFetch.js */
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { http, HttpResponse, setupServer } from '../test/msw';
import { FIELDS, installBackendSrv, newDataSource, RESOURCES } from '../test/helpers';
import { renderEditor } from '../test/renderEditor';
import { type SpacetimeAnnotationQuery } from '../types';
import { AnnotationQueryEditor } from './AnnotationQueryEditor';

const server = setupServer(http.get(`${RESOURCES}/fields`, () => HttpResponse.json(FIELDS)));
// user-event drives comboboxes key by key; on shared CPUs that takes seconds.
jest.setTimeout(30000);

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());
beforeEach(() => installBackendSrv());

function setup(initial: Partial<SpacetimeAnnotationQuery> = {}, severities?: Array<{ name: string }>) {
  return renderEditor(AnnotationQueryEditor, { refId: 'Anno', ...initial } as SpacetimeAnnotationQuery, {
    datasource: newDataSource(severities ? { severities } : {}),
  });
}

describe('AnnotationQueryEditor', () => {
  test('the minimum severity offers the configured severities and writes a tickets query', async () => {
    const latest = await setup({}, [{ name: 'Minor' }, { name: 'Major' }, { name: 'Critical' }]);
    await userEvent.click(screen.getByLabelText(/^Minimum severity/));
    expect(screen.getAllByRole('option').map((o) => o.textContent)).toEqual(['Minor', 'Major', 'Critical']);
    await userEvent.click(screen.getByRole('option', { name: 'Major' }));
    expect(latest.current).toMatchObject({ queryType: 'tickets', minSeverity: 'Major' });
  });

  test('filter, search and event time are part of the annotation query', async () => {
    const latest = await setup();
    await userEvent.click(screen.getByRole('button', { name: 'Add condition' }));
    expect(screen.getByText('Choose a field')).toBeInTheDocument();
    await userEvent.type(screen.getByLabelText(/^Search/), 'outage');
    await userEvent.click(screen.getByRole('radio', { name: 'Resolved' }));
    expect(latest.current).toMatchObject({ queryType: 'tickets', search: 'outage', timeField: 'resolved' });
    expect(latest.current.filter).toEqual({ op: 'and', filters: [{ key: '', operator: '=', value: '' }] });
  });
});

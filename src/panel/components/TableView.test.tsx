// The table as a viewer uses it, rendered with Grafana's own components in jsdom: counts, gray-out, filters from
// the cell menu, the filter bar, URL state, and clear messages for bad filters. Layout and painting (virtual
// scrolling, highlights, screenshots) are covered in Chromium by tests/e2e.
import React from 'react';
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { FieldType, createDataFrame } from '@grafana/data';
import { locationService } from '@grafana/runtime';

import { type TicketTableOptions } from '../types';
import { TableView } from './TableView';

const frame = createDataFrame({
  name: 'tickets',
  fields: [
    { name: 'id', type: FieldType.number, values: [101, 102, 103, 104] },
    {
      name: 'title',
      type: FieldType.string,
      values: ['checkout: 502 from upstream', 'auth: login loop', 'checkout: card declines', 'search: stale results'],
    },
    { name: 'service', type: FieldType.string, values: ['checkout', 'auth', 'checkout', 'search'] },
    { name: 'url', type: FieldType.string, values: ['u1', 'u2', 'u3', 'u4'] },
  ],
});

const options: TicketTableOptions = {
  frameIndex: 0,
  showHeader: true,
  hideNonMatching: false,
  hiddenColumns: 'url',
  rowHeight: 28,
};

function renderTable(panelId = 1) {
  return render(
    <TableView panelId={panelId} frame={frame} frames={[frame]} options={options} width={900} height={400} />
  );
}

const count = () => screen.getByTestId('spacetime-count').textContent;
const grayedIds = () =>
  Array.from(document.querySelectorAll('[data-row][data-grayed] [data-key="id"]')).map((c) => c.textContent);
const shownIds = () => Array.from(document.querySelectorAll('[data-row] [data-key="id"]')).map((c) => c.textContent);
const param = (name: string) => new URLSearchParams(locationService.getLocation().search).get(name);

beforeEach(() => {
  locationService.replace('/');
});

describe('TableView', () => {
  it('shows every row and hides the columns the options hide', () => {
    renderTable();
    expect(count()).toBe('4 rows');
    expect(shownIds()).toEqual(['101', '102', '103', '104']);
    expect(screen.queryByRole('columnheader', { name: /^url/ })).toBeNull();
    expect(screen.getByRole('grid')).toHaveAttribute('aria-rowcount', '5');
  });

  it('grays out rows that do not match the search, counts matches, and hides them on request', async () => {
    renderTable();
    fireEvent.change(screen.getByRole('searchbox', { name: 'Search rows' }), { target: { value: 'checkout 502' } });
    expect(count()).toBe('1 of 1 match');
    expect(screen.getByTestId('spacetime-count')).toHaveAttribute('title', '1 of 4 rows match');
    expect(grayedIds()).toEqual(['102', '103', '104']);
    // The search reaches the URL after a pause, replacing the entry.
    await waitFor(() => expect(param('tt1.q')).toBe('checkout 502'));

    fireEvent.click(screen.getByRole('switch', { name: 'Hide non-matching' }));
    expect(shownIds()).toEqual(['101']);
    await waitFor(() => expect(param('tt1.only')).toBe('1'));
  });

  it('filters to a value from the cell menu, shows it in the filter bar, and removes it', async () => {
    renderTable();
    const cell = document.querySelector('[data-row="1"] [data-key="service"]')!;
    fireEvent.click(cell, { clientX: 10, clientY: 10 });
    fireEvent.click(await screen.findByRole('menuitem', { name: 'Show only this value' }));

    expect(count()).toBe('1 of 4 rows');
    expect(shownIds()).toEqual(['102']);
    const bar = screen.getByRole('list', { name: 'Active filters' });
    expect(within(bar).getByRole('listitem')).toHaveTextContent('service is auth');
    await waitFor(() => expect(param('tt1.f')).toContain('"values":["auth"]'));

    fireEvent.click(within(bar).getByRole('button', { name: /^Remove filter/ }));
    expect(count()).toBe('4 rows');
    expect(screen.queryByRole('list', { name: 'Active filters' })).toBeNull();
  });

  it('opens in the state a copied link holds, and follows back/forward', async () => {
    locationService.push(
      '/?tt1.sort=-id&tt1.q=checkout&tt1.f=' +
        encodeURIComponent('[{"key":"service","kind":"values","values":["checkout"]}]')
    );
    renderTable();
    expect(shownIds()).toEqual(['103', '101']);
    expect(count()).toBe('1 of 2 matches');
    expect(screen.getByRole('searchbox', { name: 'Search rows' })).toHaveValue('checkout');

    act(() => locationService.push('/?tt1.sort=id'));
    await waitFor(() => expect(shownIds()).toEqual(['101', '102', '103', '104']));
    expect(screen.getByRole('searchbox', { name: 'Search rows' })).toHaveValue('');
  });

  it('steps through the matches with Enter and Shift+Enter, marks the current one, and keeps it in the URL', async () => {
    renderTable();
    const search = screen.getByRole('searchbox', { name: 'Search rows' });
    fireEvent.change(search, { target: { value: 'checkout' } });
    const currentId = () => document.querySelector('[data-row][data-current] [data-key="id"]')?.textContent;
    expect(count()).toBe('1 of 2 matches');
    expect(currentId()).toBe('101');
    expect(document.querySelector('[data-current]')).toHaveAttribute('aria-current', 'true');
    await waitFor(() => expect(param('tt1.match')).toBe('101'));

    fireEvent.keyDown(search, { key: 'Enter' });
    expect(count()).toBe('2 of 2 matches');
    expect(currentId()).toBe('103');
    await waitFor(() => expect(param('tt1.match')).toBe('103'));
    fireEvent.keyDown(search, { key: 'Enter' }); // past the last: back to the first
    expect(currentId()).toBe('101');
    fireEvent.keyDown(search, { key: 'Enter', shiftKey: true });
    expect(currentId()).toBe('103');
    fireEvent.click(screen.getByRole('button', { name: 'Previous match (Shift+Enter)' }));
    expect(currentId()).toBe('101');
    fireEvent.keyDown(search, { key: 'F3' });
    expect(currentId()).toBe('103');

    // A screen reader hears the step once the typing pauses: which match, and which ticket.
    const status = screen.getByRole('status');
    expect(status).toHaveAttribute('aria-live', 'polite');
    await waitFor(() => expect(status).toHaveTextContent('Match 2 of 2: 103 checkout: card declines'));

    fireEvent.change(search, { target: { value: 'nothing like this' } });
    expect(count()).toBe('No matches');
    expect(screen.getByRole('button', { name: 'Next match (Enter)' })).toBeDisabled();
    await waitFor(() => expect(status).toHaveTextContent('No matches in 4 rows'));

    fireEvent.keyDown(search, { key: 'Escape' });
    expect(count()).toBe('4 rows');
    await waitFor(() => expect(param('tt1.match')).toBeNull());
    expect(param('tt1.q')).toBeNull();
  });

  it('opens a copied link on its match and announces the count with it', async () => {
    locationService.push('/?tt1.q=checkout&tt1.match=103');
    renderTable();
    expect(count()).toBe('2 of 2 matches');
    expect(document.querySelector('[data-row][data-current] [data-key="id"]')).toHaveTextContent('103');
    await waitFor(() =>
      expect(screen.getByRole('status')).toHaveTextContent('2 of 4 rows match. Match 2: 103 checkout: card declines')
    );
  });

  it('names what is wrong with a filter from a hand-edited link and still shows the rows', () => {
    locationService.push('/?tt1.f=' + encodeURIComponent('[{"key":"title","kind":"regex","text":"(unclosed"}]'));
    renderTable();
    expect(screen.getByRole('alert')).toHaveTextContent(/Filter ignored: .*regex/i);
    expect(count()).toBe('4 rows');
  });

  it('keeps each panel in its own URL keys', async () => {
    renderTable(7);
    fireEvent.change(screen.getByRole('searchbox', { name: 'Search rows' }), { target: { value: 'auth' } });
    await waitFor(() => expect(param('tt7.q')).toBe('auth'));
    expect(param('tt1.q')).toBeNull();
  });
});

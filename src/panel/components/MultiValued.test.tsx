// Tickets from Jira, GitHub or GitLab carry text ids and multi-valued fields (labels, components): the table shows
// the values, its cell menu filters on one value, and its column filter lists each value once.
import React from 'react';
import { fireEvent, render, screen, within } from '@testing-library/react';
import { FieldType, createDataFrame } from '@grafana/data';
import { locationService } from '@grafana/runtime';

import { type TicketTableOptions } from '../types';
import { TableView } from './TableView';

const frame = createDataFrame({
  name: 'tickets',
  fields: [
    { name: 'id', type: FieldType.string, values: ['OPS-10', 'OPS-9', 'SHOP-2', 'OPS-11'] },
    { name: 'title', type: FieldType.string, values: ['Cart empty', 'Login loop', 'Refund stuck', 'Slow search'] },
    { name: 'labels', type: FieldType.other, values: [['checkout', 'sev1'], ['auth'], ['checkout', 'payments'], []] },
  ],
});

const options: TicketTableOptions = {
  frameIndex: 0,
  showHeader: true,
  hideNonMatching: false,
  hiddenColumns: '',
  rowHeight: 28,
};

const shownIds = () => Array.from(document.querySelectorAll('[data-row] [data-key="id"]')).map((c) => c.textContent);
const cell = (row: number, key: string) => document.querySelector(`[data-row="${row}"] [data-key="${key}"]`)!;

beforeEach(() => locationService.replace('/'));

describe('multi-valued fields and text ids', () => {
  it('shows a cell’s values, not JSON', () => {
    render(<TableView panelId={2} frame={frame} frames={[frame]} options={options} width={900} height={400} />);
    expect(cell(0, 'labels')).toHaveTextContent(/^checkout, sev1$/);
    expect(cell(3, 'labels')).toHaveTextContent(/^$/);
  });

  it('sorts text ids naturally', () => {
    locationService.push('/?tt2.sort=id');
    render(<TableView panelId={2} frame={frame} frames={[frame]} options={options} width={900} height={400} />);
    expect(shownIds()).toEqual(['OPS-9', 'OPS-10', 'OPS-11', 'SHOP-2']);
  });

  it('offers the cell menu’s filters once per value, and filters on the one chosen', async () => {
    render(<TableView panelId={2} frame={frame} frames={[frame]} options={options} width={900} height={400} />);
    fireEvent.click(cell(0, 'labels'), { clientX: 10, clientY: 10 });
    expect(await screen.findByRole('menuitem', { name: 'Show only "sev1"' })).toBeInTheDocument();
    fireEvent.click(screen.getByRole('menuitem', { name: 'Show only "checkout"' }));
    expect(shownIds()).toEqual(['OPS-10', 'SHOP-2']);
    const bar = screen.getByRole('list', { name: 'Active filters' });
    expect(within(bar).getByRole('listitem')).toHaveTextContent('labels is checkout');
  });

  it('hides every ticket that carries a value', async () => {
    render(<TableView panelId={2} frame={frame} frames={[frame]} options={options} width={900} height={400} />);
    fireEvent.click(cell(2, 'labels'), { clientX: 10, clientY: 10 });
    fireEvent.click(await screen.findByRole('menuitem', { name: 'Hide "checkout"' }));
    expect(shownIds()).toEqual(['OPS-9', 'OPS-11']);
  });

  it('finds a ticket by a label value and by its text id', () => {
    render(<TableView panelId={2} frame={frame} frames={[frame]} options={options} width={900} height={400} />);
    const search = screen.getByRole('searchbox', { name: 'Search rows' });
    fireEvent.change(search, { target: { value: 'payments' } });
    expect(screen.getByTestId('spacetime-count')).toHaveAttribute('title', '1 of 4 rows match');
    fireEvent.change(search, { target: { value: 'ops-9' } });
    expect(screen.getByTestId('spacetime-count')).toHaveAttribute('title', '1 of 4 rows match');
  });
});

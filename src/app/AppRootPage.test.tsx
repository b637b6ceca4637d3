import React from 'react';
import { render, screen } from '@testing-library/react';
import { type AppRootProps } from '@grafana/data';

import { AppRootPage } from './AppRootPage';

describe('AppRootPage', () => {
  test('links to adding the data source and to the outage dashboard', () => {
    render(<AppRootPage {...({} as AppRootProps)} />);
    expect(screen.getByRole('link', { name: /Add data source/ })).toHaveAttribute('href', '/plugins/spacetime-tickets-datasource');
    expect(screen.getByRole('link', { name: /Open dashboard/ })).toHaveAttribute('href', '/d/spacetime-outage-overview');
  });
});

import React, { useState } from 'react';
import { act, render } from '@testing-library/react';

import { type SpacetimeDataSource } from '../datasource';
import { newDataSource } from './helpers';

interface HostedProps<Q> {
  datasource: SpacetimeDataSource;
  query: Q;
  onChange: (q: Q) => void;
  onRunQuery: () => void;
}

/**
 * Renders a query editor as Grafana hosts it: controlled by its query, with the data source's fields already loaded
 * (as an earlier editor on the page would have). Returns the latest query the editor wrote.
 */
export async function renderEditor<Q>(
  Editor: React.ComponentType<HostedProps<Q>>,
  initial: Q,
  {
    datasource = newDataSource(),
    onRunQuery = () => {},
  }: { datasource?: SpacetimeDataSource; onRunQuery?: () => void } = {}
): Promise<{ current: Q }> {
  const latest = { current: initial };
  await datasource.getFields();
  function Host() {
    const [query, setQuery] = useState(latest.current);
    return (
      <Editor
        datasource={datasource}
        query={query}
        onRunQuery={onRunQuery}
        onChange={(q) => {
          latest.current = q;
          setQuery(q);
        }}
      />
    );
  }
  render(<Host />);
  // Let the editor's fields request settle inside act.
  await act(() => Promise.resolve());
  return latest;
}

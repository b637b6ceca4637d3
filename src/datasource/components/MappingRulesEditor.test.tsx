import React, { useState } from 'react';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { type MappingRule } from '../types';
import { dataDirError } from './ConfigEditor';
import { MappingRulesEditor, mappingRulesErrors } from './MappingRulesEditor';

function Harness({ initial, seen }: { initial: MappingRule[]; seen: (r: MappingRule[]) => void }) {
  const [rules, setRules] = useState(initial);
  return (
    <MappingRulesEditor
      rules={rules}
      onChange={(r) => {
        setRules(r);
        seen(r);
      }}
    />
  );
}

describe('MappingRulesEditor', () => {
  it('adds a label-prefix rule that fills the service', async () => {
    let latest: MappingRule[] = [];
    render(<Harness initial={[]} seen={(r) => (latest = r)} />);
    await userEvent.click(screen.getByRole('button', { name: 'Add mapping rule' }));
    await userEvent.type(screen.getByRole('textbox', { name: 'Mapping rule 1 prefix' }), 'service:');
    expect(screen.getByText(/Mapping rule 1 \(from labels\) has no target/)).toBeInTheDocument();
    await userEvent.type(screen.getByRole('textbox', { name: 'Mapping rule 1 target' }), 'service');
    expect(latest).toEqual([{ from: 'labels', prefix: 'service:', to: 'service' }]);
    expect(screen.queryByText(/Mapping rule 1/)).toBeNull();
  });

  it('names the rule that writes a fixed field, and removes a rule', async () => {
    let latest: MappingRule[] = [];
    render(
      <Harness
        initial={[
          { from: 'components', to: 'service' },
          { from: 'labels', to: 'title' },
        ]}
        seen={(r) => (latest = r)}
      />
    );
    expect(
      screen.getByText(
        'Mapping rule 2 writes "title", a fixed ticket field: choose another name (only severity can be set by a rule)'
      )
    ).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Remove mapping rule 2' }));
    expect(latest).toEqual([{ from: 'components', to: 'service' }]);
  });

  it('lets a rule set the severity', () => {
    expect(mappingRulesErrors([{ from: 'labels', prefix: 'severity::', to: 'severity' }])).toEqual([undefined]);
  });
});

describe('dataDirError', () => {
  it('accepts empty, off and absolute paths, and names a relative one', () => {
    expect([undefined, '', 'off', '/var/lib/grafana/spacetime', 'C:\\grafana\\data'].map(dataDirError)).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
    expect(dataDirError('data/spacetime')).toContain('"data/spacetime" is not an absolute path');
  });
});

// The datasource's mapping rules: labels, components or custom fields → dimensions or the severity.
import React from 'react';
import { Button, FieldSet, FieldValidationMessage, IconButton, Input, Stack } from '@grafana/ui';

import { FIXED_KEYS, type MappingRule } from '../types';

/** The target that sets the ticket's severity instead of a dimension. */
export const SEVERITY_TARGET = 'severity';

/** One message per rule, or undefined: the same checks and words as the backend (pkg/mapping Check). */
export function mappingRulesErrors(rules: MappingRule[]): Array<string | undefined> {
  return rules.map((r, i) => {
    const n = i + 1;
    if (!r.from?.trim()) {
      return `Mapping rule ${n} has no source field: choose the field it reads (like labels or components)`;
    }
    if (!r.to?.trim()) {
      return `Mapping rule ${n} (from ${r.from}) has no target: enter the dimension it fills (like service) or severity`;
    }
    if (r.to !== SEVERITY_TARGET && FIXED_KEYS.has(r.to)) {
      return `Mapping rule ${n} writes "${r.to}", a fixed ticket field: choose another name (only severity can be set by a rule)`;
    }
    if (r.to === r.from) {
      return `Mapping rule ${n} reads and writes "${r.to}": choose another target`;
    }
    return undefined;
  });
}

interface Props {
  rules: MappingRule[];
  onChange: (rules: MappingRule[]) => void;
}

export function MappingRulesEditor({ rules, onChange }: Props) {
  const errors = mappingRulesErrors(rules);
  const set = (i: number, patch: Partial<MappingRule>) =>
    onChange(rules.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <FieldSet label="Mapping rules">
      <p>
        Fill a dimension or the severity from what the ticket system has. With a prefix, every value of the source that
        starts with it gives the rest: labels <code>service:checkout</code> with prefix <code>service:</code> → service{' '}
        <code>checkout</code>; GitLab&apos;s scoped labels <code>severity::1</code> with prefix <code>severity::</code>{' '}
        → severity <code>1</code>. Without a prefix every value is copied (components → service). Order and colour
        severities made this way in Severities below.
      </p>
      <Stack direction="column" gap={1}>
        {rules.map((r, i) => (
          <div key={i}>
            <Stack direction="row" gap={1} alignItems="center">
              <Input
                aria-label={`Mapping rule ${i + 1} source field`}
                placeholder="labels"
                width={20}
                value={r.from}
                onChange={(e) => set(i, { from: e.currentTarget.value.trim() })}
              />
              <Input
                aria-label={`Mapping rule ${i + 1} prefix`}
                placeholder="prefix (empty: every value)"
                width={26}
                value={r.prefix ?? ''}
                onChange={(e) => set(i, { prefix: e.currentTarget.value || undefined })}
              />
              <span aria-hidden>→</span>
              <Input
                aria-label={`Mapping rule ${i + 1} target`}
                placeholder="service, or severity"
                width={22}
                value={r.to}
                onChange={(e) => set(i, { to: e.currentTarget.value.trim() })}
              />
              <IconButton
                name="trash-alt"
                tooltip={`Remove mapping rule ${i + 1}`}
                onClick={() => onChange(rules.filter((_, j) => j !== i))}
              />
            </Stack>
            {errors[i] && <FieldValidationMessage>{errors[i]}</FieldValidationMessage>}
          </div>
        ))}
        <div>
          <Button
            variant="secondary"
            size="sm"
            icon="plus"
            onClick={() => onChange([...rules, { from: 'labels', to: '' }])}
          >
            Add mapping rule
          </Button>
        </div>
      </Stack>
    </FieldSet>
  );
}

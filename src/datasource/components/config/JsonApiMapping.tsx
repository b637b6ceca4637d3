import React from 'react';
import { Button, Checkbox, Field, IconButton, Input, RadioButtonGroup, Stack } from '@grafana/ui';

import { type JsonApiDimension, type JsonApiFieldKey, type JsonApiRule } from '../../jsonApiTypes';
import { TimeFormat } from './JsonApiRequest';
import { type SpecProps } from './JsonApiSettings';
import { type JsonApiErrors } from './jsonApiValidate';
import { TextSetting } from './TextSetting';

const FIELDS: Array<{ key: JsonApiFieldKey; label: string; placeholder: string }> = [
  { key: 'id', label: 'id', placeholder: 'id' },
  { key: 'title', label: 'title', placeholder: 'subject' },
  { key: 'description', label: 'description', placeholder: 'description' },
  { key: 'url', label: 'url', placeholder: 'html_url (or use the ticket link below)' },
  { key: 'severity', label: 'severity', placeholder: 'priority' },
  { key: 'status', label: 'status', placeholder: 'status' },
  { key: 'opened', label: 'opened', placeholder: 'created_at' },
  { key: 'updated', label: 'updated', placeholder: 'updated_at' },
  { key: 'resolved', label: 'resolved', placeholder: 'solved_at' },
];

type RuleKind = 'in' | 'present';

/** Where the tickets are in the answer, the GJSON path of each field and dimension, and the closed rule. */
export function JsonApiMapping({ spec, setSpec, errors }: SpecProps & { errors: JsonApiErrors }) {
  const dims = spec.dimensions ?? [];
  const setDim = (i: number, patch: Partial<JsonApiDimension>) =>
    setSpec({ dimensions: dims.map((d, j) => (j === i ? { ...d, ...patch } : d)) });
  const fieldError = (k: JsonApiFieldKey) => (k === 'id' ? errors.id : k === 'opened' ? errors.opened : undefined);
  return (
    <>
      <TextSetting
        id="spacetime-json-root"
        label="Root selector"
        description="GJSON path of the array of tickets in the answer (tickets, data.items); empty or @this when the answer is the array."
        placeholder="@this"
        value={spec.root}
        onChange={(root) => setSpec({ root: root ?? '' })}
      />
      {FIELDS.map((f) => (
        <TextSetting
          key={f.key}
          id={`spacetime-json-field-${f.key}`}
          label={`Path of ${f.label}`}
          required={f.key === 'id' || f.key === 'opened'}
          error={fieldError(f.key)}
          placeholder={f.placeholder}
          value={spec.fields[f.key]}
          onChange={(v) => setSpec({ fields: { ...spec.fields, [f.key]: v } })}
        />
      ))}
      <Field
        label="Format of the tickets’ times"
        description="Empty reads RFC 3339 and the common forms, and numbers as epoch seconds or milliseconds."
        htmlFor="spacetime-json-time-format"
      >
        <TimeFormat
          id="spacetime-json-time-format"
          value={spec.timeFormat}
          onChange={(timeFormat) => setSpec({ timeFormat })}
        />
      </Field>
      <Field
        label="Dimensions"
        description="Each a GJSON path: an array (tags, labels.#.name) gives several values; custom_fields.#(id==360001).value picks one entry."
      >
        <Stack direction="column" gap={1}>
          {dims.map((d, i) => (
            <Stack key={i} gap={1} alignItems="center">
              <Input
                aria-label={`Dimension ${i + 1} key`}
                width={16}
                placeholder="key"
                value={d.key}

                onChange={(e) => setDim(i, { key: e.currentTarget.value })}
              />
              <Input
                aria-label={`Dimension ${i + 1} name`}
                width={16}
                placeholder="display name"
                value={d.name ?? ''}
                onChange={(e) => setDim(i, { name: e.currentTarget.value || undefined })}
              />
              <Input
                aria-label={`Dimension ${i + 1} path`}
                width={36}
                placeholder="GJSON path"
                value={d.path}
                onChange={(e) => setDim(i, { path: e.currentTarget.value })}
              />
              <Checkbox
                label="several values"
                value={Boolean(d.multi)}
                onChange={(e) => setDim(i, { multi: e.currentTarget.checked || undefined })}
              />
              <IconButton
                name="trash-alt"
                aria-label={`Remove dimension ${i + 1}`}
                onClick={() => setSpec({ dimensions: dims.filter((_, j) => j !== i) })}
              />
              {errors.dimensions[i] && <span role="alert">{errors.dimensions[i]}</span>}
            </Stack>
          ))}
          <div>
            <Button
              variant="secondary"
              icon="plus"
              size="sm"
              onClick={() => setSpec({ dimensions: [...dims, { key: '', path: '' }] })}
            >
              Add dimension
            </Button>
          </div>
        </Stack>
      </Field>
      <RuleSetting
        id="closed"
        label="Closed when"
        rule={spec.closed}
        error={errors.closed}
        onChange={(closed) => setSpec({ closed: closed ?? { path: '' } })}
      />
      <RuleSetting
        id="deleted"
        label="Deleted when (optional)"
        rule={spec.deleted}
        onChange={(deleted) => setSpec({ deleted })}
      />
      <TextSetting
        id="spacetime-json-ticket-url"
        label="Ticket link"
        description="When no url path is mapped: {url} is the URL setting, {id} the ticket’s id."
        placeholder="{url}/tickets/{id}"
        value={spec.ticketUrl}
        onChange={(ticketUrl) => setSpec({ ticketUrl })}
      />
      <TextSetting
        id="spacetime-json-severities"
        label="Severities, least severe first"
        description="Optional, separated by commas: orders the severity charts."
        placeholder="low, normal, high, urgent"
        value={spec.severities?.join(', ')}
        onChange={(v) =>
          setSpec({
            severities: v
              ? v
                  .split(',')
                  .map((s) => s.trim())
                  .filter(Boolean)
              : undefined,
          })
        }
      />
    </>
  );
}

interface RuleProps {
  id: string;
  label: string;
  rule: JsonApiRule | undefined;
  error?: string;
  onChange: (rule: JsonApiRule | undefined) => void;
}

/** A rule: the value at a path is one of a list, or the path has a value. */
function RuleSetting({ id, label, rule, error, onChange }: RuleProps) {
  const kind: RuleKind = rule?.present ? 'present' : 'in';
  const set = (patch: Partial<JsonApiRule>) => {
    const next = { path: '', ...rule, ...patch };
    onChange(!next.path && !next.in?.length && !next.present ? undefined : next);
  };
  return (
    <Field label={label} invalid={Boolean(error)} error={error} htmlFor={`spacetime-json-${id}-path`}>
      <Stack gap={1} alignItems="center" wrap="wrap">
        <Input
          id={`spacetime-json-${id}-path`}
          aria-label={`${label}: path`}
          width={24}
          placeholder="status"
          value={rule?.path ?? ''}
          onChange={(e) => set({ path: e.currentTarget.value })}
        />
        <RadioButtonGroup<RuleKind>
          options={[
            { label: 'is one of', value: 'in' },
            { label: 'has a value', value: 'present' },
          ]}
          value={kind}
          onChange={(k) => set({ present: k === 'present' || undefined, in: k === 'present' ? undefined : rule?.in })}
        />
        {kind === 'in' && (
          <Input
            aria-label={`${label}: values`}
            width={30}
            placeholder="solved, closed"
            value={rule?.in?.join(', ') ?? ''}
            onChange={(e) =>
              set({
                in: e.currentTarget.value
                  .split(',')
                  .map((s) => s.trim())
                  .filter(Boolean),
              })
            }
          />
        )}
      </Stack>
    </Field>
  );
}

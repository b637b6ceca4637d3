import React from 'react';
import { Field, Input } from '@grafana/ui';

interface Props {
  id: string;
  label: string;
  description: string;
  /** The check's message, shown under the field. */
  error?: string;
  /** The default, shown while the setting is unset. */
  placeholder: number;
  value: number | undefined;
  /** An empty entry is handed on as undefined, so the setting is left out of jsonData. */
  onChange: (value: number | undefined) => void;
}

/** One number setting (the sync's window, poll interval, backfill slices): a labelled input with its check's message. */
export function NumberSetting({ id, label, description, error, placeholder, value, onChange }: Props) {
  return (
    <Field label={label} description={description} invalid={Boolean(error)} error={error} htmlFor={id}>
      <Input
        id={id}
        type="number"
        width={12}
        placeholder={String(placeholder)}
        value={value ?? ''}
        onChange={(e) => {
          const raw = e.currentTarget.value.trim();
          onChange(raw === '' ? undefined : Number(raw));
        }}
      />
    </Field>
  );
}

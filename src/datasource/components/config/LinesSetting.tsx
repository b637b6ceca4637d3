import React, { type ChangeEvent } from 'react';
import { Field, TextArea } from '@grafana/ui';

interface Props {
  id: string;
  label: string;
  description: string;
  error?: string;
  placeholder?: string;
  value: string[] | undefined;
  /** The lines as typed (blank ones too, so a new line can be started); undefined when all are blank. */
  onChange: (value: string[] | undefined) => void;
}

/** A list setting entered one entry per line (repositories, projects, groups). */
export function LinesSetting({ id, label, description, error, placeholder, value, onChange }: Props) {
  return (
    <Field label={label} description={description} invalid={Boolean(error)} error={error} htmlFor={id}>
      <TextArea
        id={id}
        cols={60}
        rows={4}
        value={(value ?? []).join('\n')}
        placeholder={placeholder}
        onChange={(e: ChangeEvent<HTMLTextAreaElement>) => {
          const lines = e.currentTarget.value.split('\n');
          onChange(lines.every((l) => l.trim() === '') ? undefined : lines);
        }}
      />
    </Field>
  );
}

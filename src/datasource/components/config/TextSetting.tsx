import React, { type ChangeEvent } from 'react';
import { Field, Input, TextArea } from '@grafana/ui';

interface Props {
  id: string;
  label: string;
  description?: string;
  required?: boolean;
  /** The check's message, shown under the field. */
  error?: string;
  placeholder?: string;
  value: string | undefined;
  /** An empty (or blank) entry is handed on as undefined, so the setting is left out of jsonData. */
  onChange: (value: string | undefined) => void;
  /** A text area of this many rows instead of a one-line input. */
  rows?: number;
}

/** One text setting of a system's section: a labelled input with its check's message. */
export function TextSetting({ id, label, description, required, error, placeholder, value, onChange, rows }: Props) {
  const change = (raw: string) => onChange(raw.trim() === '' ? undefined : raw);
  return (
    <Field
      label={label}
      description={description}
      required={required}
      invalid={Boolean(error)}
      error={error}
      htmlFor={id}
    >
      {rows ? (
        <TextArea
          id={id}
          cols={60}
          rows={rows}
          value={value ?? ''}
          placeholder={placeholder}
          onChange={(e: ChangeEvent<HTMLTextAreaElement>) => change(e.currentTarget.value)}
        />
      ) : (
        <Input
          id={id}
          width={40}
          value={value ?? ''}
          placeholder={placeholder}
          onChange={(e: ChangeEvent<HTMLInputElement>) => change(e.currentTarget.value)}
        />
      )}
    </Field>
  );
}

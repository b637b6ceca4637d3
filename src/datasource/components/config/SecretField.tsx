import React, { type ChangeEvent } from 'react';
import { Field, SecretInput } from '@grafana/ui';

interface Props {
  id: string;
  label: string;
  description: string;
  /** Saved on the server (secureJsonFields): shown as "configured", never its value. */
  configured: boolean;
  value: string;
  /** Shown when neither saved nor typed. */
  missing: string;
  onChange: (value: string) => void;
  onReset: () => void;
}

/** A credential: typed once into secureJsonData, afterwards only "configured" until reset. */
export function SecretField({ id, label, description, configured, value, missing, onChange, onReset }: Props) {
  const error = !configured && !value.trim() ? missing : undefined;
  return (
    <Field label={label} description={description} required invalid={Boolean(error)} error={error} htmlFor={id}>
      <SecretInput
        id={id}
        width={40}
        isConfigured={configured}
        value={value}
        placeholder={label}
        onReset={onReset}
        onChange={(e: ChangeEvent<HTMLInputElement>) => onChange(e.currentTarget.value)}
      />
    </Field>
  );
}

import React, { type ChangeEvent } from 'react';
import { Field, SecretInput } from '@grafana/ui';

import { type SpacetimeSecureOptions } from '../../types';
import { type SectionProps } from './sectionProps';

type SecretPlumbing = Pick<SectionProps, 'secureJsonData' | 'secureJsonFields' | 'setSecure' | 'resetSecure'>;

interface Props extends SecretPlumbing {
  /** The secureJsonData key the credential is stored under. */
  name: keyof SpacetimeSecureOptions;
  id: string;
  label: string;
  /** Where the credential comes from; the field adds that it is stored encrypted. */
  source: string;
  /** Shown when neither saved nor typed. */
  missing: string;
}

/**
 * A credential: typed once into secureJsonData, afterwards only "configured" (secureJsonFields) until reset.
 * Sections pass their own SectionProps through, so the key is named once.
 */
export function SecretField({
  name,
  id,
  label,
  source,
  missing,
  secureJsonData,
  secureJsonFields,
  setSecure,
  resetSecure,
}: Props) {
  const configured = Boolean(secureJsonFields[name]);
  const value = secureJsonData[name] ?? '';
  const error = !configured && !value.trim() ? missing : undefined;
  const description = `${source}${source ? ' ' : ''}Stored encrypted on the server, never shown again.`;
  return (
    <Field label={label} description={description} required invalid={Boolean(error)} error={error} htmlFor={id}>
      <SecretInput
        id={id}
        width={40}
        isConfigured={configured}
        value={value}
        placeholder={label}
        onReset={() => resetSecure(name)}
        onChange={(e: ChangeEvent<HTMLInputElement>) => setSecure(name, e.currentTarget.value)}
      />
    </Field>
  );
}

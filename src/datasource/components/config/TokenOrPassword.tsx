import React from 'react';
import { Field, RadioButtonGroup } from '@grafana/ui';

import { type SpacetimeSecureOptions } from '../../types';
import { SecretField } from './SecretField';
import { type SectionProps } from './sectionProps';
import { TextSetting } from './TextSetting';

/** The token a system takes besides a user name and password. */
export interface TokenChoice<T extends string> {
  /** Its authType: the default, saved as no authType at all. */
  type: T;
  /** "Auth token". */
  label: string;
  /** Its secureJsonData key. */
  name: keyof SpacetimeSecureOptions;
  /** Where the user creates one. */
  source: string;
  missing: string;
}

interface Props<T extends string> extends SectionProps {
  /** The system's name in messages ("Request Tracker"). */
  system: string;
  /** The start of the inputs' ids ("spacetime-rt"); the token's id adds its type. */
  idPrefix: string;
  token: TokenChoice<T>;
  /** How the token is sent. */
  description: string;
}

/**
 * The authentication of a system that takes a token or a user name and password (Request Tracker, Jira
 * Data Center): the choice, then the token, or the user name and the password.
 */
export function TokenOrPassword<T extends string>(props: Props<T>) {
  const { system, idPrefix, token, description, jsonData, setJsonData } = props;
  const auth: T | 'basic' = jsonData.authType === 'basic' ? 'basic' : token.type;
  const options: Array<{ label: string; value: T | 'basic' }> = [
    { label: token.label, value: token.type },
    { label: 'User name and password', value: 'basic' },
  ];
  return (
    <>
      <Field label="Authentication" description={description}>
        <RadioButtonGroup<T | 'basic'>
          options={options}
          value={auth}
          onChange={(v) => setJsonData({ authType: v === token.type ? undefined : v })}
        />
      </Field>
      {auth === 'basic' ? (
        <>
          <TextSetting
            id={`${idPrefix}-username`}
            label="User name"
            required
            error={jsonData.username?.trim() ? undefined : `Enter the ${system} user name`}
            value={jsonData.username}
            onChange={(username) => setJsonData({ username })}
          />
          <SecretField
            {...props}
            name="password"
            id={`${idPrefix}-password`}
            label="Password"
            source=""
            missing="Enter the password"
          />
        </>
      ) : (
        <SecretField
          {...props}
          name={token.name}
          id={`${idPrefix}-${token.type}`}
          label={token.label}
          source={token.source}
          missing={token.missing}
        />
      )}
    </>
  );
}

import React from 'react';
import { Combobox, type ComboboxOption, Field } from '@grafana/ui';

import { type JsonApiAuth, type JsonApiAuthType } from '../../jsonApiTypes';
import { type SpecProps } from './JsonApiSettings';
import { SecretField } from './SecretField';
import { type SectionProps } from './sectionProps';
import { TextSetting } from './TextSetting';

const KINDS: Array<ComboboxOption<JsonApiAuthType>> = [
  { value: 'none', label: 'None', description: 'A public API or export' },
  { value: 'bearer', label: 'Bearer token', description: 'Authorization: Bearer <token>' },
  {
    value: 'basic',
    label: 'Basic',
    description: 'User name and password (Zendesk: you@example.com/token and the API token)',
  },
  { value: 'header', label: 'API key header', description: 'X-API-Key: <key>' },
  { value: 'query', label: 'API key parameter', description: '?api_key=<key>' },
];

/** How requests authenticate, and the secret that goes with it. */
export function JsonApiAuthSettings(props: SectionProps & SpecProps) {
  const { spec, setSpec } = props;
  const auth = spec.auth;
  const setAuth = (patch: Partial<JsonApiAuth>) => setSpec({ auth: { ...auth, ...patch } });
  return (
    <>
      <Field label="Kind" htmlFor="spacetime-json-auth">
        <Combobox<JsonApiAuthType>
          id="spacetime-json-auth"
          width={40}
          options={KINDS}
          value={auth.type}
          onChange={(o) => setAuth({ type: o.value })}
        />
      </Field>
      {auth.type === 'bearer' && (
        <SecretField
          {...props}
          name="token"
          id="spacetime-json-token"
          label="Token"
          source=""
          missing="Enter the token"
        />
      )}
      {auth.type === 'basic' && (
        <>
          <TextSetting
            id="spacetime-json-username"
            label="User name"
            required
            error={auth.username?.trim() ? undefined : 'Enter the user name'}
            value={auth.username}
            onChange={(username) => setAuth({ username })}
          />
          <SecretField
            {...props}
            name="password"
            id="spacetime-json-password"
            label="Password"
            source=""
            missing="Enter the password or API token"
          />
        </>
      )}
      {auth.type === 'header' && (
        <>
          <TextSetting
            id="spacetime-json-header"
            label="Header"
            required
            error={auth.header?.trim() ? undefined : 'Enter the header name'}
            placeholder="X-API-Key"
            value={auth.header}
            onChange={(header) => setAuth({ header })}
          />
          <TextSetting
            id="spacetime-json-prefix"
            label="Prefix"
            description="Optional text before the key, like Token token=."
            value={auth.prefix}
            onChange={(prefix) => setAuth({ prefix })}
          />
        </>
      )}
      {auth.type === 'query' && (
        <TextSetting
          id="spacetime-json-param"
          label="Parameter"
          required
          error={auth.param?.trim() ? undefined : 'Enter the query parameter name'}
          placeholder="api_key"
          value={auth.param}
          onChange={(param) => setAuth({ param })}
        />
      )}
      {(auth.type === 'header' || auth.type === 'query') && (
        <SecretField
          {...props}
          name="apiKey"
          id="spacetime-json-api-key"
          label="API key"
          source=""
          missing="Enter the API key"
        />
      )}
    </>
  );
}

import React from 'react';
import { Field, RadioButtonGroup } from '@grafana/ui';

import { SecretField } from './SecretField';
import { type SectionProps } from './sectionProps';
import { TextSetting } from './TextSetting';

type ServiceNowAuth = 'basic' | 'oauth';

const AUTH_OPTIONS: Array<{ label: string; value: ServiceNowAuth }> = [
  { label: 'User name and password', value: 'basic' },
  { label: 'OAuth client credentials', value: 'oauth' },
];

/** The backend's check of the table name (pkg/settings/servicenow.go). */
export function tableError(table: string | undefined): string | undefined {
  const t = (table ?? '').trim();
  return t === '' || /^[a-z][a-z0-9_]{0,79}$/.test(t)
    ? undefined
    : 'A table name is lower-case letters, digits and _ (like incident or u_outage)';
}

/** The backend's check of the encoded query: no ^NQ, no ORDERBY. */
export function encodedQueryError(query: string | undefined): string | undefined {
  return /\^NQ|(^|\^)ORDERBY/.test(query ?? '')
    ? 'Leave out ^NQ and ORDERBY: Spacetime ANDs the query to its own and orders its listings itself (write alternatives with ^OR)'
    : undefined;
}

/** A ServiceNow instance's own settings: the table, Basic or OAuth credentials, and an optional encoded query. */
export function ServiceNowSettings(props: SectionProps) {
  const { jsonData, setJsonData } = props;
  const auth: ServiceNowAuth = jsonData.authType === 'oauth' ? 'oauth' : 'basic';
  return (
    <>
      <TextSetting
        id="spacetime-snow-table"
        label="Table"
        description="The table to read: incident, or any task table (problem, change_request, u_outage…). Empty reads incident."
        error={tableError(jsonData.table)}
        placeholder="incident"
        value={jsonData.table}
        onChange={(table) => setJsonData({ table })}
      />
      <Field
        label="Authentication"
        description="OAuth fetches a token at /oauth_token.do and fetches a new one when it expires."
      >
        <RadioButtonGroup<ServiceNowAuth>
          options={AUTH_OPTIONS}
          value={auth}
          onChange={(v) => setJsonData({ authType: v })}
        />
      </Field>
      {auth === 'basic' ? (
        <>
          <TextSetting
            id="spacetime-snow-username"
            label="User name"
            required
            error={jsonData.username?.trim() ? undefined : 'Enter the ServiceNow user name'}
            value={jsonData.username}
            onChange={(username) => setJsonData({ username })}
          />
          <SecretField
            {...props}
            name="password"
            id="spacetime-snow-password"
            label="Password"
            source=""
            missing="Enter the password"
          />
        </>
      ) : (
        <>
          <TextSetting
            id="spacetime-snow-client-id"
            label="OAuth client id"
            description="System OAuth → Application Registry → an OAuth API endpoint for external clients, with the client credentials grant."
            required
            error={jsonData.clientId?.trim() ? undefined : 'Enter the OAuth client id'}
            value={jsonData.clientId}
            onChange={(clientId) => setJsonData({ clientId })}
          />
          <SecretField
            {...props}
            name="clientSecret"
            id="spacetime-snow-client-secret"
            label="OAuth client secret"
            source="The same Application Registry entry."
            missing="Enter the OAuth client secret"
          />
        </>
      )}
      <TextSetting
        id="spacetime-snow-query"
        label="Encoded query"
        description="Optional, ANDed to every listing, like active=true^priority<=2 (copy it from a list's filter: right-click the breadcrumb → Copy query). Empty reads the whole table."
        error={encodedQueryError(jsonData.query)}
        placeholder="active=true^priority<=2"
        value={jsonData.query}
        onChange={(query) => setJsonData({ query })}
      />
    </>
  );
}

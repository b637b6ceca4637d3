import React, { useState } from 'react';
import { getBackendSrv } from '@grafana/runtime';
import { Button, Checkbox, Field, FieldValidationMessage, IconButton, Input, Stack } from '@grafana/ui';

import { type JiraAuthType, type JiraCustomField, type SiteField } from '../../types';
import { errorMessage } from '../useFields';
import { SecretField } from './SecretField';
import { type SectionProps } from './sectionProps';
import { TextSetting } from './TextSetting';
import { type TokenChoice, TokenOrPassword } from './TokenOrPassword';
import { customFieldErrors, emailError, jqlError, keyFromName } from './validate';

const JIRA_PAT: TokenChoice<JiraAuthType> = {
  type: 'pat',
  label: 'Personal access token',
  name: 'personalAccessToken',
  source: 'Jira profile → Personal Access Tokens.',
  missing: 'Enter the personal access token',
};

const KIND_LABELS: Record<string, string> = {
  select: 'select list',
  'multi-select': 'multi-select list',
  'cascading-select': 'cascading select',
  user: 'user picker',
  'multi-user': 'multi-user picker',
  text: 'text',
  number: 'number',
  labels: 'labels',
};

interface Props extends SectionProps {
  cloud: boolean;
  label: string;
}

/** A Jira site's own settings: credentials, the JQL scope, and the custom fields that become dimensions. */
export function JiraSettings(props: Props) {
  const { cloud, label, jsonData, setJsonData } = props;
  return (
    <>
      {cloud && (
        <>
          <TextSetting
            id="spacetime-jira-email"
            label="Email"
            description="The Atlassian account the API token belongs to."
            required
            error={emailError(jsonData.email)}
            placeholder="me@example.com"
            value={jsonData.email}
            onChange={(email) => setJsonData({ email })}
          />
          <SecretField
            {...props}
            name="apiToken"
            id="spacetime-jira-api-token"
            label="API token"
            source="id.atlassian.com → Security → API tokens."
            missing={`Enter the ${label} API token`}
          />
        </>
      )}
      {!cloud && (
        <TokenOrPassword
          {...props}
          system="Jira"
          idPrefix="spacetime-jira"
          token={JIRA_PAT}
          description="A personal access token is sent as a Bearer token (Jira 8.14 and later)."
        />
      )}
      <TextSetting
        id="spacetime-jira-jql"
        label="JQL scope"
        description="Optional JQL ANDed to every search, like project in (OPS, SHOP) AND priority >= High. Empty reads every project the account can browse."
        error={jqlError(jsonData.jql)}
        placeholder="project in (OPS, SHOP)"
        rows={2}
        value={jsonData.jql}
        onChange={(jql) => setJsonData({ jql })}
      />
      <CustomFields {...props} />
    </>
  );
}

/** The chosen custom fields, and "Fields from Jira" to choose them from the site's own field list. */
function CustomFields({ label, jsonData, setJsonData, uid }: Props) {
  const chosen = jsonData.customFields ?? [];
  const errors = customFieldErrors(chosen);
  const [site, setSite] = useState<SiteField[]>();
  const [loadError, setLoadError] = useState<string>();
  const [loading, setLoading] = useState(false);
  const set = (next: JiraCustomField[]) => setJsonData({ customFields: next.length ? next : undefined });

  const load = async () => {
    setLoadError(undefined);
    setLoading(true);
    try {
      setSite(await getBackendSrv().get<SiteField[]>(`/api/datasources/uid/${uid}/resources/system/fields`));
    } catch (err) {
      setLoadError(`The fields could not be loaded (save the data source first): ${errorMessage(err)}`);
    } finally {
      setLoading(false);
    }
  };
  const toggle = (f: SiteField, on: boolean) =>
    set(
      on
        ? [...chosen, { id: f.id, key: keyFromName(f.name), name: f.name, multi: f.multi, kind: f.kind }]
        : chosen.filter((c) => c.id !== f.id)
    );

  return (
    <Field
      label="Custom fields as dimensions"
      description="Each chosen field becomes a dimension to filter, group and break down by; multi-valued fields count a ticket under each value."
    >
      <Stack direction="column" gap={1}>
        {chosen.map((c, i) => (
          <div key={c.id}>
            <Stack direction="row" gap={1} alignItems="center">
              <Input
                aria-label={`Custom field ${i + 1} name`}
                width={24}
                value={c.name ?? ''}
                onChange={(e) => set(chosen.map((d, j) => (j === i ? { ...d, name: e.currentTarget.value } : d)))}
              />
              <Input
                aria-label={`Custom field ${i + 1} key`}
                width={20}
                invalid={Boolean(errors[i])}
                value={c.key}
                onChange={(e) => set(chosen.map((d, j) => (j === i ? { ...d, key: e.currentTarget.value } : d)))}
              />
              <span>
                {c.id}
                {c.kind ? ` · ${KIND_LABELS[c.kind] ?? c.kind}` : ''}
              </span>
              <IconButton
                name="trash-alt"
                aria-label={`Remove custom field ${i + 1}`}
                onClick={() => set(chosen.filter((_, j) => j !== i))}
              />
            </Stack>
            {errors[i] && <FieldValidationMessage>{errors[i]}</FieldValidationMessage>}
          </div>
        ))}
        <div>
          <Button
            variant="secondary"
            size="sm"
            icon={loading ? 'spinner' : 'sync'}
            onClick={load}
            disabled={!uid || loading}
          >
            Fields from {label}
          </Button>
        </div>
        {loadError && <FieldValidationMessage>{loadError}</FieldValidationMessage>}
        {site && site.length === 0 && <p>The site has no custom fields.</p>}
        {site && site.length > 0 && (
          <Stack
            direction="column"
            gap={0.5}
            alignItems="flex-start"
            role="group"
            aria-label={`Custom fields of the ${label} site`}
          >
            {site.map((f) => (
              <Checkbox
                key={f.id}
                label={f.name}
                description={
                  f.kind
                    ? `${f.id} · ${KIND_LABELS[f.kind] ?? f.kind}`
                    : `${f.id} · Jira type "${f.type}" cannot become a dimension`
                }
                disabled={!f.kind}
                value={chosen.some((c) => c.id === f.id)}
                onChange={(e) => toggle(f, e.currentTarget.checked)}
              />
            ))}
          </Stack>
        )}
      </Stack>
    </Field>
  );
}

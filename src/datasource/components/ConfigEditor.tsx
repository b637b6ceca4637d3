import React, { type ChangeEvent, useState } from 'react';
import { type DataSourcePluginOptionsEditorProps } from '@grafana/data';
import { getBackendSrv } from '@grafana/runtime';
import {
  Button,
  ColorPickerInput,
  Combobox,
  type ComboboxOption,
  Field,
  FieldSet,
  FieldValidationMessage,
  IconButton,
  InlineSwitch,
  Input,
  SecretTextArea,
  Stack,
  Switch,
} from '@grafana/ui';

import { MappingRulesEditor } from './MappingRulesEditor';
import {
  DEFAULT_BACKFILL_SLICES,
  DEFAULT_POLL_INTERVAL_SECONDS,
  MAX_BACKFILL_SLICES,
  DEFAULT_SYNC_WINDOW_DAYS,
  type FieldInfo,
  type FieldSetting,
  type SeveritySetting,
  type SpacetimeOptions,
  type SpacetimeSecureOptions,
  type TicketSystem,
} from '../types';
import { GitHubSettings } from './config/GitHubSettings';
import { GitLabSettings } from './config/GitLabSettings';
import { JiraSettings } from './config/JiraSettings';
import { JsonApiSettings } from './config/JsonApiSettings';
import { PagerDutySettings } from './config/PagerDutySettings';
import { ServiceNowSettings } from './config/ServiceNowSettings';
import { NumberSetting } from './config/NumberSetting';
import { RTSettings } from './config/RTSettings';
import { RedmineSettings } from './config/RedmineSettings';
import { type SectionProps } from './config/sectionProps';
import { SYSTEM_IDS, SYSTEMS, switchSystem } from './config/systems';
import { errorMessage } from './useFields';
import { ClickHouseConfigEditor } from '../logengine/ClickHouseConfigEditor';
import { CLICKHOUSE_SYSTEM } from '../logengine/types';

export { MAX_PROJECT_LENGTH, projectError } from './config/RedmineSettings';
export { SYSTEMS } from './config/systems';

type Props = DataSourcePluginOptionsEditorProps<SpacetimeOptions, SpacetimeSecureOptions>;

const SYSTEM_OPTIONS: Array<ComboboxOption<TicketSystem>> = SYSTEM_IDS.map((k) => ({
  value: k,
  label: SYSTEMS[k].label,
  description: SYSTEMS[k].description,
}));

/** The log engine is a system of its own (its settings live in jsonData.clickhouse). */
const SYSTEM_CHOICES: Array<ComboboxOption<TicketSystem | typeof CLICKHOUSE_SYSTEM>> = [
  ...SYSTEM_OPTIONS,
  {
    value: CLICKHOUSE_SYSTEM,
    label: 'ClickHouse (operation logs)',
    description: 'Operation chains in logs, analysed by ClickHouse',
  },
];

/** Each system's own settings section. */
const SECTIONS: Record<TicketSystem, (p: SectionProps) => React.JSX.Element> = {
  redmine: RedmineSettings,
  'jira-cloud': (p) => <JiraSettings {...p} cloud label="Jira" />,
  'jira-dc': (p) => <JiraSettings {...p} cloud={false} label="Jira" />,
  rt: RTSettings,
  github: GitHubSettings,
  gitlab: GitLabSettings,
  servicenow: ServiceNowSettings,
  pagerduty: PagerDutySettings,
  jsonapi: JsonApiSettings,
};

const CERT_BEGIN = '-----BEGIN CERTIFICATE-----';

export function urlError(url: string | undefined): string | undefined {
  const u = (url ?? '').trim();
  if (u === '') {
    return "Enter the ticket system's URL";
  }
  if (!/^https?:\/\/[^\s/]+[^\s]*$/.test(u)) {
    return 'URL must start with http:// or https://';
  }
  return undefined;
}

function wholeNumberError(v: number | undefined, name: string, min: number, max: number): string | undefined {
  if (v === undefined) {
    return undefined;
  }
  if (!Number.isInteger(v) || v < min || v > max) {
    return `${name} must be a whole number from ${min} to ${max}`;
  }
  return undefined;
}

/** The backend's check of the Data directory setting: empty, off, or an absolute path. */
export function dataDirError(dir: string | undefined): string | undefined {
  if (!dir || dir === 'off' || dir.startsWith('/') || /^[A-Za-z]:[\\/]/.test(dir)) {
    return undefined;
  }
  return `"${dir}" is not an absolute path: enter a directory like /var/lib/grafana/spacetime, leave it empty, or enter off`;
}

export function fieldsErrors(fields: FieldSetting[]): Array<string | undefined> {
  return fields.map((f, i) => {
    if (!f.key.trim()) {
      return 'Enter the field key';
    }
    if (fields.findIndex((g) => g.key === f.key) !== i) {
      return `Field "${f.key}" is listed twice`;
    }
    return undefined;
  });
}

export function severitiesErrors(severities: SeveritySetting[]): Array<string | undefined> {
  return severities.map((s, i) => {
    if (!s.name.trim()) {
      return 'Enter the severity name';
    }
    if (severities.findIndex((t) => t.name.toLowerCase() === s.name.toLowerCase()) !== i) {
      return `Severity "${s.name}" is listed twice`;
    }
    return undefined;
  });
}

function move<T>(list: T[], from: number, to: number): T[] {
  const next = [...list];
  const [item] = next.splice(from, 1);
  next.splice(to, 0, item);
  return next;
}

export function ConfigEditor(props: Props) {
  const { jsonData } = props.options;
  const systemField = (
    <Field
      label="System"
      description="Which ticket system (or log engine) this data source reads."
      htmlFor="spacetime-system"
    >
      <Combobox<TicketSystem | typeof CLICKHOUSE_SYSTEM>
        id="spacetime-system"
        width={40}
        options={SYSTEM_CHOICES}
        value={jsonData.system ?? 'redmine'}
        onChange={(v) => {
          if (v.value === (jsonData.system ?? 'redmine')) {
            return;
          }
          // Switching keeps nothing that belongs to the old system: its settings and its secrets go.
          const { secureJsonData, secureJsonFields } = props.options;
          const next = switchSystem(
            v.value === CLICKHOUSE_SYSTEM ? 'redmine' : v.value,
            jsonData,
            secureJsonData,
            secureJsonFields
          );
          const clickhouseSecret = secureJsonFields?.clickhousePassword || secureJsonData?.clickhousePassword;
          props.onOptionsChange({
            ...props.options,
            ...next,
            jsonData: v.value === CLICKHOUSE_SYSTEM ? { system: CLICKHOUSE_SYSTEM } : next.jsonData,
            secureJsonData: { ...next.secureJsonData, ...(clickhouseSecret ? { clickhousePassword: '' } : {}) },
            secureJsonFields: { ...next.secureJsonFields, ...(clickhouseSecret ? { clickhousePassword: false } : {}) },
          });
        }}
      />
    </Field>
  );
  if (jsonData.system === CLICKHOUSE_SYSTEM) {
    return <ClickHouseConfigEditor {...props} systemField={systemField} />;
  }
  return <TicketConfigEditor {...props} systemField={systemField} />;
}

function TicketConfigEditor({ options, onOptionsChange, systemField }: Props & { systemField: React.ReactNode }) {
  const { jsonData, secureJsonFields, secureJsonData } = options;
  const system: TicketSystem = jsonData.system === CLICKHOUSE_SYSTEM ? 'redmine' : (jsonData.system ?? 'redmine');
  const spec = SYSTEMS[system] ?? SYSTEMS.redmine;
  const [loadError, setLoadError] = useState<string>();

  const setJsonData = (patch: Partial<SpacetimeOptions>) =>
    onOptionsChange({ ...options, jsonData: { ...jsonData, ...patch } });
  const setSecure = (key: keyof SpacetimeSecureOptions, value: string) =>
    onOptionsChange({ ...options, secureJsonData: { ...secureJsonData, [key]: value } });
  const resetSecure = (key: keyof SpacetimeSecureOptions) =>
    onOptionsChange({
      ...options,
      secureJsonFields: { ...secureJsonFields, [key]: false },
      secureJsonData: { ...secureJsonData, [key]: '' },
    });

  const uError = spec.urlOptional && !options.url?.trim() ? undefined : urlError(options.url);
  const Section = SECTIONS[system] ?? SECTIONS.redmine;
  const windowError = wholeNumberError(jsonData.syncWindowDays, 'Sync window', 1, 90);
  const pollError = wholeNumberError(jsonData.pollIntervalSeconds, 'Poll interval', 10, 3600);
  const slicesError = wholeNumberError(jsonData.backfillSlices, 'Backfill slices', 1, MAX_BACKFILL_SLICES);

  const fields = jsonData.fields ?? [];
  const fErrors = fieldsErrors(fields);
  const severities = jsonData.severities ?? [];
  const sErrors = severitiesErrors(severities);

  const caConfigured = Boolean(secureJsonFields?.tlsCACert);
  const caText = secureJsonData?.tlsCACert ?? '';
  const caError = !jsonData.tlsAuthWithCACert
    ? undefined
    : !caConfigured && !caText.trim()
      ? 'Paste the CA certificate (PEM)'
      : caText.trim() && !caText.trim().startsWith(CERT_BEGIN)
        ? `The CA certificate must begin with ${CERT_BEGIN}`
        : undefined;

  /** Adds the fields the saved datasource reports that the mapping does not list yet. */
  const loadFields = async () => {
    setLoadError(undefined);
    try {
      const reported = await getBackendSrv().get<FieldInfo[]>(`/api/datasources/uid/${options.uid}/resources/fields`);
      const known = new Set(fields.map((f) => f.key));
      const added = (reported ?? []).filter((f) => !known.has(f.key)).map((f) => ({ key: f.key, name: f.name }));
      setJsonData({ fields: [...fields, ...added] });
    } catch (err) {
      setLoadError(`Fields could not be loaded (save the data source first): ${errorMessage(err)}`);
    }
  };

  return (
    <>
      <FieldSet label="Ticket system">
        {systemField}
        <p data-testid="system-help">{spec.help}</p>
        <p data-testid="system-save-and-test">{spec.saveAndTest}</p>
        <Field
          label="URL"
          description={
            spec.urlOptional
              ? `Leave empty for the service region's API URL, or enter a proxy's, e.g. ${spec.urlPlaceholder}`
              : `Base URL of the ${spec.label} site, e.g. ${spec.urlPlaceholder}`
          }
          required={!spec.urlOptional}
          invalid={Boolean(uError)}
          error={uError}
          htmlFor="spacetime-url"
        >
          <Input
            id="spacetime-url"
            width={40}
            value={options.url ?? ''}
            placeholder={spec.urlPlaceholder}
            onChange={(e: ChangeEvent<HTMLInputElement>) => onOptionsChange({ ...options, url: e.currentTarget.value })}
          />
        </Field>
        <Section
          jsonData={jsonData}
          secureJsonData={secureJsonData ?? {}}
          secureJsonFields={secureJsonFields ?? {}}
          uid={options.uid ?? ''}
          url={options.url ?? ''}
          setJsonData={setJsonData}
          setSecure={setSecure}
          resetSecure={resetSecure}
        />
      </FieldSet>

      <FieldSet label="Sync">
        <NumberSetting
          id="spacetime-sync-window"
          label="Sync window (days)"
          description="How many days of tickets are kept in memory; queries inside it never wait on the ticket system."
          error={windowError}
          placeholder={DEFAULT_SYNC_WINDOW_DAYS}
          value={jsonData.syncWindowDays}
          onChange={(syncWindowDays) => setJsonData({ syncWindowDays })}
        />
        <NumberSetting
          id="spacetime-poll-interval"
          label="Poll interval (seconds)"
          description="How often changed tickets are fetched."
          error={pollError}
          placeholder={DEFAULT_POLL_INTERVAL_SECONDS}
          value={jsonData.pollIntervalSeconds}
          onChange={(pollIntervalSeconds) => setJsonData({ pollIntervalSeconds })}
        />
        <NumberSetting
          id="spacetime-backfill-slices"
          label="Backfill slices"
          description="How many time slices of the sync window the first load fetches at once, newest first: at most this many requests are in flight, fewer when the ticket system’s rate limit runs low. An interrupted load goes on from the slices it has."
          error={slicesError}
          placeholder={DEFAULT_BACKFILL_SLICES}
          value={jsonData.backfillSlices}
          onChange={(backfillSlices) => setJsonData({ backfillSlices })}
        />
        <Field
          label="Data directory"
          description="Where the synced tickets are kept on disk, so a restarted Grafana answers at once and keeps answering while the ticket system is down. Empty: Grafana's data directory (or the temporary directory). off: memory only."
          invalid={Boolean(dataDirError(jsonData.dataDir))}
          error={dataDirError(jsonData.dataDir)}
          htmlFor="spacetime-data-dir"
        >
          <Input
            id="spacetime-data-dir"
            width={40}
            placeholder="/var/lib/grafana/spacetime"
            value={jsonData.dataDir ?? ''}
            onChange={(e) => setJsonData({ dataDir: e.currentTarget.value.trim() || undefined })}
          />
        </Field>
      </FieldSet>

      <FieldSet label="Fields">
        <p>
          Column order, display names and hidden columns of the ticket fields and dimensions. Fields not listed keep
          their default name and come after these.
        </p>
        <Stack direction="column" gap={1}>
          {fields.map((f, i) => (
            <div key={i}>
              <Stack direction="row" gap={1} alignItems="center">
                <Input
                  aria-label={`Field ${i + 1} key`}
                  width={20}
                  placeholder="key, e.g. service"
                  invalid={Boolean(fErrors[i])}
                  value={f.key}
                  onChange={(e) =>
                    setJsonData({ fields: fields.map((g, j) => (j === i ? { ...g, key: e.currentTarget.value } : g)) })
                  }
                />
                <Input
                  aria-label={`Field ${i + 1} display name`}
                  width={24}
                  placeholder="display name"
                  value={f.name ?? ''}
                  onChange={(e) =>
                    setJsonData({ fields: fields.map((g, j) => (j === i ? { ...g, name: e.currentTarget.value } : g)) })
                  }
                />
                <InlineSwitch
                  label="Hidden"
                  showLabel
                  aria-label={`Field ${i + 1} hidden`}
                  value={Boolean(f.hidden)}
                  onChange={(e) =>
                    setJsonData({
                      fields: fields.map((g, j) => (j === i ? { ...g, hidden: e.currentTarget.checked } : g)),
                    })
                  }
                />
                <IconButton
                  name="arrow-up"
                  aria-label={`Move field ${i + 1} up`}
                  disabled={i === 0}
                  onClick={() => setJsonData({ fields: move(fields, i, i - 1) })}
                />
                <IconButton
                  name="arrow-down"
                  aria-label={`Move field ${i + 1} down`}
                  disabled={i === fields.length - 1}
                  onClick={() => setJsonData({ fields: move(fields, i, i + 1) })}
                />
                <IconButton
                  name="trash-alt"
                  aria-label={`Remove field ${i + 1}`}
                  onClick={() => setJsonData({ fields: fields.filter((_, j) => j !== i) })}
                />
              </Stack>
              {fErrors[i] && <FieldValidationMessage>{fErrors[i]}</FieldValidationMessage>}
            </div>
          ))}
          <Stack direction="row" gap={1}>
            <Button
              variant="secondary"
              size="sm"
              icon="plus"
              onClick={() => setJsonData({ fields: [...fields, { key: '', name: '' }] })}
            >
              Add field
            </Button>
            <Button variant="secondary" size="sm" icon="sync" onClick={loadFields} disabled={!options.uid}>
              Add fields from {spec.label}
            </Button>
          </Stack>
          {loadError && <FieldValidationMessage>{loadError}</FieldValidationMessage>}
        </Stack>
      </FieldSet>

      <MappingRulesEditor rules={jsonData.mappings ?? []} onChange={(mappings) => setJsonData({ mappings })} />

      <FieldSet label="Severities">
        <p>
          Lowest first. The order drives sorting and the minimum severity of annotations; colours colour tickets and
          events.
        </p>
        <Stack direction="column" gap={1}>
          {severities.map((s, i) => (
            <div key={i}>
              <Stack direction="row" gap={1} alignItems="center">
                <Input
                  aria-label={`Severity ${i + 1} name`}
                  width={20}
                  invalid={Boolean(sErrors[i])}
                  value={s.name}
                  onChange={(e) =>
                    setJsonData({
                      severities: severities.map((t, j) => (j === i ? { ...t, name: e.currentTarget.value } : t)),
                    })
                  }
                />
                <ColorPickerInput
                  aria-label={`Severity ${i + 1} colour`}
                  width={16}
                  value={s.color}
                  onChange={(color) =>
                    setJsonData({ severities: severities.map((t, j) => (j === i ? { ...t, color } : t)) })
                  }
                />
                <IconButton
                  name="arrow-up"
                  aria-label={`Move severity ${i + 1} up`}
                  disabled={i === 0}
                  onClick={() => setJsonData({ severities: move(severities, i, i - 1) })}
                />
                <IconButton
                  name="arrow-down"
                  aria-label={`Move severity ${i + 1} down`}
                  disabled={i === severities.length - 1}
                  onClick={() => setJsonData({ severities: move(severities, i, i + 1) })}
                />
                <IconButton
                  name="trash-alt"
                  aria-label={`Remove severity ${i + 1}`}
                  onClick={() => setJsonData({ severities: severities.filter((_, j) => j !== i) })}
                />
              </Stack>
              {sErrors[i] && <FieldValidationMessage>{sErrors[i]}</FieldValidationMessage>}
            </div>
          ))}
          <Stack direction="row" gap={1}>
            <Button
              variant="secondary"
              size="sm"
              icon="plus"
              onClick={() => setJsonData({ severities: [...severities, { name: '' }] })}
            >
              Add severity
            </Button>
            {severities.length === 0 && (
              <Button
                variant="secondary"
                size="sm"
                onClick={() => setJsonData({ severities: spec.defaultSeverities.map((s) => ({ ...s })) })}
              >
                Use {spec.label} defaults
              </Button>
            )}
          </Stack>
        </Stack>
      </FieldSet>

      <FieldSet label="TLS">
        <Field
          label="Skip TLS certificate verification"
          description="Insecure: accept any certificate. Off by default."
          htmlFor="spacetime-tls-skip-verify"
        >
          <Switch
            id="spacetime-tls-skip-verify"
            value={Boolean(jsonData.tlsSkipVerify)}
            onChange={(e) => setJsonData({ tlsSkipVerify: e.currentTarget.checked })}
          />
        </Field>
        <Field
          label="With CA certificate"
          description="Verify the server with your own certificate authority."
          htmlFor="spacetime-tls-ca"
        >
          <Switch
            id="spacetime-tls-ca"
            value={Boolean(jsonData.tlsAuthWithCACert)}
            onChange={(e) => setJsonData({ tlsAuthWithCACert: e.currentTarget.checked })}
          />
        </Field>
        {jsonData.tlsAuthWithCACert && (
          <Field
            label="CA certificate"
            required
            invalid={Boolean(caError)}
            error={caError}
            htmlFor="spacetime-tls-ca-cert"
          >
            <SecretTextArea
              id="spacetime-tls-ca-cert"
              cols={60}
              rows={6}
              placeholder={`${CERT_BEGIN} …`}
              isConfigured={caConfigured}
              value={caText}
              onReset={() => resetSecure('tlsCACert')}
              onChange={(e: ChangeEvent<HTMLTextAreaElement>) => setSecure('tlsCACert', e.currentTarget.value)}
            />
          </Field>
        )}
      </FieldSet>
    </>
  );
}

import React, { useState } from 'react';
import { Field, RadioButtonGroup } from '@grafana/ui';

import { SecretField } from './SecretField';
import { type SectionProps } from './sectionProps';
import { TextSetting } from './TextSetting';

type Region = 'us' | 'eu';

const REGIONS: Array<{ label: string; value: Region; description: string }> = [
  { label: 'US', value: 'us', description: 'api.pagerduty.com' },
  { label: 'EU', value: 'eu', description: 'api.eu.pagerduty.com' },
];

/** Splits a comma- or space-separated list of ids. */
export function idList(text: string | undefined): string[] | undefined {
  const ids = (text ?? '').split(/[\s,]+/).filter(Boolean);
  return ids.length ? ids : undefined;
}

/** The backend's check of PagerDuty ids (like PABC123). */
export function idsError(ids: string[] | undefined, what: string): string | undefined {
  const bad = (ids ?? []).find((id) => !/^[A-Z0-9]{5,20}$/.test(id));
  return bad ? `"${bad}" is not a PagerDuty ${what} id: copy it from the ${what}'s URL (like PABC123)` : undefined;
}

/** A PagerDuty account's own settings: the service region, the API key, and optional services and teams. */
export function PagerDutySettings(props: SectionProps) {
  const { jsonData, setJsonData } = props;
  return (
    <>
      <Field label="Service region" description="Where the account lives; an empty URL means this region's API URL.">
        <RadioButtonGroup<Region>
          options={REGIONS}
          value={jsonData.region ?? 'us'}
          onChange={(region) => setJsonData({ region })}
        />
      </Field>
      <SecretField
        {...props}
        name="apiKey"
        id="spacetime-pd-api-key"
        label="API key"
        source="PagerDuty: Integrations → API Access Keys (read-only is enough), or a user's API token."
        missing="Enter the PagerDuty API key"
      />
      <IdsSetting
        id="spacetime-pd-services"
        label="Services"
        what="service"
        description="Optional service ids, separated by commas: only their incidents are read."
        ids={jsonData.serviceIds}
        onChange={(serviceIds) => setJsonData({ serviceIds })}
      />
      <IdsSetting
        id="spacetime-pd-teams"
        label="Teams"
        what="team"
        description="Optional team ids, separated by commas: only incidents of these teams are read."
        ids={jsonData.teamIds}
        onChange={(teamIds) => setJsonData({ teamIds })}
      />
    </>
  );
}

interface IdsProps {
  id: string;
  label: string;
  what: string;
  description: string;
  ids: string[] | undefined;
  onChange: (ids: string[] | undefined) => void;
}

/** A list of ids typed as text: the text is kept as typed (a trailing comma stays), the ids go to jsonData. */
function IdsSetting({ id, label, what, description, ids, onChange }: IdsProps) {
  const [text, setText] = useState(ids?.join(', ') ?? '');
  return (
    <TextSetting
      id={id}
      label={label}
      description={description}
      error={idsError(idList(text), what)}
      placeholder={`every ${what}`}
      value={text}
      onChange={(v) => {
        setText(v ?? '');
        onChange(idList(v));
      }}
    />
  );
}

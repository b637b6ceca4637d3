import React, { type ChangeEvent } from 'react';
import { type DataSourcePluginOptionsEditorProps } from '@grafana/data';
import { Combobox, type ComboboxOption, Field, FieldSet, Input, SecretInput } from '@grafana/ui';

import { type SpacetimeOptions, type SpacetimeSecureOptions, type TicketSystem } from '../types';

type Props = DataSourcePluginOptionsEditorProps<SpacetimeOptions, SpacetimeSecureOptions>;

const SYSTEMS: Array<ComboboxOption<TicketSystem>> = [
  { label: 'Redmine', value: 'redmine', description: 'Redmine 4.x / 5.x REST API' },
];

export function ConfigEditor({ options, onOptionsChange }: Props) {
  const { jsonData, secureJsonFields, secureJsonData } = options;
  const urlInvalid = options.url !== '' && !/^https?:\/\/[^\s]+$/.test(options.url ?? '');

  return (
    <FieldSet label="Ticket system">
      <Field label="System" description="Which ticket system this data source reads.">
        <Combobox
          id="spacetime-system"
          width={40}
          options={SYSTEMS}
          value={jsonData.system ?? 'redmine'}
          onChange={(v) => onOptionsChange({ ...options, jsonData: { ...jsonData, system: v.value } })}
        />
      </Field>
      <Field
        label="URL"
        description="Base URL of the ticket system, e.g. https://redmine.example.com"
        required
        invalid={urlInvalid}
        error={urlInvalid ? 'URL must start with http:// or https://' : undefined}
      >
        <Input
          id="spacetime-url"
          width={40}
          value={options.url ?? ''}
          placeholder="https://redmine.example.com"
          onChange={(e: ChangeEvent<HTMLInputElement>) => onOptionsChange({ ...options, url: e.currentTarget.value })}
        />
      </Field>
      <Field label="API key" description="Redmine: My account → API access key. Stored encrypted on the server." required>
        <SecretInput
          id="spacetime-api-key"
          width={40}
          isConfigured={Boolean(secureJsonFields?.apiKey)}
          value={secureJsonData?.apiKey ?? ''}
          placeholder="API key"
          onReset={() =>
            onOptionsChange({
              ...options,
              secureJsonFields: { ...secureJsonFields, apiKey: false },
              secureJsonData: { ...secureJsonData, apiKey: '' },
            })
          }
          onChange={(e: ChangeEvent<HTMLInputElement>) =>
            onOptionsChange({ ...options, secureJsonData: { ...secureJsonData, apiKey: e.currentTarget.value } })
          }
        />
      </Field>
    </FieldSet>
  );
}

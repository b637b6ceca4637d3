import React, { useEffect, useState } from 'react';
import { getBackendSrv } from '@grafana/runtime';
import { Combobox, type ComboboxOption, Field, FieldSet } from '@grafana/ui';

import { EMPTY_JSON_API_SPEC, type JsonApiPreset, type JsonApiSpec } from '../../jsonApiTypes';
import { errorMessage } from '../useFields';
import { JsonApiAuthSettings } from './JsonApiAuthSettings';
import { JsonApiMapping } from './JsonApiMapping';
import { JsonApiRequest } from './JsonApiRequest';
import { jsonApiErrors } from './jsonApiValidate';
import { type SectionProps } from './sectionProps';
import { TestMapping } from './TestMapping';

/** What each JSON API part edits: the spec and a patch setter. */
export interface SpecProps {
  spec: JsonApiSpec;
  setSpec: (patch: Partial<JsonApiSpec>) => void;
}

/** Any JSON API: a preset or the request, paging, GJSON mapping and auth, and "Test mapping". */
export function JsonApiSettings(props: SectionProps) {
  const spec = props.jsonData.jsonApi ?? EMPTY_JSON_API_SPEC;
  const setSpec = (patch: Partial<JsonApiSpec>) => props.setJsonData({ jsonApi: { ...spec, ...patch } });
  const [presets, setPresets] = useState<JsonApiPreset[]>([]);
  const [presetError, setPresetError] = useState<string>();
  const [chosen, setChosen] = useState<JsonApiPreset>();
  useEffect(() => {
    if (!props.uid) {
      return;
    }
    getBackendSrv()
      .get<JsonApiPreset[]>(`/api/datasources/uid/${props.uid}/resources/system/presets`, undefined, undefined, {
        showErrorAlert: false,
      })
      .then((p) => setPresets(p ?? []))
      .catch((err) => setPresetError(`Presets could not be loaded: ${errorMessage(err)}`));
  }, [props.uid]);
  const errors = jsonApiErrors(spec);
  const options: Array<ComboboxOption<string>> = presets.map((p) => ({
    value: p.id,
    label: p.name,
    description: p.url,
  }));
  return (
    <>
      <Field
        label="Preset"
        description={
          chosen
            ? `Filled from the ${chosen.name} preset: set the URL like ${chosen.url} and the credentials, then adjust the mapping.`
            : 'Fills every setting below for a known API shape; each stays editable.'
        }
        invalid={Boolean(presetError)}
        error={presetError}
        htmlFor="spacetime-json-preset"
      >
        <Combobox<string>
          id="spacetime-json-preset"
          width={40}
          placeholder="Choose a preset"
          options={options}
          value={chosen?.id ?? null}
          onChange={(o) => {
            const p = presets.find((x) => x.id === o?.value);
            if (p) {
              setChosen(p);
              props.setJsonData({ jsonApi: p.spec });
            }
          }}
        />
      </Field>
      <FieldSet label="Request and paging">
        <JsonApiRequest spec={spec} setSpec={setSpec} errors={errors} />
      </FieldSet>
      <FieldSet label="Mapping (GJSON paths)">
        <JsonApiMapping spec={spec} setSpec={setSpec} errors={errors} />
      </FieldSet>
      <FieldSet label="Authentication">
        <JsonApiAuthSettings {...props} spec={spec} setSpec={setSpec} />
      </FieldSet>
      <TestMapping uid={props.uid} spec={spec} />
    </>
  );
}

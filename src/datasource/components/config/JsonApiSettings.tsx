import React, { useState } from 'react';
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
  // Loaded when the list opens: the saved datasource answers GET system/presets.
  const loadPresets = async (): Promise<Array<ComboboxOption<string>>> => {
    setPresetError(undefined);
    try {
      const list =
        (await getBackendSrv().get<JsonApiPreset[]>(`/api/datasources/uid/${props.uid}/resources/system/presets`)) ??
        [];
      setPresets(list);
      return list.map((p) => ({ value: p.id, label: p.name, description: p.url }));
    } catch (err) {
      setPresetError(`Presets could not be loaded (save the data source first): ${errorMessage(err)}`);
      return [];
    }
  };
  const errors = jsonApiErrors(spec, props.url);
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
          options={loadPresets}
          value={chosen ? { value: chosen.id, label: chosen.name } : null}
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

import React, { type ChangeEvent } from 'react';
import { Field, Input } from '@grafana/ui';

import { SecretField } from './SecretField';
import { type SectionProps } from './sectionProps';

/** The longest project identifier Redmine accepts (as the backend's settings check). */
export const MAX_PROJECT_LENGTH = 100;

/**
 * Checks a Redmine project as the backend does: empty (all projects), an identifier (lower-case letters, digits,
 * - and _; Redmine lets it start with a digit) or a numeric project id.
 */
export function projectError(project: string | undefined): string | undefined {
  const p = (project ?? '').trim();
  if (p === '') {
    return undefined;
  }
  if (p.length > MAX_PROJECT_LENGTH || !/^[a-z0-9_-]+$/.test(p)) {
    return `Project must be a project identifier (lower-case letters, digits, - and _, at most ${MAX_PROJECT_LENGTH} characters) or a numeric project id`;
  }
  return undefined;
}

/** Redmine's own settings: the API key and an optional project. */
export function RedmineSettings({
  jsonData,
  secureJsonData,
  secureJsonFields,
  setJsonData,
  setSecure,
  resetSecure,
}: SectionProps) {
  const projError = projectError(jsonData.project);
  return (
    <>
      <SecretField
        id="spacetime-api-key"
        label="API key"
        description="Redmine: My account → API access key. Stored encrypted on the server, never shown again."
        configured={Boolean(secureJsonFields.apiKey)}
        value={secureJsonData.apiKey ?? ''}
        missing="Enter the Redmine API key"
        onChange={(v) => setSecure('apiKey', v)}
        onReset={() => resetSecure('apiKey')}
      />
      <Field
        label="Project"
        description="Redmine project identifier, as in the project's URL /projects/<identifier>; includes its subprojects. Leave empty to read all projects the API key can see."
        invalid={Boolean(projError)}
        error={projError}
        htmlFor="spacetime-project"
      >
        <Input
          id="spacetime-project"
          width={40}
          value={jsonData.project ?? ''}
          placeholder="all projects"
          onChange={(e: ChangeEvent<HTMLInputElement>) =>
            setJsonData({ project: e.currentTarget.value.trim() === '' ? undefined : e.currentTarget.value })
          }
        />
      </Field>
    </>
  );
}

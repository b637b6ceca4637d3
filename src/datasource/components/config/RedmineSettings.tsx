import React from 'react';

import { SecretField } from './SecretField';
import { type SectionProps } from './sectionProps';
import { TextSetting } from './TextSetting';

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
export function RedmineSettings(props: SectionProps) {
  return (
    <>
      <SecretField
        {...props}
        name="apiKey"
        id="spacetime-api-key"
        label="API key"
        source="Redmine: My account → API access key."
        missing="Enter the Redmine API key"
      />
      <TextSetting
        id="spacetime-project"
        label="Project"
        description="Redmine project identifier, as in the project's URL /projects/<identifier>; includes its subprojects. Leave empty to read all projects the API key can see."
        error={projectError(props.jsonData.project)}
        placeholder="all projects"
        value={props.jsonData.project}
        onChange={(project) => props.setJsonData({ project })}
      />
    </>
  );
}

import React from 'react';
import { Field, RadioButtonGroup } from '@grafana/ui';

import { githubOrganizationError, githubRepositoriesError } from './forgeValidate';
import { LinesSetting } from './LinesSetting';
import { SecretField } from './SecretField';
import { type SectionProps } from './sectionProps';
import { TextSetting } from './TextSetting';

type Scope = 'repositories' | 'organization';

const SCOPES: Array<{ label: string; value: Scope }> = [
  { label: 'Repositories', value: 'repositories' },
  { label: 'Whole organisation', value: 'organization' },
];

/** GitHub's own settings: the token, and the repositories or the organisation to read. */
export function GitHubSettings(props: SectionProps) {
  const { jsonData, setJsonData } = props;
  const scope: Scope = jsonData.githubOrganization !== undefined ? 'organization' : 'repositories';
  return (
    <>
      <SecretField
        {...props}
        name="githubToken"
        id="spacetime-github-token"
        label="Token"
        source="A fine-grained personal access token with read-only Issues access (classic: repo or public_repo)."
        missing="Enter the GitHub token"
      />
      <Field
        label="Read"
        description="Listed repositories, or every repository of an organisation (listed again every hour)."
      >
        <RadioButtonGroup<Scope>
          options={SCOPES}
          value={scope}
          onChange={(v) =>
            setJsonData(
              v === 'organization'
                ? { githubRepositories: undefined, githubOrganization: '' }
                : { githubOrganization: undefined, githubRepositories: undefined }
            )
          }
        />
      </Field>
      {scope === 'repositories' ? (
        <LinesSetting
          id="spacetime-github-repositories"
          label="Repositories"
          description="owner/repo, one per line. Each costs one request per poll: see the README for the arithmetic."
          error={githubRepositoriesError(jsonData.githubRepositories)}
          placeholder={'octo-org/api\nocto-org/web'}
          value={jsonData.githubRepositories}
          onChange={(githubRepositories) => setJsonData({ githubRepositories })}
        />
      ) : (
        <TextSetting
          id="spacetime-github-organization"
          label="Organisation"
          description="As in github.com/<organisation>. Archived repositories are read once and not polled."
          required
          error={githubOrganizationError(jsonData.githubOrganization)}
          placeholder="octo-org"
          value={jsonData.githubOrganization}
          onChange={(v) => setJsonData({ githubOrganization: v ?? '' })}
        />
      )}
    </>
  );
}

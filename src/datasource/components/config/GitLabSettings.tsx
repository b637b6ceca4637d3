import React from 'react';
import { FieldValidationMessage } from '@grafana/ui';

import { entries, gitlabPathsError } from './forgeValidate';
import { LinesSetting } from './LinesSetting';
import { SecretField } from './SecretField';
import { type SectionProps } from './sectionProps';

/** GitLab's own settings: the access token, and the projects and groups to read. */
export function GitLabSettings(props: SectionProps) {
  const { jsonData, setJsonData } = props;
  const none = entries(jsonData.gitlabProjects).length + entries(jsonData.gitlabGroups).length === 0;
  return (
    <>
      <SecretField
        {...props}
        name="gitlabToken"
        id="spacetime-gitlab-token"
        label="Access token"
        source="A personal, group or project access token with the read_api scope."
        missing="Enter the GitLab access token"
      />
      <LinesSetting
        id="spacetime-gitlab-projects"
        label="Projects"
        description="group/project (as in the project's URL) or the numeric project id, one per line."
        error={gitlabPathsError('Project', jsonData.gitlabProjects)}
        placeholder={'acme/shop\nacme/platform/payments'}
        value={jsonData.gitlabProjects}
        onChange={(gitlabProjects) => setJsonData({ gitlabProjects })}
      />
      <LinesSetting
        id="spacetime-gitlab-groups"
        label="Groups"
        description="Group paths or numeric ids, one per line; a group includes its subgroups' projects."
        error={gitlabPathsError('Group', jsonData.gitlabGroups)}
        placeholder="acme/sre"
        value={jsonData.gitlabGroups}
        onChange={(gitlabGroups) => setJsonData({ gitlabGroups })}
      />
      {none && (
        <FieldValidationMessage>Enter at least one project or group whose issues to read.</FieldValidationMessage>
      )}
    </>
  );
}

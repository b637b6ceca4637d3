// The GitHub and GitLab sections' checks, in the words of the backend's (pkg/settings/github.go, gitlab.go).

const GITHUB_REPO = /^[A-Za-z0-9][A-Za-z0-9-]{0,38}\/[A-Za-z0-9._-]{1,100}$/;
const GITHUB_OWNER = /^[A-Za-z0-9][A-Za-z0-9-]{0,38}$/;
const GITLAB_SEGMENT = '[A-Za-z0-9_.][A-Za-z0-9_.-]*';
const GITLAB_PROJECT = new RegExp(`^(?:[0-9]+|${GITLAB_SEGMENT}(?:/${GITLAB_SEGMENT})+)$`);
const GITLAB_GROUP = new RegExp(`^(?:[0-9]+|${GITLAB_SEGMENT}(?:/${GITLAB_SEGMENT})*)$`);

/** The entries of a one-per-line list, as the backend reads them (blank lines skipped). */
export function entries(list: string[] | undefined): string[] {
  return (list ?? []).map((l) => l.trim()).filter((l) => l !== '');
}

export function githubRepositoriesError(list: string[] | undefined): string | undefined {
  const raw = list ?? [];
  const seen = new Set<string>();
  for (let i = 0; i < raw.length; i++) {
    const r = raw[i].trim().replace(/\.git$/, '');
    if (r === '') {
      continue;
    }
    if (!GITHUB_REPO.test(r)) {
      return `Repository ${i + 1} ("${raw[i]}") is not owner/repo: enter each repository like octo-org/api, one per line.`;
    }
    if (seen.has(r.toLowerCase())) {
      return `Repository "${r}" is listed twice: list each repository once.`;
    }
    seen.add(r.toLowerCase());
  }
  return seen.size === 0 ? 'Enter the repositories to read (owner/repo, one per line).' : undefined;
}

export function githubOrganizationError(org: string | undefined): string | undefined {
  const o = (org ?? '').trim();
  if (o === '') {
    return 'Enter the organisation whose repositories to read.';
  }
  return GITHUB_OWNER.test(o)
    ? undefined
    : `The organisation "${o}" is not a GitHub organisation name (letters, digits and -, as in github.com/<organisation>).`;
}

/** Checks GitLab projects or groups; kind is "Project" or "Group". */
export function gitlabPathsError(kind: 'Project' | 'Group', list: string[] | undefined): string | undefined {
  const raw = list ?? [];
  const pattern = kind === 'Project' ? GITLAB_PROJECT : GITLAB_GROUP;
  const form =
    kind === 'Project'
      ? 'a path with its group, like acme/shop, or the numeric project id'
      : 'a group path, like acme or acme/platform, or the numeric group id';
  const seen = new Set<string>();
  for (let i = 0; i < raw.length; i++) {
    const p = raw[i].trim().replace(/^\/+|\/+$/g, '');
    if (p === '') {
      continue;
    }
    if (!pattern.test(p)) {
      return `${kind} ${i + 1} ("${raw[i]}") is not ${form}.`;
    }
    if (seen.has(p.toLowerCase())) {
      return `${kind} "${p}" is listed twice: list each once.`;
    }
    seen.add(p.toLowerCase());
  }
  return undefined;
}

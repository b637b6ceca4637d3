import {
  JIRA_SEVERITIES,
  LABEL_SEVERITIES,
  PAGERDUTY_SEVERITIES,
  SERVICENOW_SEVERITIES,
  REDMINE_SEVERITIES,
  RT_SEVERITIES,
  type SeveritySetting,
  type SpacetimeOptions,
  type SpacetimeSecureOptions,
  type TicketSystem,
} from '../../types';

/** What the config editor says and keeps for one ticket system. A new system adds an entry here. */
export interface SystemSpec {
  label: string;
  /** One line in the system picker. */
  description: string;
  /** What to prepare in the ticket system before saving. */
  help: string;
  /** What Save & test checks, in the order it reports it. */
  saveAndTest: string;
  urlPlaceholder: string;
  /** The jsonData keys only this system reads: switching away clears them. */
  ownKeys: Array<keyof SpacetimeOptions>;
  /** The secureJsonData keys this system reads: switching away resets them. */
  secrets: Array<keyof SpacetimeSecureOptions>;
  defaultSeverities: SeveritySetting[];
  /** Whether the backend lists the system's own fields (GET system/fields): "Fields from <system>". */
  listsFields: boolean;
  /** The URL may stay empty (PagerDuty: the service region's API URL). */
  urlOptional?: boolean;
}

const jiraKeys: Array<keyof SpacetimeOptions> = ['email', 'authType', 'username', 'jql', 'customFields'];

export const SYSTEMS: Record<TicketSystem, SystemSpec> = {
  redmine: {
    label: 'Redmine',
    description: 'Redmine 4.x / 5.x REST API',
    help: 'Enable the REST API in Redmine (Administration → Settings → API → "Enable REST web service") and copy the API access key from My account.',
    saveAndTest:
      'Save & test checks that Redmine answers, that it accepts the API key (and as whom), and how many tickets the key can see in the project.',
    urlPlaceholder: 'https://redmine.example.com',
    ownKeys: ['project'],
    secrets: ['apiKey'],
    defaultSeverities: REDMINE_SEVERITIES,
    listsFields: false,
  },
  'jira-cloud': {
    label: 'Jira Cloud',
    description: 'Jira Cloud REST API v3 (your-site.atlassian.net)',
    help: 'Create an API token at id.atlassian.com → Security → API tokens, for an account that may browse the projects to read. Spacetime only reads.',
    saveAndTest:
      'Save & test checks that the site answers, that it accepts the email and API token (and as whom, with the account’s time zone, which JQL dates use), that the JQL scope is valid (quoting Jira’s own message when not), and how many issues were updated in the sync window.',
    urlPlaceholder: 'https://your-site.atlassian.net',
    ownKeys: jiraKeys,
    secrets: ['apiToken'],
    defaultSeverities: JIRA_SEVERITIES,
    listsFields: true,
  },
  'jira-dc': {
    label: 'Jira Data Center',
    description: 'Jira Data Center / Server REST API v2',
    help: 'Create a personal access token in Jira under your profile → Personal Access Tokens (Jira 8.14 and later), or use a user name and password. Spacetime only reads.',
    saveAndTest:
      'Save & test checks that Jira answers, that it accepts the token or password (and as whom, with the account’s time zone, which JQL dates use), that the JQL scope is valid (quoting Jira’s own message when not), and how many issues were updated in the sync window.',
    urlPlaceholder: 'https://jira.example.com',
    ownKeys: jiraKeys,
    secrets: ['personalAccessToken', 'password'],
    defaultSeverities: JIRA_SEVERITIES,
    listsFields: true,
  },
  github: {
    label: 'GitHub',
    description: 'GitHub Issues on github.com or GitHub Enterprise Server',
    help: 'Create a fine-grained personal access token (Settings → Developer settings → Personal access tokens) with read-only access to Issues of the repositories to read; a classic token needs repo (public_repo for public repositories). For Enterprise Server enter its address: /api/v3 is added.',
    saveAndTest:
      'Save & test checks that GitHub answers and accepts the token (and as whom), that every repository (or the organisation) is visible with issues enabled, how many issues were updated in the sync window, and what polling costs of the 5,000 requests an hour.',
    urlPlaceholder: 'https://api.github.com',
    ownKeys: ['githubRepositories', 'githubOrganization'],
    secrets: ['githubToken'],
    defaultSeverities: LABEL_SEVERITIES,
    listsFields: false,
  },
  gitlab: {
    label: 'GitLab',
    description: 'GitLab Issues on gitlab.com or self-managed GitLab (REST API v4)',
    help: 'Create a personal, group or project access token with the read_api scope (User settings → Access tokens), for a user who may read the projects’ issues.',
    saveAndTest:
      'Save & test checks that GitLab answers and accepts the token (and as whom), that every project and group is visible, how many issues were updated in the sync window (GitLab gives no total above 10,000), and what polling costs.',
    urlPlaceholder: 'https://gitlab.com',
    ownKeys: ['gitlabProjects', 'gitlabGroups'],
    secrets: ['gitlabToken'],
    defaultSeverities: LABEL_SEVERITIES,
    listsFields: false,
  },
  rt: {
    label: 'Request Tracker',
    description: 'Request Tracker 5 REST2 API',
    help: 'Create an auth token in RT (Logged in as → Settings → Auth Tokens) for a user with SeeQueue, ShowTicket and SeeCustomField on the queues to read; give it SeeCustomField on each custom field too, so multi-valued fields are known. Spacetime only reads.',
    saveAndTest:
      'Save & test checks that RT’s REST2 API answers (and its version), that it accepts the auth token or password (and as whom), that the TicketSQL scope is valid (quoting RT’s own message when not), that the severity custom field exists, and how many tickets were updated in the sync window.',
    urlPlaceholder: 'https://rt.example.com',
    ownKeys: ['authType', 'username', 'ticketSQL', 'severityField', 'priorityRanges'],
    secrets: ['authToken', 'password'],
    defaultSeverities: RT_SEVERITIES,
    listsFields: false,
  },
  servicenow: {
    label: 'ServiceNow',
    description: 'ServiceNow Table API: incident or any task table',
    help: 'Create a ServiceNow user with read access to the table (the itil role, or rest_api_explorer and the table’s ACLs), or an OAuth API endpoint for external clients with the client credentials grant (System OAuth → Application Registry). Spacetime only reads.',
    saveAndTest:
      'Save & test checks that the instance answers, that it accepts the user and password or the OAuth client (fetching a token), that the table exists, how many records the encoded query shows updated in the sync window, and whether deletions can be read from sys_audit_delete.',
    urlPlaceholder: 'https://your-instance.service-now.com',
    ownKeys: ['table', 'authType', 'username', 'clientId', 'query'],
    secrets: ['password', 'clientSecret'],
    defaultSeverities: SERVICENOW_SEVERITIES,
    listsFields: false,
  },
  pagerduty: {
    label: 'PagerDuty',
    description: 'PagerDuty REST API v2, US or EU service region',
    help: 'Create a read-only REST API key in PagerDuty (Integrations → API Access Keys), or use a user’s API token. Leave the URL empty to use the service region’s API URL.',
    saveAndTest:
      'Save & test checks that the region’s API answers, that it accepts the API key (and as whom, for a user token), and how many incidents of the chosen services and teams were created in the sync window.',
    urlPlaceholder: 'https://api.pagerduty.com',
    ownKeys: ['region', 'serviceIds', 'teamIds'],
    secrets: ['apiKey'],
    defaultSeverities: PAGERDUTY_SEVERITIES,
    listsFields: false,
    urlOptional: true,
  },
  jsonapi: {
    label: 'JSON API',
    description: 'Any JSON API (Zendesk, YouTrack, an in-house tracker): mapped with GJSON paths',
    help: 'Choose a preset or describe the API: the listing’s URL template, its paging, where the tickets are in the answer and the GJSON path of each field. Test mapping shows the first tickets exactly as mapped.',
    saveAndTest:
      'Save & test fetches the first page for the sync window, maps it, and says how many records it held and which values could not be mapped.',
    urlPlaceholder: 'https://tracker.example.com',
    ownKeys: ['jsonApi'],
    secrets: ['token', 'password', 'apiKey'],
    defaultSeverities: [],
    listsFields: false,
  },
};

export const SYSTEM_IDS = Object.keys(SYSTEMS) as TicketSystem[];

/** Settings every system shares; switching systems keeps these and nothing else. */
const COMMON_KEYS: Array<keyof SpacetimeOptions> = [
  'syncWindowDays',
  'pollIntervalSeconds',
  'backfillSlices',
  'tlsSkipVerify',
  'tlsAuthWithCACert',
];

export interface SystemSwitch {
  url: string;
  jsonData: SpacetimeOptions;
  secureJsonData: SpacetimeSecureOptions;
  secureJsonFields: Record<string, boolean>;
}

/**
 * The settings after switching to next: the URL, every system's own keys, field mapping, severities and every
 * system's secrets go (a Redmine URL or key means nothing to Jira); sync and TLS settings stay.
 */
export function switchSystem(
  next: TicketSystem,
  jsonData: SpacetimeOptions,
  secureJsonData: SpacetimeSecureOptions | undefined,
  secureJsonFields: Record<string, boolean> | undefined
): SystemSwitch {
  const kept: SpacetimeOptions = { system: next };
  for (const k of COMMON_KEYS) {
    if (jsonData[k] !== undefined) {
      (kept as Record<string, unknown>)[k] = jsonData[k];
    }
  }
  const secrets = new Set(SYSTEM_IDS.flatMap((id) => SYSTEMS[id].secrets));
  const fields: Record<string, boolean> = { ...(secureJsonFields ?? {}) };
  const data: SpacetimeSecureOptions = { ...(secureJsonData ?? {}) };
  for (const key of secrets) {
    if (fields[key] || data[key]) {
      fields[key] = false;
      data[key] = '';
    }
  }
  return { url: '', jsonData: kept, secureJsonData: data, secureJsonFields: fields };
}

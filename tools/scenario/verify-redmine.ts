// tsx tools/scenario/verify-redmine.ts .cache/redmine/shop-scenario.json
// Checks over Redmine's REST API (REDMINE_URL, REDMINE_API_KEY) that a loaded scenario reads back as a client sees
// it: counts (all, closed, open), custom fields, categories, closed_on against the status, the outage's tickets, and
// that the web UI's issue page loads. Exits 1 naming what differs. redmine.sh seed-scenario runs it after loading.
import { readFileSync } from 'fs';

import type { LoadedScenario } from './types';

interface RedmineIssue {
  id: number;
  project: { id: number; name: string };
  status: { id: number; name: string; is_closed?: boolean };
  category?: { id: number; name: string };
  custom_fields?: Array<{ id: number; name: string; value: string | null }>;
  subject: string;
  created_on: string;
  updated_on: string;
  closed_on: string | null;
}

interface IssuesPage {
  issues: RedmineIssue[];
  total_count: number;
}

const problems: string[] = [];
const check = (ok: boolean, what: string) => {
  if (!ok) {
    problems.push(what);
  }
};

async function main() {
  const file = process.argv[2];
  const url = (process.env.REDMINE_URL ?? '').replace(/\/$/, '');
  const key = process.env.REDMINE_API_KEY ?? '';
  if (!file || !url || !key) {
    console.error(
      'usage: REDMINE_URL=… REDMINE_API_KEY=… tsx tools/scenario/verify-redmine.ts <project>-scenario.json'
    );
    process.exit(2);
  }
  const s: LoadedScenario = JSON.parse(readFileSync(file, 'utf8'));
  const t0 = performance.now();

  const get = async (path: string) => {
    const res = await fetch(`${url}${path}`, { headers: { 'X-Redmine-API-Key': key } });
    if (!res.ok) {
      throw new Error(`GET ${path}: HTTP ${res.status}`);
    }
    return res;
  };
  const issues = async (query: Record<string, string>): Promise<IssuesPage> =>
    (await get(`/issues.json?${new URLSearchParams({ project_id: s.project, ...query })}`)).json();

  const fieldIds = { Service: s.fields.service, Region: s.fields.region, Team: s.fields.team };
  const windowFrom = Date.parse(s.window.from);
  const windowTo = Date.parse(s.window.to);
  const checkIssue = (i: RedmineIssue) => {
    const where = `issue ${i.id}`;
    check(i.project.id === s.project_id, `${where}: project ${i.project.id}, not ${s.project_id}`);
    for (const [name, id] of Object.entries(fieldIds)) {
      const cf = i.custom_fields?.find((f) => f.id === id);
      check(cf?.name === name, `${where}: no custom field ${name} (cf_${id})`);
    }
    const created = Date.parse(i.created_on);
    check(created >= windowFrom && created < windowTo, `${where}: created_on ${i.created_on} outside the window`);
    check(Date.parse(i.updated_on) >= created, `${where}: updated_on before created_on`);
    const closed = i.status.is_closed;
    if (closed !== undefined) {
      check(
        closed === (i.closed_on !== null),
        `${where}: status ${i.status.name} and closed_on ${i.closed_on} disagree`
      );
    }
  };

  const all = await issues({ status_id: '*', limit: '2' });
  check(all.total_count === s.tickets, `all issues: ${all.total_count}, the summary says ${s.tickets}`);
  all.issues.forEach(checkIssue);

  const closed = await issues({ status_id: 'closed', limit: '2' });
  check(closed.total_count === s.closed, `closed issues: ${closed.total_count}, the summary says ${s.closed}`);
  closed.issues.forEach(checkIssue);
  for (const i of closed.issues) {
    check(
      i.closed_on !== null && Date.parse(i.closed_on) > Date.parse(i.created_on),
      `issue ${i.id}: closed, closed_on ${i.closed_on}`
    );
    check(i.status.is_closed !== false, `issue ${i.id}: listed as closed, status ${i.status.name} is not`);
  }

  const open = await issues({ status_id: 'open', limit: '2' });
  check(open.total_count === s.open, `open issues: ${open.total_count}, the summary says ${s.open}`);
  open.issues.forEach(checkIssue);
  for (const i of open.issues) {
    check(i.closed_on === null, `issue ${i.id}: open, but closed_on ${i.closed_on}`);
  }

  // The outage, as a client filters it: its service and region, opened since it started.
  const o = s.outage;
  const outage = await issues({
    status_id: '*',
    [`cf_${s.fields.service}`]: o.service,
    [`cf_${s.fields.region}`]: o.region,
    created_on: `>=${o.from}`,
    limit: '2',
  });
  check(
    outage.total_count >= o.tickets,
    `outage ${o.service}/${o.region} since ${o.from}: ${outage.total_count} issues, fewer than its ${o.tickets}`
  );
  outage.issues.forEach(checkIssue);
  for (const i of outage.issues) {
    const value = (name: string) => i.custom_fields?.find((f) => f.name === name)?.value;
    check(
      value('Service') === o.service && value('Region') === o.region,
      `issue ${i.id}: not ${o.service}/${o.region}`
    );
    check(value('Team') === o.team, `issue ${i.id}: team ${value('Team')}, not ${o.team}`);
  }
  const uncategorized = await issues({ status_id: '*', category_id: '!*', limit: '1' });
  check(
    uncategorized.total_count > 0 && uncategorized.total_count < s.tickets * 0.1,
    `issues without a category: ${uncategorized.total_count}`
  );

  // Redmine's own web page for an issue renders (the data links in Grafana point there).
  const page = await fetch(`${url}/issues/${s.first_issue_id}`, { headers: { 'X-Redmine-API-Key': key } });
  const html = await page.text();
  check(
    page.status === 200 && html.includes(`#${s.first_issue_id}`),
    `GET /issues/${s.first_issue_id}: HTTP ${page.status}`
  );

  const ms = Math.round(performance.now() - t0);
  if (problems.length > 0) {
    console.error(`verify-redmine: ${problems.length} problem(s) in project ${s.project}:\n  ${problems.join('\n  ')}`);
    process.exit(1);
  }
  console.log(
    `verify-redmine: project ${s.project} reads back over REST: ${all.total_count} issues (${closed.total_count} closed, ` +
      `${open.total_count} open), outage ${o.service}/${o.region} since ${o.from}: ${outage.total_count}, ` +
      `${uncategorized.total_count} without a category, issue page ${s.first_issue_id} HTTP 200 (${ms} ms)`
  );
}

main().catch((e) => {
  console.error(`verify-redmine: ${e instanceof Error ? e.message : e}`);
  process.exit(1);
});

// npm run scenario -- [--seed N] [--end ISO] [--hours N] [--rate N] [--volume X] [--no-descriptions] [--out file.json]
// Writes the outage scenario (tools/scenario/scenario.ts) as JSON, to stdout without --out; a one-line summary goes
// to stderr. --end defaults to now, rounded down to the minute.
import { mkdirSync, renameSync, writeFileSync } from 'fs';
import path from 'path';
import { parseArgs } from 'util';

import { DEFAULT_SEED, generateScenario } from './scenario';
import { type Scenario } from './types';

function fail(message: string): never {
  process.stderr.write(`scenario: ${message}\n`);
  process.exit(2);
}

function number(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined) {
    return fallback;
  }
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n)) {
    fail(`--${name} must be a number, got '${text}'`);
  }
  return n;
}

/** The JSON text: one ticket per line, so the file stays greppable and diffs stay small. */
function scenarioJSON(s: Scenario): string {
  const { tickets, ...head } = s;
  const lines = tickets.map((t) => `    ${JSON.stringify(t)}`);
  const start = JSON.stringify(head, null, 2).replace(/\n}$/, '');
  return `${start},\n  "tickets": [\n${lines.join(',\n')}\n  ]\n}\n`;
}

function main() {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        seed: { type: 'string' },
        end: { type: 'string' },
        hours: { type: 'string' },
        rate: { type: 'string' },
        volume: { type: 'string' },
        'no-descriptions': { type: 'boolean' },
        out: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (e) {
    fail((e as Error).message);
  }
  if (values.help) {
    process.stdout.write(
      'usage: tsx tools/scenario/cli.ts [--seed N] [--end ISO] [--hours N] [--rate N] [--volume X] [--no-descriptions] [--out file.json]\n'
    );
    return;
  }
  let end: Date;
  if (values.end === undefined) {
    end = new Date(Math.floor(Date.now() / 60_000) * 60_000);
  } else {
    end = new Date(values.end);
    if (Number.isNaN(end.getTime())) {
      fail(`--end must be a date (ISO 8601, e.g. 2026-11-22T16:00:00Z), got '${values.end}'`);
    }
  }
  const t0 = performance.now();
  const scenario = generateScenario({
    end,
    seed: number('seed', values.seed, DEFAULT_SEED),
    hours: number('hours', values.hours, 24),
    ratePerMinute: number('rate', values.rate, 10),
    volume: number('volume', values.volume, 1),
    descriptions: !values['no-descriptions'],
  });
  const text = scenarioJSON(scenario);
  const ms = performance.now() - t0;
  if (values.out) {
    mkdirSync(path.dirname(path.resolve(values.out)), { recursive: true });
    const tmp = `${values.out}.tmp`;
    writeFileSync(tmp, text);
    renameSync(tmp, values.out);
  } else {
    process.stdout.write(text);
  }
  const o = scenario.outage;
  process.stderr.write(
    `scenario: seed ${scenario.seed}, ${scenario.tickets.length} tickets from ${scenario.window.from} to ` +
      `${scenario.window.to}; outage ${o.service}/${o.region} from ${o.from} to ${o.to}` +
      `${o.ongoing ? ' (ongoing at the end)' : ''}: ${o.tickets} tickets; ${Math.round(ms)} ms` +
      `${values.out ? ` → ${values.out}` : ''}\n`
  );
}

main();

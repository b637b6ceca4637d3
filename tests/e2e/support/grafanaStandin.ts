import { type ChildProcess, execFileSync, spawn } from 'child_process';
import { existsSync, readFileSync } from 'fs';
import path from 'path';

const repo = path.resolve(__dirname, '..', '..', '..');

export interface LiveRedmine {
  url: string;
  apiKey: string;
  /** The tests' project (ops): the live Redmine also holds the ~16,000 tickets of the outage scenario (shop). */
  project: string;
}

/** The test Redmine from scripts/redmine/redmine.sh (its .cache/redmine/env), or the environment. */
export function liveRedmine(): LiveRedmine {
  const envFile = path.join(repo, '.cache', 'redmine', 'env');
  const vars: Record<string, string> = {};
  if (existsSync(envFile)) {
    for (const line of readFileSync(envFile, 'utf8').split('\n')) {
      const m = /^(\w+)=(.*)$/.exec(line.trim());
      if (m) {
        vars[m[1]] = m[2];
      }
    }
  }
  const url = process.env.REDMINE_URL ?? vars.REDMINE_URL;
  const apiKey = process.env.REDMINE_API_KEY ?? vars.REDMINE_API_KEY;
  if (!url || !apiKey) {
    throw new Error('No live Redmine: run scripts/redmine/redmine.sh up (it writes .cache/redmine/env)');
  }
  return { url, apiKey, project: process.env.REDMINE_PROJECT ?? vars.REDMINE_PROJECT ?? 'ops' };
}

export interface Standin {
  baseURL: string;
  stop: () => void;
}

/**
 * Builds and starts tests/grafanahost/cmd/grafana-standin: Grafana's HTTP API for one unconfigured Spacetime
 * datasource, backed by the built plugin executable; other paths go to the sandbox page server.
 */
export async function startStandin(port: number, sandboxURL: string): Promise<Standin> {
  const exe = path.join(repo, 'dist', 'datasource', 'gpx_spacetime_tickets_linux_amd64');
  if (!existsSync(exe)) {
    throw new Error(`${exe} is missing: run npm run build:all (or mage buildLinux) first`);
  }
  const bin = path.join(repo, '.cache', 'grafana-standin');
  execFileSync('go', ['build', '-o', bin, './tests/grafanahost/cmd/grafana-standin'], { cwd: repo, stdio: 'inherit' });
  const listen = `127.0.0.1:${port}`;
  const child: ChildProcess = spawn(bin, ['-empty', '-exe', exe, '-listen', listen, '-sandbox', sandboxURL], {
    cwd: repo,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const baseURL = `http://${listen}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      const res = await fetch(`${baseURL}/api/datasources/uid/spacetime-redmine`);
      if (res.ok) {
        break;
      }
    } catch {
      // not listening yet
    }
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill();
      throw new Error(`grafana-standin did not start on ${listen} (exit ${child.exitCode})`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { baseURL, stop: () => child.kill() };
}

export interface LiveRT {
  url: string;
  token: string;
}

/** The test Request Tracker from scripts/rt/rt.sh (its env file in RT_STATE_DIR or .cache/rt), or the environment. */
export function liveRT(): LiveRT {
  const envFile = path.join(process.env.RT_STATE_DIR ?? path.join(repo, '.cache', 'rt'), 'env');
  const vars: Record<string, string> = {};
  if (existsSync(envFile)) {
    for (const line of readFileSync(envFile, 'utf8').split('\n')) {
      const m = /^(\w+)=(.*)$/.exec(line.trim());
      if (m) {
        vars[m[1]] = m[2];
      }
    }
  }
  const url = process.env.RT_URL ?? vars.RT_URL;
  const token = process.env.RT_TOKEN ?? vars.RT_TOKEN;
  if (!url || !token) {
    throw new Error('No live Request Tracker: run scripts/rt/rt.sh up (it writes .cache/rt/env)');
  }
  return { url, token };
}

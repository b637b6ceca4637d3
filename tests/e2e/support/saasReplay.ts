import { type ChildProcess, execFileSync, spawn } from 'child_process';
import path from 'path';

const repo = path.resolve(__dirname, '..', '..', '..');

/** The credentials the replay servers accept (pkg/connector/*test). */
export const ZENDESK_USER = 'agent@example.com/token';
export const ZENDESK_TOKEN = 'zd-replay-api-token-0123';
export const SNOW_USER = 'admin';
export const SNOW_PASSWORD = 'replay-Passw0rd';
export const PAGERDUTY_KEY = 'u+replayKey-8kQ2xv3Lz9';

export interface SaasReplay {
  url: string;
  stop: () => void;
}

/** Builds and starts tests/saas-replay/cmd: a replayed ServiceNow, PagerDuty or Zendesk on 127.0.0.1:port. */
export async function startSaasReplay(
  port: number,
  system: 'servicenow' | 'pagerduty' | 'zendesk'
): Promise<SaasReplay> {
  const bin = path.join(repo, '.cache', 'saas-replay');
  execFileSync('go', ['build', '-o', bin, './tests/saas-replay/cmd'], { cwd: repo, stdio: 'inherit' });
  const listen = `127.0.0.1:${port}`;
  const child: ChildProcess = spawn(bin, ['-system', system, '-listen', listen], {
    cwd: repo,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`saas-replay ${system} did not start on ${listen}`)), 30_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('listening on')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.on('exit', (code) => reject(new Error(`saas-replay ${system} exited with ${code}`)));
  });
  return { url: `http://${listen}`, stop: () => child.kill() };
}

import { type ChildProcess, execFileSync, spawn } from 'child_process';
import path from 'path';

const repo = path.resolve(__dirname, '..', '..', '..');

/** The credentials the replay server accepts (pkg/connector/jira/jiratest). */
export const JIRA_EMAIL = 'alice@example.com';
export const JIRA_API_TOKEN = 'ATATT3xFfGF0-replay-token';

export interface JiraReplay {
  url: string;
  stop: () => void;
}

/** Builds and starts tests/jira-replay/cmd: a replayed Jira site (cloud or dc) on 127.0.0.1:port. */
export async function startJiraReplay(port: number, flavor: 'cloud' | 'dc'): Promise<JiraReplay> {
  const bin = path.join(repo, '.cache', 'jira-replay');
  execFileSync('go', ['build', '-o', bin, './tests/jira-replay/cmd'], { cwd: repo, stdio: 'inherit' });
  const listen = `127.0.0.1:${port}`;
  const child: ChildProcess = spawn(bin, ['-flavor', flavor, '-listen', listen, '-generate', '200'], {
    cwd: repo,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`jira-replay did not start on ${listen}`)), 30_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('listening on')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.on('exit', (code) => reject(new Error(`jira-replay exited with ${code}`)));
  });
  return { url: `http://${listen}`, stop: () => child.kill() };
}

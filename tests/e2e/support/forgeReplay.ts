import { type ChildProcess, execFileSync, spawn } from 'child_process';
import path from 'path';

const repo = path.resolve(__dirname, '..', '..', '..');

/** The tokens the replays accept (pkg/connector/github/githubtest, pkg/connector/gitlab/gitlabtest). */
export const GITHUB_TOKEN = 'github_pat_11REPLAY0000000000_spacetimeReplayTokenValue';
export const GITLAB_TOKEN = 'glpat-ReplayToken0123456789ab';

export interface ForgeReplay {
  url: string;
  stop: () => void;
}

/** Builds and starts tests/forge-replay/cmd: a replayed GitHub Enterprise Server or GitLab on 127.0.0.1:port. */
export async function startForgeReplay(port: number, system: 'github' | 'gitlab'): Promise<ForgeReplay> {
  const bin = path.join(repo, '.cache', 'forge-replay');
  execFileSync('go', ['build', '-o', bin, './tests/forge-replay/cmd'], { cwd: repo, stdio: 'inherit' });
  const listen = `127.0.0.1:${port}`;
  const child: ChildProcess = spawn(bin, ['-system', system, '-listen', listen, '-generate', '200'], {
    cwd: repo,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`forge-replay did not start on ${listen}`)), 30_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('listening on')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.on('exit', (code) => reject(new Error(`forge-replay exited with ${code}`)));
  });
  return { url: `http://${listen}`, stop: () => child.kill() };
}

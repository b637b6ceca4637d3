import { createReadStream, existsSync, statSync } from 'fs';
import { createServer, type Server } from 'http';
import path from 'path';

import { buildSandbox } from './build';

const sandboxDir = path.dirname(new URL(import.meta.url).pathname);
const repoDir = path.resolve(sandboxDir, '..');

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.map': 'application/json',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/** Maps a URL path to a file the sandbox may serve, or undefined (no path may leave its folder). */
function resolveFile(urlPath: string): string | undefined {
  const routes: Array<[string, string]> = [
    ['/dist/', path.join(repoDir, 'dist')],
    ['/frames/', path.join(sandboxDir, 'frames')],
    ['/dashboards/', path.join(repoDir, 'src', 'dashboards')],
    ['/sandbox.js', path.join(sandboxDir, '.build', 'sandbox.js')],
    ['/sandbox.js.map', path.join(sandboxDir, '.build', 'sandbox.js.map')],
    ['/sandbox.css', path.join(sandboxDir, '.build', 'sandbox.css')],
    ['/public/build/img/icons/', path.join(repoDir, 'node_modules', '@grafana', 'ui', 'dist', 'public', 'img', 'icons')],
    ['/', path.join(sandboxDir, 'public')],
  ];
  for (const [prefix, dir] of routes) {
    if (urlPath === prefix && !prefix.endsWith('/')) {
      return dir;
    }
    if (prefix.endsWith('/') && urlPath.startsWith(prefix)) {
      const rest = urlPath.slice(prefix.length) || 'index.html';
      const file = path.resolve(dir, rest);
      return file.startsWith(dir + path.sep) ? file : undefined;
    }
  }
  return undefined;
}

export function startSandboxServer(port: number): Promise<Server> {
  const server = createServer((req, res) => {
    const urlPath = decodeURIComponent(new URL(req.url ?? '/', 'http://127.0.0.1').pathname);
    const file = resolveFile(urlPath);
    if (!file || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end(`Not found: ${urlPath}`);
      return;
    }
    res.writeHead(200, { 'content-type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
    createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)));
}

async function main() {
  if (!existsSync(path.join(repoDir, 'dist', 'panel', 'module.js'))) {
    console.error('dist/panel/module.js is missing: run "npm run build" first.');
    process.exit(1);
  }
  await buildSandbox();
  const port = Number(process.env.SANDBOX_PORT ?? 3100);
  await startSandboxServer(port);
  console.log(`Spacetime sandbox on http://127.0.0.1:${port}/ (pid ${process.pid}); ?theme=light|dark&frames=<name>, ?page=dashboard&dashboard=<name>`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

import { defineConfig } from '@playwright/test';

import { launchOptions } from './tests/e2e/support/browser';

const port = Number(process.env.SANDBOX_PORT ?? 3100);

// Grafana cannot run here: the e2e tests drive the sandbox page, which loads the built plugin modules with
// Grafana's own packages, in Debian's Chromium (Playwright cannot download a browser on this network).
export default defineConfig({
  testDir: './tests/e2e',
  outputDir: './test-results',
  timeout: 60_000,
  retries: 0,
  workers: 1,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    viewport: { width: 1280, height: 720 },
    launchOptions,
  },
  webServer: {
    command: 'npx tsx sandbox/server.ts',
    url: `http://127.0.0.1:${port}/`,
    env: { SANDBOX_PORT: String(port) },
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'pipe',
  },
});

import { type LaunchOptions } from '@playwright/test';

/** Debian's Chromium, as every e2e test and screenshot here runs it (Playwright cannot download a browser). */
export const launchOptions: LaunchOptions = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
};

/** The same, with the scrollbars a desktop browser shows (Playwright's headless Chromium hides them). */
export const withScrollbars: LaunchOptions = { ...launchOptions, ignoreDefaultArgs: ['--hide-scrollbars'] };

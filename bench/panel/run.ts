// npm run bench:panel — drives the sandbox in Chromium (playwright-core) with a generated 100,000 rows × 10 columns
// frame and prints figures: first paint, search keystroke → paint (p50/p95), sort, column filter, beside
// @grafana/ui's Table fed the same frame, and the filter engine beside crossfilter2 for filtering alone.
// It prints; it never asserts timings. Needs dist/panel/module.js (npm run build).
import { spawn } from 'child_process';
import { writeFileSync } from 'fs';
import path from 'path';
import { chromium, type Page } from 'playwright-core';
import crossfilter from 'crossfilter2';

const ROWS = Number(process.env.BENCH_ROWS ?? 100_000);
const PORT = Number(process.env.BENCH_PORT ?? 3290);
const REPEAT = 5;
const TYPING_ROUNDS = 3;
const TYPING_STARTS_MS = Number(process.env.BENCH_TYPING_STARTS_MS ?? 1000);
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');
const base = `http://127.0.0.1:${PORT}`;

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const median = (xs: number[]) => pct(xs, 50);
const ms = (x: number) => `${x.toFixed(1)} ms`;

/** Milliseconds from frames loaded (sandbox mark) to the first painted frame with rows. */
async function firstPaint(page: Page, url: string, rowSelector: string): Promise<number> {
  await page.goto(url);
  await page.waitForSelector(rowSelector, { timeout: 120_000 });
  return page.evaluate(
    (sel) =>
      new Promise<number>((resolve) =>
        requestAnimationFrame(() =>
          setTimeout(() => {
            const mark = performance.getEntriesByName('sandbox-frames-loaded')[0];
            const seen = (window as unknown as { firstRowsAt?: number }).firstRowsAt ?? performance.now();
            void sel;
            resolve(seen - (mark?.startTime ?? 0));
          })
        )
      ),
    rowSelector
  );
}

/** Runs an action in the page and measures until the next paint. */
async function toPaint(page: Page, action: string, arg?: unknown): Promise<number> {
  return page.evaluate(
    ([code, a]) =>
      new Promise<number>((resolve) => {
        const t0 = performance.now();
        new Function('arg', code as string)(a);
        requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - t0)));
      }),
    [action, arg] as const
  );
}

/**
 * Runs an action (a click through the UI) and measures until its result is in the DOM (`ready`, checked after the
 * action and on every DOM change) and then painted. Popovers that open or filter asynchronously are timed to
 * their result, not to the first paint after the click.
 */
async function toPaintWhen(page: Page, action: string, ready: string, arg?: unknown): Promise<number> {
  // Source text, not a function: tsx would wrap named functions in a helper the page does not have.
  return page.evaluate(`new Promise((resolve, reject) => {
    const arg = ${JSON.stringify(arg ?? null)};
    const isReady = () => (${ready});
    const t0 = performance.now();
    const done = () => requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - t0)));
    { ${action} }
    if (isReady()) {
      done();
      return;
    }
    const obs = new MutationObserver(() => {
      if (isReady()) {
        obs.disconnect();
        clearTimeout(timer);
        done();
      }
    });
    const timer = setTimeout(() => {
      obs.disconnect();
      reject(new Error('not ready after 60 s: ' + ${JSON.stringify(ready)}));
    }, 60000);
    obs.observe(document, { childList: true, subtree: true, attributes: true, characterData: true });
  })`) as Promise<number>;
}

/** Clicks the checkboxes labelled with the given values inside `scope` (a selector). */
const checkValues = (scope: string, values: string[]) => `{
  const root = document.querySelector(${JSON.stringify(scope)}) ?? document;
  for (const v of ${JSON.stringify(values)}) {
    const label = [...root.querySelectorAll('label')].find((l) => l.textContent.trim() === v);
    if (!label) throw new Error('no checkbox labelled ' + v);
    (label.querySelector('input') ?? label).click();
  }
}`;

const FILTER_VALUES = ['auth', 'checkout'];

const installRowWatch = (sel: string) => `
  new MutationObserver((_, obs) => {
    if (document.querySelector(${JSON.stringify(sel)})) {
      window.firstRowsAt = performance.now();
      obs.disconnect();
    }
  }).observe(document, { childList: true, subtree: true });
`;

async function main() {
  const server = spawn('npx', ['tsx', 'sandbox/server.ts'], {
    cwd: root,
    env: { ...process.env, SANDBOX_PORT: String(PORT) },
    stdio: 'pipe',
    detached: true,
  });
  const stopServer = () => {
    try {
      process.kill(-server.pid!);
    } catch {
      // already gone
    }
  };
  process.on('exit', stopServer);
  await new Promise<void>((resolve, reject) => {
    server.stdout.on('data', (d: Buffer) => d.toString().includes('sandbox on') && resolve());
    server.on('exit', (code) => reject(new Error(`sandbox exited ${code}`)));
  });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu'],
  });
  const results: Array<[string, string, string]> = [];
  try {
    const frames = `generated-${ROWS}`;
    // Ours.
    const ours = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    await ours.addInitScript(installRowWatch('[data-row]'));
    const oursPaint: number[] = [];
    for (let i = 0; i < REPEAT; i++) {
      oursPaint.push(await firstPaint(ours, `${base}/?frames=${frames}`, '[data-row]'));
    }
    const keystrokes: number[] = [];
    const typed = 'checkout 502 from up';
    // A person starts typing a moment after the table appears, not within the same frame.
    await ours.waitForTimeout(TYPING_STARTS_MS);
    const cdp = process.env.BENCH_PROFILE ? await ours.context().newCDPSession(ours) : undefined;
    if (process.env.BENCH_TRACE) {
      await browser.startTracing(ours, {
        path: process.env.BENCH_TRACE,
        categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute', 'blink.user_timing'],
      });
    }
    if (cdp) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
      await cdp.send('Profiler.start');
    }
    for (let round = 0; round < TYPING_ROUNDS; round++) {
      for (let i = 1; i <= typed.length; i++) {
        keystrokes.push(
          await toPaint(
            ours,
            `const input = document.querySelector('input[aria-label="Search rows"]');
             const set = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set;
             set.call(input, arg); input.dispatchEvent(new Event('input', { bubbles: true }));`,
            typed.slice(0, i)
          )
        );
      }
      await toPaint(
        ours,
        `const input = document.querySelector('input[aria-label="Search rows"]');
        const set = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set;
        set.call(input, ''); input.dispatchEvent(new Event('input', { bubbles: true }));`
      );
    }
    if (process.env.BENCH_TRACE) {
      await browser.stopTracing();
      console.log(
        `Performance trace of the keystrokes (open in Chromium's Performance panel): ${process.env.BENCH_TRACE}`
      );
    }
    if (cdp) {
      const { profile } = await cdp.send('Profiler.stop');
      writeFileSync(process.env.BENCH_PROFILE!, JSON.stringify(profile));
      console.log(`CPU profile of the keystrokes: ${process.env.BENCH_PROFILE}`);
    }
    if (process.env.BENCH_DETAIL) {
      console.log(
        'keystrokes (ms):',
        keystrokes.map((k, i) => `${typed.slice(0, (i % typed.length) + 1)}=${k.toFixed(0)}`).join('  ')
      );
    }
    const oursSort: number[] = [];
    for (const key of ['title', 'impact', 'opened']) {
      oursSort.push(
        await toPaint(ours, `document.querySelector('[role=columnheader][data-key="${key}"] button').click()`)
      );
    }
    const oursFilter: number[] = [];
    for (const f of [
      [{ key: 'service', kind: 'values', values: ['checkout', 'payments'] }],
      [{ key: 'title', kind: 'contains', text: 'database' }],
      [{ key: 'impact', kind: 'range', min: '100', max: '900' }],
    ]) {
      oursFilter.push(
        await toPaint(ours, `window.sandboxLocationService.partial({ 'tt1.f': arg })`, JSON.stringify(f))
      );
      await toPaint(ours, `window.sandboxLocationService.partial({ 'tt1.f': null })`);
    }

    // The same value filter through each table's own UI: open the column's filter, tick two values, apply.
    const oursOpen: number[] = [];
    const oursApply: number[] = [];
    for (let i = 0; i < REPEAT; i++) {
      oursOpen.push(
        await toPaintWhen(
          ours,
          `document.querySelector('[role=columnheader][data-key="service"] button[aria-label^="Filter"]').click()`,
          `!!document.querySelector('form[aria-label="Filter service"] [role=group] label')`
        )
      );
      await ours.evaluate(checkValues('form[aria-label="Filter service"]', FILTER_VALUES));
      oursApply.push(
        await toPaintWhen(
          ours,
          `[...document.querySelectorAll('form[aria-label="Filter service"] button')].find((b) => b.textContent.trim() === 'Apply').click()`,
          `!document.querySelector('form[aria-label="Filter service"]') && document.querySelector('[data-testid=spacetime-count]').textContent.includes(' of ')`
        )
      );
      await toPaintWhen(
        ours,
        `window.sandboxLocationService.partial({ 'tt1.f': null })`,
        `!document.querySelector('[data-testid=spacetime-count]').textContent.includes(' of ')`
      );
    }

    // @grafana/ui Table.
    const theirs = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    await theirs.addInitScript(installRowWatch('[role=row] [role=cell]'));
    const theirPaint: number[] = [];
    for (let i = 0; i < REPEAT; i++) {
      theirPaint.push(await firstPaint(theirs, `${base}/?frames=${frames}&table=grafana`, '[role=row] [role=cell]'));
    }
    const theirSort: number[] = [];
    for (const name of ['title', 'impact', 'opened']) {
      theirSort.push(
        await toPaint(
          theirs,
          `const h = [...document.querySelectorAll('[role=columnheader]')].find((e) => e.textContent.trim().startsWith(arg));
           (h.querySelector('button') ?? h).click();`,
          name
        )
      );
    }

    // Its column filter (field config custom.filterable) through its UI, on a fresh page each time.
    const theirOpen: number[] = [];
    const theirApply: number[] = [];
    const serviceHeader = `[...document.querySelectorAll('[role=columnheader]')].find((e) => e.textContent.trim().startsWith('service'))`;
    const okButton = `[...document.querySelectorAll('button')].find((b) => b.textContent.trim() === 'Ok')`;
    for (let i = 0; i < REPEAT; i++) {
      await firstPaint(
        theirs,
        `${base}/?frames=${frames}&table=grafana&options=${encodeURIComponent(JSON.stringify({ filterable: true }))}`,
        '[role=row] [role=cell]'
      );
      theirOpen.push(
        await toPaintWhen(
          theirs,
          `const h = ${serviceHeader}; const b = [...h.querySelectorAll('button')]; if (b.length < 2) throw new Error('no filter button in the service header'); b[b.length - 1].click();`,
          `!!${okButton} && [...document.querySelectorAll('label')].some((l) => l.textContent.trim() === 'checkout')`
        )
      );
      await theirs.evaluate(checkValues('body', FILTER_VALUES));
      theirApply.push(
        await toPaintWhen(
          theirs,
          `${okButton}.click()`,
          `(() => {
            if (${okButton}) return false;
            const col = [...document.querySelectorAll('[role=columnheader]')].findIndex((e) => e.textContent.trim().startsWith('service'));
            const cells = [...document.querySelectorAll('[role=row]')].map((r) => r.querySelectorAll('[role=cell]')[col]).filter(Boolean);
            return cells.length > 0 && cells.every((c) => arg.includes(c.textContent.trim()));
          })()`,
          FILTER_VALUES
        )
      );
    }

    results.push([`first paint (median of ${REPEAT})`, ms(median(oursPaint)), ms(median(theirPaint))]);
    results.push([`first search keystroke, ${TYPING_STARTS_MS} ms after first paint`, ms(keystrokes[0]), 'no search']);
    results.push([`search keystroke → paint p50 (${keystrokes.length} keys)`, ms(pct(keystrokes, 50)), 'no search']);
    results.push([`search keystroke → paint p95 (${keystrokes.length} keys)`, ms(pct(keystrokes, 95)), 'no search']);
    results.push(['sort → paint (median of 3 columns)', ms(median(oursSort)), ms(median(theirSort))]);
    results.push(['column filter from the URL → paint (median of 3)', ms(median(oursFilter)), 'no URL state']);
    results.push([
      `column filter UI: open → values painted (median of ${REPEAT})`,
      ms(median(oursOpen)),
      ms(median(theirOpen)),
    ]);
    results.push([
      `column filter UI: apply 2 values → paint (median of ${REPEAT})`,
      ms(median(oursApply)),
      ms(median(theirApply)),
    ]);
  } finally {
    await browser.close();
    stopServer();
  }

  // Filtering alone, in Node: the panel's engine vs crossfilter2 on the same rows. @grafana/data expects a browser
  // window and document at import time: jsdom (which jest uses) provides them.
  const { JSDOM } = await import('jsdom');
  const dom = new JSDOM('<!doctype html><html><body></body></html>', { url: 'http://localhost/' });
  Object.assign(globalThis, {
    window: dom.window,
    document: dom.window.document,
    localStorage: dom.window.localStorage,
  });
  const { generatedFrame } = await import('../../sandbox/src/generated');
  const { FrameIndex } = await import('../../src/panel/engine/columns');
  const { compileFilter } = await import('../../src/panel/engine/filter');
  const frame = generatedFrame(ROWS);
  const index = new FrameIndex(frame);
  index.column('service')!.text();
  const engine: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    const p = compileFilter({ key: 'service', operator: '=|', values: ['checkout', 'payments'] }, index);
    let n = 0;
    for (let r = 0; r < index.length; r++) {
      n += p(r) ? 1 : 0;
    }
    engine.push(performance.now() - t0);
    void n;
  }
  const services = frame.fields.find((f) => f.name === 'service')!.values as string[];
  const records = services.map((s, i) => ({ i, service: s }));
  const cf = crossfilter(records);
  const dim = cf.dimension((d) => d.service);
  const cross: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    dim.filterFunction((v) => v === 'checkout' || v === 'payments');
    const n = cf.allFiltered().length;
    cross.push(performance.now() - t0);
    dim.filterAll();
    void n;
  }
  results.push([
    'filter 2 values, compute only (median of 5)',
    ms(median(engine)),
    `crossfilter2: ${ms(median(cross))}`,
  ]);

  console.log(
    `\nSpacetime ticket table, ${ROWS.toLocaleString()} rows × 10 columns, Chromium (${path.basename(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium')})\n`
  );
  const w = Math.max(...results.map((r) => r[0].length));
  console.log(`${'measure'.padEnd(w)}  ${'this panel'.padStart(12)}  @grafana/ui Table / other`);
  for (const [name, a, b] of results) {
    console.log(`${name.padEnd(w)}  ${a.padStart(12)}  ${b}`);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

// Prints what each failing Go test logged, read from `go test -v` output on stdin, so that the end of a CI run
// names the failures (a step's last lines are often passing tests). `go tool test2json` parses the output.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const MAX_LINES = 30;
const input = readFileSync(0);
const parsed = spawnSync('go', ['tool', 'test2json'], { input, maxBuffer: 1 << 30 });
const outputs = new Map();
const failed = [];
for (const line of parsed.stdout.toString().split('\n')) {
  if (!line.startsWith('{')) {
    continue;
  }
  const e = JSON.parse(line);
  if (!e.Test) {
    continue;
  }
  if (e.Action === 'output' && !/^\s*(=== (RUN|CONT|PAUSE|NAME)|--- (PASS|FAIL|SKIP))/.test(e.Output)) {
    outputs.set(e.Test, [...(outputs.get(e.Test) ?? []), e.Output.trimEnd()]);
  }
  if (e.Action === 'fail') {
    failed.push(e.Test);
  }
}
// A parent fails with its subtests: print the innermost failures only.
for (const test of failed.filter((t) => !failed.some((u) => u.startsWith(t + '/')))) {
  const lines = outputs.get(test) ?? [];
  console.log(`--- FAIL: ${test}`);
  for (const l of lines.slice(-MAX_LINES)) {
    console.log(l.length > 400 ? l.slice(0, 400) + ' …' : l);
  }
  if (lines.length > MAX_LINES) {
    console.log(`    (${lines.length - MAX_LINES} earlier lines in the step's log)`);
  }
}

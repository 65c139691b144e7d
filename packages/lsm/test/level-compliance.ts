// The abstract-level compliance suite (node_modules/abstract-level/test, ~5000 assertions, run a
// second time over a sublevel by the suite itself) against LsmLevel on real files, each database
// in a fresh directory under os.tmpdir() that is removed at the end. It exists because
// abstract-level's own suite is the definition of "Level-compatible"; passing it is what lets
// level-* modules run on @kv/lsm.
//
// Run: `node --import tsx test/level-compliance.ts` (part of `pnpm test`, see run-all.mjs).
//   VERBOSE=1    print every assertion, not only failures
// Prints `N passed, M failed` (assertions) and writes test-results/summary.json; exits 1 on any
// failure, on a test that never ends, or after LEVEL_SUITE_TIMEOUT_MS (default 240 s).

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inspect } from 'node:util';
import tape from 'tape';

const verbose = process.env['VERBOSE'] === '1';
const timeoutMs = Number(process.env['LEVEL_SUITE_TIMEOUT_MS'] ?? 240_000);

const { LsmLevel } = await import('../src/level/index.js');

const require = createRequire(import.meta.url);
const suite = require('abstract-level/test') as (options: { test: unknown; factory: (o?: object) => unknown }) => void;

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'kv-lsm-level-'));
let databases = 0;

interface Row {
  type: 'test' | 'assert' | 'end';
  id?: number;
  test?: number;
  name?: string;
  ok?: boolean;
  skip?: boolean;
  todo?: boolean;
  operator?: string;
  actual?: unknown;
  expected?: unknown;
  error?: unknown;
  at?: { file?: string; line?: number };
}

const counts = { passed: 0, failed: 0 };
const testNames = new Map<number, string>();
const running = new Set<number>();
const startedMs = performance.now();
let finished = false;

const harness = tape.createHarness();
const stream = harness.createStream({ objectMode: true });
stream.on('data', (row: Row | string) => {
  if (typeof row === 'string') return;
  if (row.type === 'test' && row.id !== undefined) {
    testNames.set(row.id, row.name ?? '');
    running.add(row.id);
  } else if (row.type === 'end' && row.test !== undefined) {
    running.delete(row.test);
  } else if (row.type === 'assert') {
    countAssertion(row);
  }
});
stream.on('end', () => finish());

suite({
  test: harness,
  factory: (options?: object) => new LsmLevel(join(root, String(++databases)), options),
});

const watchdog = setTimeout(() => {
  console.error(`\nabstract-level suite: timed out after ${timeoutMs} ms`);
  finish();
}, timeoutMs);
watchdog.unref();

// A test that never calls end (a lost promise) lets the event loop drain without 'end'.
process.on('exit', () => {
  if (!finished) finish();
});

function countAssertion(row: Row): void {
  const testName = testNames.get(row.test ?? -1) ?? '?';
  if (row.ok === true || row.skip === true || row.todo === true) {
    counts.passed++;
    if (verbose) console.log(`ok ${counts.passed + counts.failed} ${testName} › ${row.name ?? ''}`);
    return;
  }
  counts.failed++;
  console.log(`not ok ${counts.passed + counts.failed} ${testName} › ${row.name ?? ''}`);
  const detail = { operator: row.operator, expected: row.expected, actual: row.actual, at: row.at };
  console.log(indent(inspect(detail, { depth: 4, breakLength: 100 })));
  if (row.error instanceof Error && row.operator === 'error') console.log(indent(row.error.stack ?? String(row.error)));
}

function finish(): void {
  if (finished) return;
  finished = true;
  for (const id of running) {
    counts.failed++;
    console.log(`not ok ${counts.passed + counts.failed} ${testNames.get(id) ?? '?'} › test did not end`);
  }
  const seconds = ((performance.now() - startedMs) / 1000).toFixed(1);
  console.log(
    `\nabstract-level compliance (@kv/lsm engine, ${databases} databases, ${seconds} s): ` +
      `${counts.passed} passed, ${counts.failed} failed`,
  );
  mkdirSync(join(packageDir, 'test-results'), { recursive: true });
  writeFileSync(join(packageDir, 'test-results', 'summary.json'), `${JSON.stringify(counts)}\n`);
  rmSync(root, { recursive: true, force: true });
  if (verbose) console.log(`removed ${root} after ${((performance.now() - startedMs) / 1000).toFixed(1)} s`);
  process.exitCode = counts.failed === 0 ? 0 : 1;
  // Open handles (a hung test's database) must not keep the process alive.
  setImmediate(() => process.exit());
}

function indent(text: string): string {
  return text.replace(/^/gm, '    ');
}

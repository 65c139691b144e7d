#!/usr/bin/env node
// `pnpm test`: runs every package's test suite through turbo, then totals the results that each
// suite wrote (vitest's JSON reporter → test-results/vitest.json; other runners write
// test-results/summary.json as { "passed": N, "failed": N }) and prints, as its last line,
// `N passed, N failed` — the line CI reads. A package whose suite failed without writing results
// (a crash, a compile error) counts as one failure, so nothing fails silently.
//
// Two suites at a time: the machine has 2 cores, and several suites are long CPU-bound runs
// (simulated hours, model tests on the real disk) or real clusters with failure detectors whose
// timing must not starve; ten suites at once made both time out.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { listWorkspacePackages } from './src/dependency-graph.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const suites = listWorkspacePackages(root).filter((pkg) => pkg.manifest.scripts?.test);
const resultFiles = ['vitest.json', 'summary.json'];

for (const pkg of suites) rmSync(join(pkg.dir, 'test-results'), { recursive: true, force: true });

const turbo = spawnSync('pnpm', ['exec', 'turbo', 'run', 'test', '--continue', '--force', '--concurrency=2', ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
});

let passed = 0;
let failed = 0;
const lines = [];
for (const pkg of suites) {
  const counts = { passed: 0, failed: 0, found: false };
  for (const name of resultFiles) {
    const file = join(pkg.dir, 'test-results', name);
    if (!existsSync(file)) continue;
    const report = JSON.parse(readFileSync(file, 'utf8'));
    counts.found = true;
    if (name === 'vitest.json') {
      counts.passed += report.numPassedTests;
      counts.failed += report.numFailedTests + (report.success === false && report.numFailedTests === 0 ? 1 : 0);
    } else {
      counts.passed += report.passed;
      counts.failed += report.failed;
    }
  }
  if (!counts.found) counts.failed += 1;
  passed += counts.passed;
  failed += counts.failed;
  lines.push(`  ${pkg.name.padEnd(22)} ${String(counts.passed).padStart(5)} passed ${String(counts.failed).padStart(4)} failed${counts.found ? '' : '  (no results written: the suite crashed)'}  ${relative(root, pkg.dir)}`);
}
if (turbo.status !== 0 && failed === 0) failed += 1; // turbo itself failed (e.g. a build step)

console.log('\nTest suites:');
for (const line of lines) console.log(line);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);

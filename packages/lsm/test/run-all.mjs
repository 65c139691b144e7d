#!/usr/bin/env node
// `pnpm test` for @kv/lsm: the vitest suites (which write test-results/vitest.json), then the
// abstract-level compliance suite (test/level-compliance.ts, which writes
// test-results/summary.json). Both always run, so one failing never hides the other's count;
// exits 1 if either failed. A compliance run that dies before writing its summary (a crash, a
// compile error) is recorded as one failure, so the root runner never reads stale or no results.
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, existsSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const summaryFile = join(packageDir, 'test-results', 'summary.json');

function run(command, args) {
  const result = spawnSync(command, args, { cwd: packageDir, stdio: 'inherit' });
  if (result.error) console.error(`${command} ${args.join(' ')}: ${result.error.message}`);
  return result.status === 0;
}

const vitestOk = run('pnpm', ['exec', 'vitest', 'run']);

rmSync(summaryFile, { force: true });
const complianceOk = run(process.execPath, ['--import', 'tsx', 'test/level-compliance.ts']);
if (!existsSync(summaryFile)) {
  mkdirSync(dirname(summaryFile), { recursive: true });
  writeFileSync(summaryFile, `${JSON.stringify({ passed: 0, failed: 1 })}\n`);
}

if (!vitestOk) console.error('@kv/lsm: vitest failed');
if (!complianceOk) console.error('@kv/lsm: abstract-level compliance suite failed');
process.exit(vitestOk && complianceOk ? 0 : 1);

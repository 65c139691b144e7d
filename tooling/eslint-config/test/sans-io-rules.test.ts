// The sans-IO lint bans (DESIGN.md §3) fire in the pure packages' src/ and nowhere they should not.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, test } from 'vitest';
import { sansIoPackages } from '../index.js';

const repoRoot = resolve(__dirname, '../../..');
const fixture = (name: string) => readFileSync(join(__dirname, 'fixtures', name), 'utf8');
const sansIoRuleIds = new Set(['no-restricted-properties', 'no-restricted-globals', 'no-restricted-syntax', 'no-restricted-imports']);

async function lintAs(code: string, filePath: string) {
  const eslint = new ESLint({ cwd: repoRoot });
  const [result] = await eslint.lintText(code, { filePath: join(repoRoot, filePath) });
  if (result === undefined) throw new Error('no lint result');
  return result.messages.filter((m) => m.ruleId !== null && sansIoRuleIds.has(m.ruleId));
}

describe('sans-IO lint rules', () => {
  test.each(sansIoPackages)('every ban fires in packages/%s/src', async (pkg) => {
    const messages = await lintAs(fixture('impure-core.ts'), `packages/${pkg}/src/impure-core.ts`);
    const lines = messages.map((m) => `${m.line}:${m.ruleId}`);
    expect(lines).toEqual([
      '2:no-restricted-imports', // node:fs
      '3:no-restricted-imports', // crypto (bare built-in)
      '6:no-restricted-properties', // Date.now
      '7:no-restricted-properties', // Math.random
      '8:no-restricted-globals', // performance
      '8:no-restricted-properties', // performance.now
      '9:no-restricted-syntax', // new Date()
      '10:no-restricted-globals', // setTimeout
      '11:no-restricted-globals', // setInterval
      '12:no-restricted-properties', // globalThis.setTimeout
      '13:no-restricted-globals', // Buffer
      '14:no-restricted-globals', // process
      '15:no-restricted-properties', // crypto.getRandomValues
    ]);
    expect(messages.every((m) => m.message.includes('DESIGN.md §3'))).toBe(true);
  });

  test('the storage engine gets the same bans except Buffer, and its runtime/ none', async () => {
    const messages = await lintAs(fixture('impure-core.ts'), 'packages/lsm/src/impure-core.ts');
    const lines = messages.map((m) => `${m.line}:${m.ruleId}`);
    expect(lines).toContain('6:no-restricted-properties'); // Date.now
    expect(lines).toContain('10:no-restricted-globals'); // setTimeout
    expect(lines).toContain('2:no-restricted-imports'); // node:fs
    expect(lines).not.toContain('13:no-restricted-globals'); // Buffer is allowed
    expect(await lintAs(fixture('impure-core.ts'), 'packages/lsm/src/runtime/node-file-system.ts')).toEqual([]);
  });

  test('a core written against injected seams passes', async () => {
    expect(await lintAs(fixture('pure-core.ts'), 'packages/gossip/src/pure-core.ts')).toEqual([]);
  });

  test('the runtime, tests and benchmarks may touch IO', async () => {
    for (const path of ['packages/node/src/runtime/timers.ts', 'packages/ring/test/x.test.ts', 'packages/ring/bench/x.ts', 'apps/server/src/main.ts']) {
      expect(await lintAs(fixture('impure-core.ts'), path)).toEqual([]);
    }
  });
});

// Shared vitest preset. Each package's run writes `test-results/vitest.json` (vitest's JSON
// reporter) beside its human-readable output; `pnpm test` at the root sums those files into
// the `N passed, N failed` line CI reads.
import { defineConfig, mergeConfig } from 'vitest/config';

/** @param {import('vitest/config').UserConfig} [overrides] */
export function packageConfig(overrides = {}) {
  return mergeConfig(
    defineConfig({
      test: {
        include: ['test/**/*.test.ts'],
        reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
        testTimeout: 60_000,
        hookTimeout: 60_000,
        pool: 'forks',
        poolOptions: { forks: { maxForks: 2, minForks: 1 } },
      },
    }),
    overrides,
  );
}

import type { UserConfig } from 'vitest/config';

/** The shared per-package vitest config; writes test-results/vitest.json. */
export function packageConfig(overrides?: UserConfig): UserConfig;

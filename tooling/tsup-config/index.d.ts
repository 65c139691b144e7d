import type { Options } from 'tsup';

/** The shared library build: ESM + CJS + .d.ts/.d.cts from src/index.ts. */
export function libraryConfig(overrides?: Options): Options;

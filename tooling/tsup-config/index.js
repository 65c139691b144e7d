// The one build preset every published kv package uses: ESM + CJS + declarations for both
// (`.d.ts` beside the ESM build, `.d.cts` beside the CJS build, as `attw --pack` requires).
/** @param {import('tsup').Options} [overrides] */
export function libraryConfig(overrides = {}) {
  return {
    entry: ['src/index.ts'],
    format: ['esm', 'cjs'],
    dts: true,
    clean: true,
    sourcemap: true,
    target: 'es2022',
    platform: 'neutral',
    treeshake: true,
    splitting: false,
    ...overrides,
  };
}

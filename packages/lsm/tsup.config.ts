import { libraryConfig } from '@kv/tsup-config';
import { defineConfig } from 'tsup';

// Two entries: the engine (`@kv/lsm`) and the abstract-level adapter (`@kv/lsm/level`). Shared
// chunks, so the adapter uses the very classes `@kv/lsm` exports (one LsmError, one Lsm).
export default defineConfig(
  libraryConfig({
    entry: { index: 'src/index.ts', level: 'src/level/index.ts' },
    platform: 'node',
    splitting: true,
  }),
);

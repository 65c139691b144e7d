import { libraryConfig } from '@kv/tsup-config';
import { defineConfig } from 'tsup';

// Entries: the engine (`@kv/lsm`), the abstract-level adapter (`@kv/lsm/level`) and the
// background worker's script (loaded by path, beside the chunk that starts it). Shared chunks,
// so the adapter uses the very classes `@kv/lsm` exports (one LsmError, one Lsm). `shims` gives
// the CJS build an `import.meta.url`, which the engine uses to find the worker script.
export default defineConfig(
  libraryConfig({
    entry: { index: 'src/index.ts', level: 'src/level/index.ts', 'background-worker': 'src/runtime/background-worker.ts' },
    platform: 'node',
    splitting: true,
    shims: true,
  }),
);

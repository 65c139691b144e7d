import { libraryConfig } from '@kv/tsup-config';
import { defineConfig } from 'tsup';

// ESM-only app build: the library API (src/index.ts, with .d.ts) and the `kv` bin, whose
// `#!/usr/bin/env node` first line tsup keeps (and marks the output executable).
export default defineConfig(
  libraryConfig({
    entry: ['src/index.ts', 'src/cli.ts'],
    format: ['esm'],
    dts: { entry: 'src/index.ts' },
    platform: 'node',
    target: 'node20',
  }),
);

import { libraryConfig } from '@kv/tsup-config';
import { defineConfig } from 'tsup';

// Two entries: the engine (`@kv/lsm`) and the abstract-level adapter (`@kv/lsm/level`).
export default defineConfig(libraryConfig({ entry: { index: 'src/index.ts', level: 'src/level/index.ts' }, platform: 'node' }));

import { libraryConfig } from '@kv/tsup-config';
import { defineConfig } from 'tsup';

export default defineConfig(libraryConfig());

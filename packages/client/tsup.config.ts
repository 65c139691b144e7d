import { libraryConfig } from '@kv/tsup-config';
import { defineConfig } from 'tsup';

// Two entries sharing all code but the socket: the Node build (ws) and the browser build (the
// global WebSocket). Dependencies (@kv/protocol, ws) stay external, so dist/browser.js imports
// only @kv/protocol (test/browser-entry.test.ts holds it to that).
export default defineConfig(libraryConfig({ entry: ['src/index.ts', 'src/browser.ts'] }));

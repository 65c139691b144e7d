// @kv/client for browsers: the same API as the Node entry (src/api.ts) over the global
// WebSocket. Nothing in this file's import graph may import `ws` or a `node:*` module
// (test/browser-entry.test.ts checks the graph and the bundle).
import { openBrowserSocket } from './browser-socket.js';
import { createConnect } from './create-client.js';

export * from './api.js';

/** Connects to a kv cluster; see ConnectOptions. */
export const connect = createConnect(openBrowserSocket, 'browser');

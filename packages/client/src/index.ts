// @kv/client for Node: the typed kv SDK over the `ws` WebSocket client. This barrel and
// src/browser.ts export the same API (src/api.ts); only the socket differs.
import { createConnect } from './create-client.js';
import { openNodeSocket } from './node-socket.js';

export * from './api.js';

/** Connects to a kv cluster; see ConnectOptions. */
export const connect = createConnect(openNodeSocket, 'node');

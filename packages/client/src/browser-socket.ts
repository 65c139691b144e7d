// Browser socket: the SocketFactory over the global WebSocket (browsers, Deno, Node ≥ 22). It
// must stay free of any `node:*` or `ws` import: test/browser-entry.test.ts walks this file's
// import graph and the bundled dist/browser.js to prove it.
import { bindSocket, type EventSocket, type SocketFactory } from './socket.js';

// A browser's error event says nothing (on purpose); the close event after it has the code.
export const openBrowserSocket: SocketFactory = (url, handlers) =>
  bindSocket(new WebSocket(url) as unknown as EventSocket, handlers, () => 'the WebSocket failed (the browser gives no detail)');

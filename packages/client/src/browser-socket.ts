// Browser socket: the SocketFactory over the global WebSocket (browsers, Deno, Node ≥ 22). It
// must stay free of any `node:*` or `ws` import: test/browser-entry.test.ts walks this file's
// import graph and the bundled dist/browser.js to prove it.
import { messageBytes, type SocketFactory } from './socket.js';

export const openBrowserSocket: SocketFactory = (url, handlers) => {
  const ws = new WebSocket(url);
  ws.binaryType = 'arraybuffer';
  let closed = false;
  const finish = (reason: string): void => {
    if (closed) return;
    closed = true;
    handlers.onClosed(reason);
  };
  ws.onopen = () => handlers.onOpen();
  ws.onmessage = (event: MessageEvent) => {
    const data = messageBytes(event.data);
    if (data !== undefined) handlers.onMessage(data);
  };
  // A browser's error event says nothing (on purpose); the close event after it has the code.
  ws.onerror = () => finish('the WebSocket failed (the browser gives no detail)');
  ws.onclose = (event: CloseEvent) => finish(`closed with code ${event.code}${event.reason === '' ? '' : ` (${event.reason})`}`);
  return {
    send: (bytes) => ws.send(bytes),
    close: (code, reason) => ws.close(code, reason),
  };
};

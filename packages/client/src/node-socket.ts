// Node socket: the SocketFactory over the `ws` package, the WebSocket client Node 20 lacks
// (a global WebSocket arrived in Node 22). ws bounds a message's size (maxPayload) and its
// errors carry the reason (ECONNREFUSED, …), which a browser's never do.
import WebSocket from 'ws';
import { messageBytes, type SocketFactory } from './socket.js';

export const openNodeSocket: SocketFactory = (url, handlers, options) => {
  const ws = new WebSocket(url, { maxPayload: options.messageBytesMax, perMessageDeflate: false });
  ws.binaryType = 'arraybuffer';
  let closed = false;
  const finish = (reason: string): void => {
    if (closed) return;
    closed = true;
    handlers.onClosed(reason);
  };
  ws.onopen = () => handlers.onOpen();
  ws.onmessage = (event) => {
    const data = messageBytes(event.data);
    if (data !== undefined) handlers.onMessage(data);
  };
  ws.onerror = (event) => finish(event.message);
  ws.onclose = (event) => finish(`closed with code ${event.code}${event.reason === '' ? '' : ` (${event.reason})`}`);
  return {
    send: (bytes) => ws.send(bytes),
    close: (code, reason) => ws.close(code, reason),
  };
};

// Node socket: the SocketFactory over the `ws` package, the WebSocket client Node 20 lacks
// (a global WebSocket arrived in Node 22). ws bounds a message's size (maxPayload) and its
// errors carry the reason (ECONNREFUSED, …), which a browser's never do.
import WebSocket from 'ws';
import { bindSocket, type EventSocket, type SocketFactory } from './socket.js';

export const openNodeSocket: SocketFactory = (url, handlers, options) => {
  const ws = new WebSocket(url, { maxPayload: options.messageBytesMax, perMessageDeflate: false });
  return bindSocket(ws as unknown as EventSocket, handlers, (event) => event.message ?? 'the WebSocket failed');
};

// The echo peer, run as its own process (`node --import tsx src/echo-server.ts <port> <valueBytes>
// [receipt]`): a `ws` server that answers every frame with one frame holding one reply per
// message — `{t:'got', id, found, values: [1 KB], context}` for `get`, `{t:'done', id}` for `put`
// — and with `receipt`, kv's full reply shapes, receipt included (echo-protocol.ts). It prints
// `listening <port>` when ready and exits on SIGTERM or when its parent goes away.
import { randomBytes } from 'node:crypto';
import { WebSocketServer } from 'ws';
import { decoder, encoder, receipt, sampleContext } from './echo-protocol';
import { serveAsChild } from './server-process';

const port = Number(process.argv[2] ?? 0);
const valueBytes = Number(process.argv[3] ?? 1024);
const value = new Uint8Array(randomBytes(valueBytes));
const withReceipt = process.argv[4] === 'receipt';
const readExtra = withReceipt ? { receipt: receipt(2, false) } : {};
const writeExtra = withReceipt ? { siblings: 1, receipt: receipt(2, true) } : {};

function reply(message: unknown): unknown {
  const m = message as { t?: unknown; id?: unknown };
  const id = typeof m.id === 'number' ? m.id : null;
  if (m.t === 'get') return { t: 'got', id, found: true, values: [value], context: sampleContext, ...readExtra };
  if (m.t === 'put') return { t: 'done', id, ...writeExtra };
  return { t: 'error', id, code: 'BAD_REQUEST', message: `echo: unknown message type ${String(m.t)}` };
}

const server = new WebSocketServer({ host: '127.0.0.1', port, perMessageDeflate: false, maxPayload: 1 << 20 });
server.on('connection', (socket) => {
  socket.on('message', (data, isBinary) => {
    if (!isBinary) return;
    const bytes = Array.isArray(data) ? Buffer.concat(data) : data instanceof ArrayBuffer ? new Uint8Array(data) : data;
    const messages = decoder.decode(bytes) as unknown;
    if (!Array.isArray(messages)) return;
    socket.send(encoder.encode(messages.map(reply)));
  });
});
serveAsChild(server, port);

// The node both clients of the benchmark talk to: a ws server on 127.0.0.1 that decodes each
// frame with @kv/protocol's codec and answers every get with one stored value and every put
// with a done, in one reply frame per request frame. No quorum, no storage: the server's cost
// is the same for both clients, so the ratio shows the client's own cost.
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { decodeClientFrame, encodeFrame, encodeValue, protocolVersion } from '@kv/protocol';
import type { Receipt, ServerMessage } from '@kv/protocol';

const receipt: Receipt = {
  consistency: 'quorum',
  required: 2,
  sloppy: true,
  primaries: ['a', 'b', 'c'],
  targets: [{ node: 'a' }, { node: 'b' }, { node: 'c' }],
  uncovered: [],
  acks: [
    { node: 'a', role: 'primary', counted: true },
    { node: 'b', role: 'primary', counted: true },
  ],
  refusals: [],
  hintsWritten: [],
  divergent: false,
  readRepairs: [],
  servedBy: 'a',
  durationMs: 0,
};

const stored = encodeValue({ name: 'Ada Lovelace', visits: 42, tags: ['math', 'engines'] });

export async function startBenchNode(): Promise<{ url: string; close(): Promise<void> }> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
  await new Promise<void>((resolve) => wss.once('listening', resolve));
  wss.on('connection', (socket) => {
    socket.on('message', (data: Buffer) => {
      const frame = decodeClientFrame(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
      if (!frame.ok) return;
      const replies: ServerMessage[] = [];
      for (const item of frame.items) {
        if (!item.ok) continue;
        const m = item.message;
        if (m.t === 'hello') replies.push({ t: 'welcome', version: protocolVersion, node: 'a', cluster: 'bench', frameBytesMax: 1_048_576, maxPairBytes: 10_240, nodes: [] });
        else if (m.t === 'get') replies.push({ t: 'got', id: m.id, found: true, values: [stored], context: 'g2:AAEC', receipt });
        else if (m.t === 'put' || m.t === 'delete') replies.push({ t: 'done', id: m.id, siblings: 1, receipt });
      }
      if (replies.length > 0) socket.send(encodeFrame(replies));
    });
  });
  const { port } = wss.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => wss.close(() => resolve())),
  };
}

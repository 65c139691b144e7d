// The relay peer, run as its own process (`node --import tsx src/relay-server.ts <port>
// <valueBytes> <peerPort>...`): one of three `ws` servers that do the messaging of a Dynamo
// cluster at N = 3, R = W = 2 and nothing else. A client's `get`/`put` makes this server send a
// `read`/`replicate` (the put carries the value) to both other relays and answer the client when
// the first of them has answered (with itself, 2 of 3): the same five messages per operation kv
// sends (client request + reply, two requests to replicas, the first of two replies counted),
// coalesced per event-loop turn per connection as kv's peer links do, with the same CBOR. No
// storage, no clocks, no validation, no durability: the ceiling of any N = 3 replicated store
// built on ws + cbor-x on this machine, where echo (echo-server.ts) is the ceiling of one hop.
// It prints `listening <port>` when ready and exits on SIGTERM or when its parent goes away.
import { randomBytes } from 'node:crypto';
import WebSocket, { WebSocketServer } from 'ws';
import { decoder, encoder, sampleContext } from './echo-protocol';
import { serveAsChild } from './server-process';

const port = Number(process.argv[2] ?? 0);
const valueBytes = Number(process.argv[3] ?? 1024);
const peerPorts = process.argv.slice(4).map(Number);
const value = new Uint8Array(randomBytes(valueBytes));

/** Messages for one socket, written as one frame per event-loop turn. */
class Outbox {
  private queue: unknown[] = [];
  private scheduled = false;

  constructor(private readonly socket: WebSocket) {}

  push(message: unknown): void {
    this.queue.push(message);
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      const messages = this.queue;
      this.queue = [];
      if (this.socket.readyState === WebSocket.OPEN) this.socket.send(encoder.encode(messages));
    });
  }
}

interface Waiting {
  readonly client: Outbox;
  readonly id: unknown;
  readonly get: boolean;
  answered: boolean;
}

/** Outbound links to the other relays (dialled lazily), and the client requests they serve. */
const peers: Outbox[] = [];
const waiting = new Map<number, Waiting>();
let nextRelayId = 1;

function frames(data: WebSocket.RawData): unknown[] {
  const bytes = Array.isArray(data) ? Buffer.concat(data) : data instanceof ArrayBuffer ? new Uint8Array(data) : data;
  const messages = decoder.decode(bytes) as unknown;
  return Array.isArray(messages) ? messages : [];
}

function onClientMessage(client: Outbox, message: Record<string, unknown>): void {
  const get = message['t'] === 'get';
  const rid = nextRelayId++;
  waiting.set(rid, { client, id: message['id'], get, answered: false });
  const forward = get ? { t: 'read', rid, key: message['key'] } : { t: 'replicate', rid, key: message['key'], value: message['value'] };
  for (const peer of peers) peer.push(forward);
}

/** A replica's answer: the first one completes the request (2 of 3 with this relay), the second is dropped. */
function onPeerAnswer(message: Record<string, unknown>): void {
  const rid = message['rid'] as number;
  const entry = waiting.get(rid);
  if (entry === undefined) return;
  if (entry.answered) {
    waiting.delete(rid);
    return;
  }
  entry.answered = true;
  entry.client.push(entry.get ? { t: 'got', id: entry.id, found: true, values: [value], context: sampleContext } : { t: 'done', id: entry.id });
}

const server = new WebSocketServer({ host: '127.0.0.1', port, perMessageDeflate: false, maxPayload: 32 << 20 });
server.on('connection', (socket, request) => {
  const out = new Outbox(socket);
  const isPeer = request.url === '/peer';
  socket.on('message', (data, isBinary) => {
    if (!isBinary) return;
    for (const raw of frames(data)) {
      const message = raw as Record<string, unknown>;
      if (!isPeer) onClientMessage(out, message);
      // A replica: answer a read with the value, a replicate with an ack.
      else if (message['t'] === 'read') out.push({ t: 'value', rid: message['rid'], values: [value], context: sampleContext });
      else out.push({ t: 'ack', rid: message['rid'] });
    }
  });
});

/** Dials the other relays once all are listening (the parent sends `peers` on the IPC channel). */
function dialPeers(): void {
  for (const peerPort of peerPorts) {
    const socket = new WebSocket(`ws://127.0.0.1:${peerPort}/peer`, { perMessageDeflate: false, maxPayload: 32 << 20 });
    socket.binaryType = 'nodebuffer';
    socket.on('message', (data) => {
      for (const raw of frames(data)) onPeerAnswer(raw as Record<string, unknown>);
    });
    socket.once('open', () => {
      peers.push(new Outbox(socket));
      if (peers.length === peerPorts.length) console.log('linked');
    });
  }
}

process.on('message', (message) => {
  if (message === 'link') dialPeers();
});
serveAsChild(server, port);

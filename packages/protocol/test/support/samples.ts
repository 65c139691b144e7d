// Sample messages: one valid message of every type (client, server, peer), shared by the
// round-trip, validation and golden tests. Fields are chosen to exercise every optional field.
import type { ClientMessage, Receipt, ServerMessage } from '../../src/index.js';
import type { PeerMessage } from '../../src/peer.js';

export const bytes = (...values: number[]): Uint8Array => new Uint8Array(values);

export const context = 'AQIBYQEBYgLu3rQh';

export const readReceipt: Receipt = {
  consistency: 'quorum',
  required: 2,
  sloppy: true,
  primaries: ['a', 'b', 'c'],
  targets: [{ node: 'a' }, { node: 'b' }, { node: 'd', hintFor: 'c' }],
  uncovered: [],
  acks: [
    { node: 'a', role: 'primary', counted: true },
    { node: 'd', role: 'fallback', hintFor: 'c', zone: 'z1', counted: true },
  ],
  refusals: [],
  hintsWritten: [],
  divergent: true,
  readRepairs: ['b'],
  servedBy: 'a',
  durationMs: 3,
};

export const writeReceipt: Receipt = {
  consistency: 2,
  required: 2,
  sloppy: false,
  zone: 'z1',
  primaries: ['a', 'b', 'c'],
  targets: [{ node: 'a' }, { node: 'b' }, { node: 'c' }],
  uncovered: ['c'],
  coordinatedBy: 'a',
  acks: [
    { node: 'a', role: 'primary', counted: true },
    { node: 'b', role: 'primary', counted: false },
  ],
  refusals: [{ node: 'c', reason: 'OVERLOADED' }],
  hintsWritten: [{ node: 'd', hintFor: 'c' }],
  divergent: false,
  readRepairs: [],
  servedBy: 'b',
  durationMs: 12.5,
};

export const clientSamples: Readonly<Record<string, ClientMessage>> = {
  hello: { t: 'hello', versionMin: 1, versionMax: 1, agent: '@kv/client/0.1.0 node' },
  get: { t: 'get', id: 1, key: 'cart:42' },
  getAll: { t: 'get', id: 2, key: bytes(0, 255), keyspace: 'carts', timeoutMs: 500, sloppy: false, r: 'local_quorum' },
  put: { t: 'put', id: 3, key: 'cart:42', value: bytes(1, 2, 3), context, w: 2 },
  putNew: { t: 'put', id: 4, key: 'é', value: bytes() },
  delete: { t: 'delete', id: 5, key: 'cart:42', context, w: 'all' },
  status: { t: 'status', id: 6 },
  ring: { t: 'ring', id: 7 },
};

export const serverSamples: Readonly<Record<string, ServerMessage>> = {
  welcome: { t: 'welcome', version: 1, node: 'a', cluster: 'demo', frameBytesMax: 1_048_576, maxPairBytes: 10_240, nodes: ['ws://127.0.0.1:7001', 'ws://127.0.0.1:7002'] },
  got: { t: 'got', id: 1, found: true, values: [bytes(1), bytes(2, 3)], context, receipt: readReceipt },
  notFound: { t: 'got', id: 2, found: false, values: [], context, receipt: readReceipt },
  done: { t: 'done', id: 3, siblings: 1, receipt: writeReceipt },
  doneBare: { t: 'done', id: 4, receipt: writeReceipt },
  error: { t: 'error', id: 5, code: 'TIMEOUT', message: 'W=2 not reached in 500 ms', receipt: writeReceipt },
  errorNoId: { t: 'error', id: null, code: 'BAD_FRAME', message: 'frame is not a CBOR array of messages' },
  statusReply: {
    t: 'status-reply',
    id: 6,
    node: 'a',
    cluster: 'demo',
    generation: 1_700_000_000_000,
    uptimeMs: 1234,
    members: [
      { id: 'a', url: 'ws://127.0.0.1:7001', status: 'up', generation: 1, zone: 'z1', lastHeardMs: 0 },
      { id: 'b', url: 'ws://127.0.0.1:7002', status: 'down', generation: 2 },
    ],
    hints: { b: 3 },
    requestsInFlight: 0,
    keyspaces: { default: { n: 3 } },
  },
  ringReply: {
    t: 'ring-reply',
    id: 7,
    vnodes: 512,
    owners: [
      { node: 'a', weight: 1, vnodes: 256, share: 0.5 },
      { node: 'b', zone: 'z2', weight: 1, vnodes: 256, share: 0.5 },
    ],
  },
};

const nonce = new Uint8Array(16).map((_, i) => i);
const proof = new Uint8Array(32).map((_, i) => 0xa0 + i);

export const peerSamples: Readonly<Record<string, PeerMessage>> = {
  hello: {
    t: 'peer-hello',
    versionMin: 1,
    versionMax: 1,
    cluster: 'demo',
    node: 'a',
    generation: 3,
    address: 'ws://127.0.0.1:7101',
    nonce,
    timeMs: 1_700_000_000_000,
    proof,
  },
  welcome: { t: 'peer-welcome', version: 1, node: 'b', generation: 7, proof },
  gossip: { t: 'gossip', from: 'ws://127.0.0.1:7101', m: { type: 'ping', seq: 1, digest: bytes(9, 9) } },
  quorum: { t: 'quorum', from: 'a', m: { type: 'write-ack', requestId: 'r1', ok: true } },
  error: { t: 'peer-error', code: 'UNAUTHORIZED', message: 'proof does not verify' },
};

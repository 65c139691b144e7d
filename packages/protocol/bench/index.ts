// Benchmarks for @kv/protocol (CONVENTIONS.md §10): frames of realistic messages through kv's
// codec (normalisation on encode; decoding plus full per-message validation), against raw
// cbor-x with the same options and no checks, in the same process. The ratio is the price of
// validating everything a peer sends. Run: `pnpm bench`.
import { Decoder, Encoder } from 'cbor-x';
import type { RatioRow } from '@kv/bench-kit';
import { measureThroughput, ratioTable, runBench } from '@kv/bench-kit';
import { seededRandom } from '@kv/test-kit';
import type * as Protocol from '../src/index.js';
import type * as Peer from '../src/peer.js';
import type { ClientMessage, Receipt, ServerMessage } from '../src/index.js';
import type { PeerMessage } from '../src/peer.js';

// The built package, as users run it (`pnpm bench` builds first).
const distEntry = '../dist/index.js';
const distPeer = '../dist/peer.js';
const kv = (await import(distEntry)) as typeof Protocol;
const kvPeer = (await import(distPeer)) as typeof Peer;

const rawEncoder = new Encoder({ useRecords: false, mapsAsObjects: true, tagUint8Array: false, variableMapSize: true });
const rawDecoder = new Decoder({ useRecords: false, mapsAsObjects: true });
const rng = seededRandom(1);
const value = rng.bytes(1024);
const context = 'AQJhAWIBxxxxxx'.padEnd(60, 'A');
const messagesPerFrame = 16;
let sink = 0;

const receipt: Receipt = {
  consistency: 'quorum', required: 2, sloppy: true, primaries: ['node-a', 'node-b', 'node-c'],
  targets: [{ node: 'node-a' }, { node: 'node-b' }, { node: 'node-c' }], uncovered: [],
  acks: [{ node: 'node-a', role: 'primary', counted: true }, { node: 'node-b', role: 'primary', counted: true }],
  refusals: [], hintsWritten: [], divergent: false, readRepairs: [], servedBy: 'node-a', durationMs: 1.25,
};
const puts: ClientMessage[] = Array.from({ length: messagesPerFrame }, (_, i) => ({ t: 'put', id: i + 1, key: `user:${i}`, value, context, w: 'quorum' }));
const gets: ClientMessage[] = Array.from({ length: messagesPerFrame }, (_, i) => ({ t: 'get', id: i + 1, key: `user:${i}` }));
const gots: ServerMessage[] = Array.from({ length: messagesPerFrame }, (_, i) => ({ t: 'got', id: i + 1, found: true, values: [value, value], context, receipt }));
const quorum: PeerMessage[] = Array.from({ length: 64 }, (_, i) => ({ t: 'quorum', from: 'node-a', m: { type: 'write', opId: i, key: `user:${i}`, value, targets: ['node-a', 'node-b'] } }));

function row(name: string, messages: number, ours: () => void, theirs: () => void): RatioRow {
  const peer = measureThroughput(theirs, messages).opsPerSec;
  return { case: name, ours: measureThroughput(ours, messages).opsPerSec, peer, unit: 'messages/s', higherIsBetter: true };
}

function rows(): RatioRow[] {
  const putFrame = kv.encodeFrame(puts);
  const getFrame = kv.encodeFrame(gets);
  const gotFrame = kv.encodeFrame(gots);
  const peerFrame = kvPeer.encodePeerFrame(quorum);
  return [
    row('encode 16 puts (1 KiB values)', 16, () => (sink += kv.encodeFrame(puts).length), () => (sink += rawEncoder.encode(puts).length)),
    row('decode + validate 16 puts (node side)', 16, () => (sink += count(kv.decodeClientFrame(putFrame))), () => (sink += (rawDecoder.decode(putFrame) as unknown[]).length)),
    row('decode + validate 16 gets (node side)', 16, () => (sink += count(kv.decodeClientFrame(getFrame))), () => (sink += (rawDecoder.decode(getFrame) as unknown[]).length)),
    row('decode + validate 16 got replies, 2 siblings + receipt (client side)', 16, () => (sink += count(kv.decodeServerFrame(gotFrame))), () => (sink += (rawDecoder.decode(gotFrame) as unknown[]).length)),
    row('encode + decode 64 quorum messages (peer frame)', 64, () => (sink += count(kvPeer.decodePeerFrame(kvPeer.encodePeerFrame(quorum)))), () => (sink += (rawDecoder.decode(rawEncoder.encode(quorum)) as unknown[]).length)),
    row('decode 64 quorum messages (peer frame)', 64, () => (sink += count(kvPeer.decodePeerFrame(peerFrame))), () => (sink += (rawDecoder.decode(peerFrame) as unknown[]).length)),
  ];
}

function count(result: Protocol.FrameResult<unknown>): number {
  return result.ok ? result.items.length : 0;
}

await runBench(import.meta.url, '@kv/protocol', rows, (result) => [
  ratioTable('Messages per second, kv codec vs raw cbor-x (same options, no validation)', 'raw cbor-x', result),
]);
if (sink === -1) console.log('unreachable');

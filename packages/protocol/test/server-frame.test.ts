// Node → client frames: every server message round-trips, and the client refuses replies that do
// not match their schema — receipts included — with the reply's id, so a bad reply fails its own
// request and nothing else (PROTOCOL.md, "Server messages").
import { describe, expect, it } from 'vitest';
import { decodeServerFrame, encodeFrame, protocolLimits } from '../src/index.js';
import { failureOf, itemsOf, messagesOf, rawCbor } from './support/frames.js';
import { bytes, context, readReceipt, serverSamples, writeReceipt } from './support/samples.js';

const decodeOne = (message: unknown) => decodeServerFrame(rawCbor([message]));

describe('server messages round-trip', () => {
  for (const [name, message] of Object.entries(serverSamples)) {
    it(name, () => {
      expect(messagesOf(decodeServerFrame(encodeFrame([message])))).toEqual([message]);
    });
  }

  it('a generation of 2^40 travels as a CBOR integer (major type 0), not a float', () => {
    const frame = encodeFrame([serverSamples['statusReply']!]);
    // 0x1b = unsigned integer, 8-byte argument: 1_700_000_000_000 = 0x0000018bcfe56800
    expect(Buffer.from(frame).toString('hex')).toContain('1b0000018bcfe56800');
  });

  it('maps an error code this version does not know to INTERNAL, keeping it in the message', () => {
    const [error] = messagesOf(decodeOne({ t: 'error', id: 4, code: 'SHINY_NEW', message: 'later' }));
    expect(error).toEqual({ t: 'error', id: 4, code: 'INTERNAL', message: 'SHINY_NEW: later' });
  });

  it('a frame mixing a good reply and a bad one fails only the bad one, with its id', () => {
    const items = itemsOf(decodeServerFrame(rawCbor([serverSamples['done'], { ...serverSamples['got'], id: 8, values: ['x'] }])));
    expect(items[0]).toEqual({ ok: true, message: serverSamples['done'] });
    expect(items[1]).toEqual({ ok: false, id: 8, code: 'BAD_REQUEST', message: 'values[0] must be a byte string' });
  });
});

const got = { t: 'got', id: 21, found: true, values: [bytes(1)], context, receipt: readReceipt };
const done = { t: 'done', id: 22, receipt: writeReceipt };
const welcome = serverSamples['welcome'] as unknown as Record<string, unknown>;
const status = serverSamples['statusReply'] as unknown as Record<string, unknown>;
const ring = serverSamples['ringReply'] as unknown as Record<string, unknown>;

const rules: { name: string; message: Record<string, unknown>; id: number | null; says: string }[] = [
  { name: 'unknown t', message: { t: 'pong', id: 3 }, id: 3, says: "unknown server message type 'pong'" },
  { name: 'welcome without cluster', message: { ...welcome, cluster: undefined }, id: null, says: 'cluster must be a string' },
  { name: 'welcome frameBytesMax 0', message: { ...welcome, frameBytesMax: 0 }, id: null, says: 'frameBytesMax must be in 1..' },
  { name: 'welcome nodes not strings', message: { ...welcome, nodes: [1] }, id: null, says: 'nodes[0] must be a string' },
  { name: 'got found not boolean', message: { ...got, found: 'yes' }, id: 21, says: 'found must be a boolean' },
  { name: 'got not found with values', message: { ...got, found: false }, id: 21, says: 'values must be empty when found is false' },
  { name: 'got without context', message: { ...got, context: undefined }, id: 21, says: 'context must be a string' },
  { name: 'got without receipt', message: { ...got, receipt: undefined }, id: 21, says: 'receipt must be a map' },
  { name: 'receipt consistency 0', message: { ...got, receipt: { ...readReceipt, consistency: 0 } }, id: 21, says: 'receipt.consistency must be' },
  { name: 'receipt required 17', message: { ...got, receipt: { ...readReceipt, required: 17 } }, id: 21, says: 'receipt.required must be in 0..16' },
  { name: 'receipt ack role', message: { ...done, receipt: { ...writeReceipt, acks: [{ node: 'a', role: 'leader', counted: true }] } }, id: 22, says: "receipt.acks[0].role must be one of 'primary', 'fallback'" },
  { name: 'receipt ack node empty', message: { ...done, receipt: { ...writeReceipt, acks: [{ node: '', role: 'primary', counted: true }] } }, id: 22, says: 'receipt.acks[0].node must have 1..256' },
  { name: 'receipt target not a map', message: { ...done, receipt: { ...writeReceipt, targets: ['a'] } }, id: 22, says: 'receipt.targets[0] must be a map' },
  { name: 'receipt hintsWritten without hintFor', message: { ...done, receipt: { ...writeReceipt, hintsWritten: [{ node: 'd' }] } }, id: 22, says: 'receipt.hintsWritten[0].hintFor must be a string' },
  { name: 'receipt durationMs negative', message: { ...done, receipt: { ...writeReceipt, durationMs: -1 } }, id: 22, says: 'receipt.durationMs must be in 0..' },
  { name: 'receipt durationMs NaN', message: { ...done, receipt: { ...writeReceipt, durationMs: NaN } }, id: 22, says: 'receipt.durationMs must be a finite number' },
  { name: 'receipt divergent missing', message: { ...done, receipt: { ...writeReceipt, divergent: undefined } }, id: 22, says: 'receipt.divergent must be a boolean' },
  { name: 'done siblings negative', message: { ...done, siblings: -1 }, id: 22, says: 'siblings must be in 0..' },
  { name: 'error id 0', message: { t: 'error', id: 0, code: 'TIMEOUT', message: 'm' }, id: null, says: 'id must be null or an integer' },
  { name: 'error id missing', message: { t: 'error', code: 'TIMEOUT', message: 'm' }, id: null, says: 'id must be null or an integer' },
  { name: 'error code not a string', message: { t: 'error', id: 2, code: 7, message: 'm' }, id: 2, says: 'code must be a string' },
  { name: 'error message too long', message: { t: 'error', id: 2, code: 'TIMEOUT', message: 'm'.repeat(1025) }, id: 2, says: 'message must have 0..1024' },
  { name: 'error with a bad receipt', message: { t: 'error', id: 2, code: 'TIMEOUT', message: 'm', receipt: {} }, id: 2, says: 'receipt.consistency must be' },
  { name: 'status member status', message: { ...status, members: [{ id: 'a', url: 'ws://a', status: 'gone', generation: 1 }] }, id: 6, says: "members[0].status must be one of 'up'" },
  { name: 'status hints negative', message: { ...status, hints: { b: -1 } }, id: 6, says: 'hints.b must be a non-negative integer' },
  { name: 'status keyspace n 0', message: { ...status, keyspaces: { default: { n: 0 } } }, id: 6, says: 'keyspaces.default.n must be in 1..16' },
  { name: 'ring owner share 2', message: { ...ring, owners: [{ node: 'a', weight: 1, vnodes: 1, share: 2 }] }, id: 7, says: 'owners[0].share must be in 0..1' },
];

describe('server message validation', () => {
  for (const rule of rules) {
    it(`${rule.name} → BAD_REQUEST, id ${String(rule.id)}`, () => {
      const failure = failureOf(decodeOne(rule.message));
      expect(failure.code).toBe('BAD_REQUEST');
      expect(failure.id).toBe(rule.id);
      expect(failure.message).toContain(rule.says);
    });
  }

  it('lists in server messages are bounded by listItemsMax', () => {
    const many = Array.from({ length: protocolLimits.listItemsMax + 1 }, () => 'ws://a');
    expect(failureOf(decodeOne({ ...welcome, nodes: many })).message).toContain('nodes must have at most 65536 items');
  });

  it('a server frame over the caller-given frameBytesMax is refused before decoding', () => {
    const frame = encodeFrame([serverSamples['got']!]);
    expect(decodeServerFrame(frame, { frameBytesMax: 10 })).toMatchObject({ ok: false, code: 'FRAME_TOO_LARGE' });
  });
});

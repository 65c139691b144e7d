// fast-check arbitraries of valid messages: every field within its limits, optional fields
// present or absent, so a round-trip property covers the whole message space, not the samples.
import fc from 'fast-check';
import type { ClientMessage, Consistency, Receipt, ServerMessage } from '../../src/index.js';
import { errorCodes } from '../../src/index.js';
import type { PeerMessage } from '../../src/peer.js';

const id = fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER });
const name = fc.string({ unit: 'binary', minLength: 1, maxLength: 16 });
const text = fc.string({ unit: 'binary', maxLength: 40 });
const count = fc.nat({ max: Number.MAX_SAFE_INTEGER });
const key = fc.oneof(fc.string({ unit: 'binary', minLength: 1, maxLength: 64 }), fc.uint8Array({ minLength: 1, maxLength: 64 }));
const context = fc.string({ minLength: 1, maxLength: 80 });
const consistency: fc.Arbitrary<Consistency> = fc.oneof(
  fc.integer({ min: 1, max: 16 }),
  fc.constantFrom('one', 'quorum', 'all', 'local_quorum'),
);
const duration = fc.double({ min: 0, max: 1e9, noNaN: true, noDefaultInfinity: true });

const requestFields = {
  id,
  key,
  keyspace: fc.string({ minLength: 1, maxLength: 64 }),
  timeoutMs: fc.integer({ min: 1, max: 60_000 }),
  sloppy: fc.boolean(),
};
const requestOptional = { requiredKeys: ['t', 'id', 'key'] as ('t' | 'id' | 'key')[] };

export const clientMessage: fc.Arbitrary<ClientMessage> = fc.oneof(
  fc.record({ t: fc.constant('hello' as const), versionMin: fc.integer({ min: 1, max: 3 }), versionMax: fc.integer({ min: 3, max: 9 }), agent: fc.string({ maxLength: 128 }) }),
  fc.record({ t: fc.constant('get' as const), ...requestFields, r: consistency }, requestOptional),
  fc.record({ t: fc.constant('put' as const), ...requestFields, value: fc.uint8Array({ maxLength: 64 }), context, w: consistency }, { requiredKeys: ['t', 'id', 'key', 'value'] }),
  fc.record({ t: fc.constant('delete' as const), ...requestFields, context, w: consistency }, { requiredKeys: ['t', 'id', 'key', 'context'] }),
  fc.record({ t: fc.constantFrom('status' as const, 'ring' as const), id }),
);

const ack = fc.record(
  { node: name, role: fc.constantFrom('primary' as const, 'fallback' as const), hintFor: name, zone: name, counted: fc.boolean() },
  { requiredKeys: ['node', 'role', 'counted'] },
);

export const receipt: fc.Arbitrary<Receipt> = fc.record(
  {
    consistency,
    required: fc.integer({ min: 0, max: 16 }),
    sloppy: fc.boolean(),
    zone: name,
    primaries: fc.array(name, { maxLength: 4 }),
    targets: fc.array(fc.record({ node: name, hintFor: name }, { requiredKeys: ['node'] }), { maxLength: 4 }),
    uncovered: fc.array(name, { maxLength: 2 }),
    coordinatedBy: name,
    acks: fc.array(ack, { maxLength: 4 }),
    refusals: fc.array(fc.record({ node: name, reason: text }), { maxLength: 2 }),
    hintsWritten: fc.array(fc.record({ node: name, hintFor: name }), { maxLength: 2 }),
    divergent: fc.boolean(),
    readRepairs: fc.array(name, { maxLength: 2 }),
    servedBy: name,
    durationMs: duration,
  },
  { requiredKeys: ['consistency', 'required', 'sloppy', 'primaries', 'targets', 'uncovered', 'acks', 'refusals', 'hintsWritten', 'divergent', 'readRepairs', 'servedBy', 'durationMs'] },
);

const member = fc.record(
  { id: name, url: name, status: fc.constantFrom('up' as const, 'suspect' as const, 'down' as const, 'left' as const), generation: count, zone: name, lastHeardMs: duration },
  { requiredKeys: ['id', 'url', 'status', 'generation'] },
);

const got = fc
  .record({ id, found: fc.boolean(), values: fc.array(fc.uint8Array({ maxLength: 32 }), { maxLength: 3 }), context, receipt })
  .map((m) => ({ t: 'got' as const, ...m, values: m.found ? m.values : [] }));

export const serverMessage: fc.Arbitrary<ServerMessage> = fc.oneof(
  fc.record({ t: fc.constant('welcome' as const), version: fc.integer({ min: 1, max: 9 }), node: name, cluster: name, frameBytesMax: fc.integer({ min: 1, max: 2 ** 40 }), maxPairBytes: fc.integer({ min: 1, max: 2 ** 40 }), nodes: fc.array(name, { maxLength: 3 }) }),
  got,
  fc.record({ t: fc.constant('done' as const), id, siblings: count, receipt }, { requiredKeys: ['t', 'id', 'receipt'] }),
  fc.record({ t: fc.constant('error' as const), id: fc.option(id, { nil: null }), code: fc.constantFrom(...errorCodes), message: text, receipt }, { requiredKeys: ['t', 'id', 'code', 'message'] }),
  fc.record({
    t: fc.constant('status-reply' as const),
    id,
    node: name,
    cluster: name,
    generation: count,
    uptimeMs: duration,
    members: fc.array(member, { maxLength: 3 }),
    hints: fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }).filter((k) => k !== '__proto__'), count, { maxKeys: 3 }),
    requestsInFlight: count,
    keyspaces: fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }).filter((k) => k !== '__proto__'), fc.record({ n: fc.integer({ min: 1, max: 16 }) }), { maxKeys: 3 }),
  }),
  fc.record({
    t: fc.constant('ring-reply' as const),
    id,
    vnodes: count,
    owners: fc.array(
      fc.record({ node: name, zone: name, weight: duration, vnodes: count, share: fc.double({ min: 0, max: 1, noNaN: true }) }, { requiredKeys: ['node', 'weight', 'vnodes', 'share'] }),
      { maxLength: 3 },
    ),
  }),
);

/** A payload a core might send: JSON-like values and byte strings (no undefined, no floats -0). */
const payload = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.string({ maxLength: 8 }),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.uint8Array({ maxLength: 8 }),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(fc.string({ minLength: 1, maxLength: 6 }).filter((k) => k !== '__proto__'), tie('value'), { maxKeys: 3 }),
  ),
})).value;

export const peerMessage: fc.Arbitrary<PeerMessage> = fc.oneof(
  fc.record({
    t: fc.constant('peer-hello' as const),
    versionMin: fc.integer({ min: 1, max: 3 }),
    versionMax: fc.integer({ min: 3, max: 9 }),
    cluster: name,
    node: name,
    generation: count,
    address: name,
    nonce: fc.uint8Array({ minLength: 16, maxLength: 64 }),
    timeMs: count,
    proof: fc.uint8Array({ minLength: 32, maxLength: 32 }),
  }),
  fc.record({ t: fc.constant('peer-welcome' as const), version: fc.integer({ min: 1, max: 9 }), node: name, generation: count, proof: fc.uint8Array({ minLength: 32, maxLength: 32 }) }),
  fc.record({ t: fc.constantFrom('gossip' as const, 'quorum' as const), from: name, m: payload }),
  fc.record({ t: fc.constant('peer-error' as const), code: fc.constantFrom('VERSION_MISMATCH' as const, 'UNAUTHORIZED' as const, 'BAD_FRAME' as const, 'FRAME_TOO_LARGE' as const, 'OVERLOADED' as const), message: text }),
);

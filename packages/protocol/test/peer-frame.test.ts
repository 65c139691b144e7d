// Node ↔ node frames (@kv/protocol/peer): every peer message round-trips, the handshake
// envelopes are validated completely, gossip/quorum envelopes only for `from` and `m`, and the
// proof input has the exact byte layout PROTOCOL.md documents.
import { describe, expect, it } from 'vitest';
import { protocolLimits } from '../src/index.js';
import { decodePeerFrame, encodePeerFrame, peerProofInput } from '../src/peer.js';
import { failureOf, fromHex, hex, itemsOf, messagesOf, rawCbor } from './support/frames.js';
import { peerSamples } from './support/samples.js';

const decodeOne = (message: unknown) => decodePeerFrame(rawCbor([message]));
const hello = peerSamples['hello'] as unknown as Record<string, unknown>;
const welcome = peerSamples['welcome'] as unknown as Record<string, unknown>;

describe('peer messages round-trip', () => {
  for (const [name, message] of Object.entries(peerSamples)) {
    it(name, () => {
      expect(messagesOf(decodePeerFrame(encodePeerFrame([message])))).toEqual([message]);
    });
  }

  it('a coalesced frame of 8192 messages is accepted, 8193 refused', () => {
    const gossip = peerSamples['gossip']!;
    expect(itemsOf(decodePeerFrame(encodePeerFrame(Array.from({ length: 8192 }, () => gossip))))).toHaveLength(8192);
    expect(decodePeerFrame(rawCbor(Array.from({ length: 8193 }, () => gossip)))).toMatchObject({ ok: false, code: 'BAD_FRAME' });
    expect(() => encodePeerFrame(Array.from({ length: 8193 }, () => gossip))).toThrow(/at most 8192/);
  });

  it('a gossip payload is passed through unvalidated (the core validates it)', () => {
    const [message] = messagesOf(decodeOne({ t: 'gossip', from: 'a', m: [1, 'x', null] }));
    expect(message).toEqual({ t: 'gossip', from: 'a', m: [1, 'x', null] });
  });

  it('refuses peer frames over peerFrameBytesMax before decoding', () => {
    const huge = new Uint8Array(protocolLimits.peerFrameBytesMax + 1);
    expect(decodePeerFrame(huge)).toMatchObject({ ok: false, code: 'FRAME_TOO_LARGE' });
  });
});

const rules: { name: string; message: Record<string, unknown>; says: string }[] = [
  { name: 'unknown t', message: { t: 'get', id: 1, key: 'k' }, says: "unknown peer message type 'get'" },
  { name: 'hello nonce 15 bytes', message: { ...hello, nonce: new Uint8Array(15) }, says: 'nonce must have 16..64 bytes' },
  { name: 'hello nonce 65 bytes', message: { ...hello, nonce: new Uint8Array(65) }, says: 'nonce must have 16..64 bytes' },
  { name: 'hello proof 31 bytes', message: { ...hello, proof: new Uint8Array(31) }, says: 'proof must have 32..32 bytes' },
  { name: 'hello proof a string', message: { ...hello, proof: 'x'.repeat(32) }, says: 'proof must be a byte string' },
  { name: 'hello without cluster', message: { ...hello, cluster: undefined }, says: 'cluster must be a string' },
  { name: 'hello empty node', message: { ...hello, node: '' }, says: 'node must have 1..256' },
  { name: 'hello negative generation', message: { ...hello, generation: -1 }, says: 'generation must be in 0..' },
  { name: 'hello timeMs fractional', message: { ...hello, timeMs: 1.5 }, says: 'timeMs must be an integer' },
  { name: 'hello address missing', message: { ...hello, address: undefined }, says: 'address must be a string' },
  { name: 'hello versions reversed', message: { ...hello, versionMin: 3, versionMax: 2 }, says: 'versionMin must not be greater' },
  { name: 'welcome version 0', message: { ...welcome, version: 0 }, says: 'version must be in 1..65535' },
  { name: 'welcome proof 33 bytes', message: { ...welcome, proof: new Uint8Array(33) }, says: 'proof must have 32..32 bytes' },
  { name: 'gossip without m', message: { t: 'gossip', from: 'a' }, says: 'm is required' },
  { name: 'gossip from empty', message: { t: 'gossip', from: '', m: 1 }, says: 'from must have 1..256' },
  { name: 'quorum from too long', message: { t: 'quorum', from: 'a'.repeat(257), m: 1 }, says: 'from must have 1..256' },
  { name: 'quorum from a number', message: { t: 'quorum', from: 7, m: 1 }, says: 'from must be a string' },
  { name: 'peer-error unknown code', message: { t: 'peer-error', code: 'TIMEOUT', message: 'x' }, says: "code must be one of 'VERSION_MISMATCH'" },
];

describe('peer message validation', () => {
  for (const rule of rules) {
    it(`${rule.name} → BAD_REQUEST`, () => {
      const failure = failureOf(decodeOne(rule.message));
      expect(failure).toMatchObject({ code: 'BAD_REQUEST', id: null });
      expect(failure.message).toContain(rule.says);
    });
  }
});

describe('peerProofInput', () => {
  const fields = { cluster: 'c', node: 'n', generation: 1, nonce: new Uint8Array(16), timeMs: 1_700_000_000_000 };

  it('is the domain string and the fields, each length-prefixed (u32be), integers as u64be', () => {
    const expected = [
      '00000010', hex(new TextEncoder().encode('kv-peer-hello-v1')),
      '00000001', '63', // cluster "c"
      '00000001', '6e', // node "n"
      '00000008', '0000000000000001', // generation 1
      '00000010', '00'.repeat(16), // nonce
      '00000008', '0000018bcfe56800', // timeMs 1 700 000 000 000
    ].join('');
    expect(hex(peerProofInput('hello', fields))).toBe(expected);
  });

  it('separates hello from welcome and differs when any field differs', () => {
    const base = hex(peerProofInput('hello', fields));
    expect(hex(peerProofInput('welcome', fields))).not.toBe(base);
    expect(hex(peerProofInput('welcome', fields))).toContain(hex(new TextEncoder().encode('kv-peer-welcome-v1')));
    const variants = [
      { ...fields, cluster: 'd' },
      { ...fields, node: 'm' },
      { ...fields, generation: 2 },
      { ...fields, nonce: new Uint8Array(16).fill(1) },
      { ...fields, timeMs: 1 },
      // moving a byte from cluster to node must change the input (length prefixes)
      { ...fields, cluster: 'cn', node: '' },
    ];
    for (const variant of variants) expect(hex(peerProofInput('hello', variant))).not.toBe(base);
  });

  it('encodes UTF-8 strings by bytes, not characters', () => {
    expect(hex(peerProofInput('hello', { ...fields, cluster: 'é' }))).toContain('00000002c3a9');
  });

  it('asserts on fields no handshake can carry', () => {
    expect(() => peerProofInput('hello', { ...fields, generation: -1 })).toThrow(/generation/);
    expect(() => peerProofInput('hello', { ...fields, timeMs: 1.5 })).toThrow(/timeMs/);
    expect(() => peerProofInput('hello', { ...fields, node: '\ud800' })).toThrow(/well-formed/);
  });

  it('decodes the fixture hex back to the same bytes', () => {
    expect(fromHex(hex(peerProofInput('hello', fields)))).toEqual(peerProofInput('hello', fields));
  });
});

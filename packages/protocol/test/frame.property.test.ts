// Frame properties (fast-check): arbitrary valid messages round-trip through every codec, and no
// input bytes — random, or a valid frame with bytes flipped, cut or inserted — make a decoder
// throw; they yield a refused frame or per-item results, and never an INTERNAL (validator bug).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeClientFrame, decodeServerFrame, decodeValue, encodeFrame, encodeValue } from '../src/index.js';
import type { FrameResult } from '../src/index.js';
import { decodePeerFrame, encodePeerFrame } from '../src/peer.js';
import { clientMessage, peerMessage, serverMessage } from './support/arbitraries.js';
import { messagesOf, rawCbor } from './support/frames.js';

const decoders = [decodeClientFrame, decodeServerFrame, decodePeerFrame] as const;

function assertWellFormed(result: FrameResult<unknown>): void {
  if (!result.ok) {
    expect(['BAD_FRAME', 'FRAME_TOO_LARGE']).toContain(result.code);
    return;
  }
  expect(result.items.length).toBeGreaterThan(0);
  for (const item of result.items) {
    if (item.ok) continue;
    expect(item.code).toBe('BAD_REQUEST');
    expect(item.id === null || Number.isSafeInteger(item.id)).toBe(true);
  }
}

/** A valid frame with one edit: a byte changed, the tail cut off, or a byte inserted. */
const mutation = fc.record({ kind: fc.constantFrom('flip', 'cut', 'insert'), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) });

function mutate(frame: Uint8Array, { kind, at, byte }: { kind: string; at: number; byte: number }): Uint8Array {
  const i = at % frame.length;
  if (kind === 'cut') return frame.slice(0, i);
  if (kind === 'insert') return new Uint8Array([...frame.subarray(0, i), byte, ...frame.subarray(i)]);
  const out = frame.slice();
  out[i] = out[i] === byte ? byte ^ 0xff : byte;
  return out;
}

describe('round-trip properties', () => {
  it('client frames of arbitrary valid messages decode to the same messages', () => {
    fc.assert(
      fc.property(fc.array(clientMessage, { minLength: 1, maxLength: 5 }), (messages) => {
        expect(messagesOf(decodeClientFrame(encodeFrame(messages)))).toEqual(messages);
      }),
      { numRuns: 300 },
    );
  });

  it('server frames of arbitrary valid messages decode to the same messages', () => {
    fc.assert(
      fc.property(fc.array(serverMessage, { minLength: 1, maxLength: 3 }), (messages) => {
        expect(messagesOf(decodeServerFrame(encodeFrame(messages)))).toEqual(messages);
      }),
      { numRuns: 200 },
    );
  });

  it('peer frames of arbitrary valid messages decode to the same messages', () => {
    fc.assert(
      fc.property(fc.array(peerMessage, { minLength: 1, maxLength: 5 }), (messages) => {
        const decoded = messagesOf(decodePeerFrame(encodePeerFrame(messages)));
        expect(normalizeBytes(decoded)).toEqual(messages);
      }),
      { numRuns: 200 },
    );
  });

  it('SDK values round-trip through encodeValue / decodeValue (a "__proto__" key is refused, never altered)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        if (JSON.stringify(value).includes('"__proto__":')) {
          expect(() => encodeValue(value)).toThrow(/__proto__/);
          return;
        }
        expect(decodeValue(encodeValue(value))).toEqual(normalizeNegativeZero(value));
      }),
      { numRuns: 200 },
    );
    expect(() => encodeValue(JSON.parse('{"a":[{"__proto__":1}]}'))).toThrow(/at \$\.a\[0\]/);
    expect(() => encodeValue(new Map([['__proto__', 1]]))).toThrow(/__proto__/);
  });
});

describe('robustness properties', () => {
  it('arbitrary bytes never make a decoder throw', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        for (const decode of decoders) assertWellFormed(decode(bytes));
      }),
      { numRuns: 1000 },
    );
  });

  it('bytes that start like a frame (an array header) never make a decoder throw', () => {
    const header = fc.constantFrom(0x81, 0x82, 0x83, 0x98, 0x9f, 0x9a);
    fc.assert(
      fc.property(header, fc.uint8Array({ maxLength: 100 }), (first, rest) => {
        const bytes = new Uint8Array([first, 0xa3, ...rest]);
        for (const decode of decoders) assertWellFormed(decode(bytes));
      }),
      { numRuns: 1000 },
    );
  });

  it('mutated valid client and server frames never throw', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(clientMessage, serverMessage), { minLength: 1, maxLength: 3 }), mutation, (messages, edit) => {
        const bytes = mutate(encodeFrame(messages), edit);
        assertWellFormed(decodeClientFrame(bytes));
        assertWellFormed(decodeServerFrame(bytes));
      }),
      { numRuns: 1000 },
    );
  });

  it('mutated valid peer frames never throw', () => {
    fc.assert(
      fc.property(fc.array(peerMessage, { minLength: 1, maxLength: 3 }), mutation, (messages, edit) => {
        assertWellFormed(decodePeerFrame(mutate(encodePeerFrame(messages), edit)));
      }),
      { numRuns: 500 },
    );
  });

  it('arbitrary CBOR values as messages never throw', () => {
    fc.assert(
      fc.property(fc.array(fc.anything({ maxDepth: 3 }), { minLength: 1, maxLength: 4 }), (values) => {
        let bytes: Uint8Array;
        try {
          bytes = rawCbor(values);
        } catch {
          return; // values cbor-x cannot encode (symbols, functions) are not frames
        }
        for (const decode of decoders) assertWellFormed(decode(bytes));
      }),
      { numRuns: 500 },
    );
  });

  it('decodeValue throws only KvError BAD_REQUEST', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        try {
          decodeValue(bytes);
        } catch (error) {
          expect(error).toMatchObject({ name: 'KvError', code: 'BAD_REQUEST' });
        }
      }),
      { numRuns: 500 },
    );
  });
});

/** Byte strings inside core payloads may decode as Buffer; compare them as plain bytes. */
function normalizeBytes(value: unknown): unknown {
  if (value instanceof Uint8Array) return new Uint8Array(value);
  if (Array.isArray(value)) return value.map(normalizeBytes);
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, normalizeBytes(v)]));
  return value;
}

/** CBOR has no -0 integer: cbor-x writes -0 as the integer 0. */
function normalizeNegativeZero(value: unknown): unknown {
  if (Object.is(value, -0)) return 0;
  if (Array.isArray(value)) return value.map(normalizeNegativeZero);
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, normalizeNegativeZero(v)]));
  return value;
}

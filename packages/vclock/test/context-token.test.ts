// Context tokens (README "Context token"): round trips, the README's worked example as a
// fixture, and rejection of every malformed token with VclockError('BAD_REQUEST') — never a
// wrong clock.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Clock } from '../src/index';
import { clockFrom, contextLimits, decodeContext, emptyClock, encodeContext, tokenFormatVersion, VclockError } from '../src/index';
import { base64urlnopad } from '@scure/base';
import { xxHash32 } from 'js-xxhash';

const example = {
  clock: clockFrom([
    { actor: 'node-a#1', counter: 2, timestampMs: 0 },
    { actor: 'node-b#1', counter: 1, timestampMs: 0 },
  ]),
  hex: '01 02 08 6e 6f 64 65 2d 61 23 31 02 08 6e 6f 64 65 2d 62 23 31 01 9e 36 24 29',
  token: 'AQIIbm9kZS1hIzECCG5vZGUtYiMxAZ42JCk',
};

const hex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(' ');
const bytesOf = (token: string) => base64urlnopad.decode(token);
const base64urlEncode = (bytes: Uint8Array) => base64urlnopad.encode(bytes);

/** A token from raw entry bytes, with a correct checksum (so only the checked rule can reject it). */
function forge(body: readonly number[], version = tokenFormatVersion): string {
  const bytes = new Uint8Array(1 + body.length + 4);
  bytes[0] = version;
  bytes.set(body, 1);
  new DataView(bytes.buffer).setUint32(bytes.length - 4, xxHash32(bytes.subarray(0, bytes.length - 4), 0), true);
  return base64urlEncode(bytes);
}
const utf8 = (s: string) => [...new TextEncoder().encode(s)];
const entry = (actor: string | number[], counter: number[]) => {
  const a = typeof actor === 'string' ? utf8(actor) : actor;
  return [a.length, ...a, ...counter];
};
const rejects = (token: unknown) => {
  let error: unknown;
  try {
    decodeContext(token);
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(VclockError);
  expect((error as VclockError).code).toBe('BAD_REQUEST');
  return (error as VclockError).message;
};

const actorArb = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 20 }).filter((s) => new TextEncoder().encode(s).length <= 256);
const clockArb = fc
  .uniqueArray(
    fc.record({
      actor: actorArb,
      counter: fc.oneof(fc.integer({ min: 1, max: 300 }), fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER })),
      timestampMs: fc.constant(0),
    }),
    { selector: (e) => e.actor, maxLength: 12 },
  )
  .map(clockFrom);

describe('round trips', () => {
  it('decode(encode(clock)) is the clock with timestamps 0 (property)', () => {
    fc.assert(
      fc.property(clockArb, (clock: Clock) => {
        const token = encodeContext(clock);
        expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
        expect(decodeContext(token)).toEqual(clock);
      }),
      { numRuns: 500 },
    );
  });

  it('the README worked example', () => {
    expect(encodeContext(example.clock)).toBe(example.token);
    expect(hex(bytesOf(example.token))).toBe(example.hex);
    expect(decodeContext(example.token)).toEqual(example.clock);
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    expect(readme).toContain(example.token);
    expect(readme).toContain(example.hex);
    expect(decodeContext(encodeContext(emptyClock))).toEqual([]);
  });
});

describe('malformed tokens are rejected with VclockError', () => {
  it('every truncation and every appended byte', () => {
    const bytes = bytesOf(example.token);
    for (let length = 0; length < bytes.length; length++) rejects(base64urlEncode(bytes.subarray(0, length)));
    for (let length = 0; length < example.token.length; length++) rejects(example.token.slice(0, length));
    rejects(base64urlEncode(new Uint8Array([...bytes, 0])));
  });

  it('every single-bit flip (the checksum catches what decoding alone would not)', () => {
    const bytes = bytesOf(example.token);
    for (let bit = 0; bit < bytes.length * 8; bit++) {
      const flipped = bytes.slice();
      flipped[bit >> 3]! ^= 1 << (bit & 7);
      rejects(base64urlEncode(flipped));
    }
  });

  it('every character replaced, and any random token (property)', () => {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_=+/ .';
    for (let i = 0; i < example.token.length; i++) {
      for (const c of alphabet) {
        if (c === example.token[i]) continue;
        const token = example.token.slice(0, i) + c + example.token.slice(i + 1);
        let decoded: Clock | undefined;
        try {
          decoded = decodeContext(token);
        } catch (e) {
          expect(e).toBeInstanceOf(VclockError);
        }
        // a different character in the last position may only change unused bits: still rejected
        expect(decoded).toBeUndefined();
      }
    }
    fc.assert(
      fc.property(fc.string(), (token) => {
        try {
          decodeContext(token);
        } catch (e) {
          expect(e).toBeInstanceOf(VclockError);
        }
      }),
    );
  });

  it('wrong type, version, padding, length', () => {
    expect(rejects(42)).toMatch(/expected a string/);
    expect(rejects('')).toMatch(/too short/);
    expect(rejects(forge([1, ...entry('a', [1])], 2))).toMatch(/unsupported version 2/);
    expect(rejects(forge([1, ...entry('a', [1])], 0))).toMatch(/unsupported version 0/);
    expect(rejects(`${example.token}=`)).toMatch(/not base64url/);
    expect(rejects('A'.repeat(contextLimits.tokenCharsMax + 4))).toMatch(/tokenCharsMax/);
  });

  it('unsorted, duplicate, empty, over-long or invalid UTF-8 actors', () => {
    expect(decodeContext(forge([2, ...entry('a', [1]), ...entry('b', [1])]))).toHaveLength(2); // the control
    expect(rejects(forge([2, ...entry('b', [1]), ...entry('a', [1])]))).toMatch(/sorted/);
    expect(rejects(forge([2, ...entry('a', [1]), ...entry('a', [2])]))).toMatch(/sorted/);
    expect(rejects(forge([1, ...entry('', [1])]))).toMatch(/actor of 0 bytes/);
    const long = 'x'.repeat(contextLimits.actorBytesMax + 1);
    expect(rejects(forge([1, 0x81, 0x02, ...utf8(long), 1]))).toMatch(/actor of 257 bytes/);
    expect(decodeContext(forge([1, 0x80, 0x02, ...utf8(long.slice(1)), 1]))[0]?.actor).toHaveLength(256);
    expect(rejects(forge([1, ...entry([0xc3, 0x28], [1])]))).toMatch(/UTF-8/);
    expect(rejects(forge([1, ...entry([0xed, 0xa0, 0x80], [1])]))).toMatch(/UTF-8/); // an encoded lone surrogate
  });

  it('bad counts and counters', () => {
    expect(rejects(forge([1, ...entry('a', [0])]))).toMatch(/counter of entry 0 is 0/);
    expect(rejects(forge([1, ...entry('a', [0x81, 0x00])]))).toMatch(/overlong/);
    expect(rejects(forge([1, ...entry('a', [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f])]))).toMatch(/2\^53/);
    expect(rejects(forge([1, ...entry('a', [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01])]))).toMatch(/longer than 8 bytes/);
    expect(rejects(forge([2, ...entry('a', [1])]))).toMatch(/past the end/);
    expect(rejects(forge([0, ...entry('a', [1])]))).toMatch(/trailing bytes/);
    expect(rejects(forge([0x81, 0x08]))).toMatch(/1025 entries exceeds entriesMax 1024/);
  });
});


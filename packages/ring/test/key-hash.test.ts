// hashKey is a stable contract (it orders every data file: `hash(key) ‖ key`, DESIGN.md §4).
// These vectors must never change; if one does, the on-disk layout changed.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { hashKey, tokenPosition } from '../src/index';
import { xxh32Reference } from './support/xxh32-reference';

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('hashKey known answers', () => {
  test.each([
    // Published xxHash32 vectors (seed 0), e.g. python-xxhash's README and the xxHash test suite.
    ['', 0x02cc5d05],
    ['a', 0x550d7456],
    ['abc', 0x32d153ff],
    ['Nobody inspects the spammish repetition', 0xe2293b2f],
    // Pinned by this package: ASCII, Latin-1, CJK, astral plane, lone surrogate (→ U+FFFD).
    ['user:42', 0xf64fdf97],
    ['key-0', 0x8143042f],
    ['héllo wörld', 0xcea5b2a4],
    ['日本語のキー', 0x8893a6e8],
    ['🔑', 0xd228667c],
    ['a\uD800', 0x49187889],
    ['a\uFFFD', 0x49187889],
    ['x'.repeat(1024), 0xfbb018a8],
    ['y'.repeat(5000), 0x7a112b9c],
  ])('hashKey(%j) = %i', (key, expected) => {
    expect(hashKey(key)).toBe(expected);
    expect(hashKey(utf8(key))).toBe(expected);
  });

  test('bytes', () => {
    expect(hashKey(new Uint8Array(0))).toBe(0x02cc5d05);
    expect(hashKey(new Uint8Array([0xff]))).toBe(0x96bcd8cc);
    expect(hashKey(Uint8Array.from({ length: 17 }, (_, i) => i))).toBe(0x7c77adc2);
  });

  test('token positions: xxHash32(utf8(id) ‖ u32le(i))', () => {
    expect(tokenPosition('node-a', 0)).toBe(0x61a7636a);
    expect(tokenPosition('node-a', 1)).toBe(0x1a3af384);
    expect(tokenPosition('node-a', 2047)).toBe(0x26540f78);
    expect(tokenPosition('nœud-é', 7)).toBe(0xd788b012);
    const bytes = new Uint8Array([...utf8('node-a'), 0xff, 0x07, 0, 0]);
    expect(tokenPosition('node-a', 2047)).toBe(xxh32Reference(bytes));
  });
});

describe('hashKey properties', () => {
  test('equals the xxHash32 specification on random bytes (js-xxhash agrees with a reference)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        expect(hashKey(bytes)).toBe(xxh32Reference(bytes));
      }),
      { numRuns: 500 },
    );
  });

  test('a string key and its UTF-8 bytes land on the same position', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (key) => {
        expect(hashKey(key)).toBe(hashKey(utf8(key)));
      }),
      { numRuns: 500 },
    );
  });

  test('long strings past the scratch buffer (any length) hash like their bytes', () => {
    for (const length of [1023, 1024, 1025, 3000, 70_000]) {
      const key = '€'.repeat(length); // 3 UTF-8 bytes per code unit: the worst case
      expect(hashKey(key)).toBe(xxh32Reference(utf8(key)));
    }
    // The scratch buffer is reused: a long key must not leak into the next short one.
    hashKey('z'.repeat(1024));
    expect(hashKey('abc')).toBe(0x32d153ff);
  });

  test('positions are u32', () => {
    fc.assert(
      fc.property(fc.string(), (key) => {
        const position = hashKey(key);
        expect(Number.isInteger(position) && position >= 0 && position < 2 ** 32).toBe(true);
      }),
    );
  });
});

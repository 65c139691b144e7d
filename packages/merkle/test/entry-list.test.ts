import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { MerkleError, decodeEntries, encodeEntries } from '../src/index';
import { compareBytes, keyBytes } from '../src/key-bytes';
import { digest } from './support/trees';

const byteEntries = fc.uniqueArray(fc.record({ key: fc.uint8Array({ minLength: 1, maxLength: 40 }), digest }), {
  selector: (entry) => Array.from(entry.key).join(),
  maxLength: 40,
});

function sortedByKey<T extends { key: Uint8Array }>(list: T[]): T[] {
  return [...list].sort((a, b) => compareBytes(a.key, b.key));
}

describe('entry list', () => {
  test('encode → decode round-trips (sorted by key bytes), and re-encoding is identical', () => {
    fc.assert(
      fc.property(byteEntries, (list) => {
        const bytes = encodeEntries(list);
        const decoded = decodeEntries(bytes);
        expect(decoded).toEqual(sortedByKey(list));
        expect(encodeEntries(decoded)).toEqual(bytes);
      }),
    );
  });

  test('string keys come back as strings with keyEncoding utf8', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 20 }), { maxLength: 20 }), (keys) => {
        const list = keys.map((key, i) => ({ key, digest: Uint8Array.of(i + 1) }));
        const decoded = decodeEntries(encodeEntries(list), { keyEncoding: 'utf8' });
        const expected = [...list].sort((a, b) => compareBytes(keyBytes(a.key), keyBytes(b.key)));
        expect(decoded).toEqual(expected);
      }),
    );
  });

  test('every truncation and every bit flip in the header is rejected', () => {
    fc.assert(
      fc.property(byteEntries, fc.integer({ min: 0, max: 7 }), (list, bit) => {
        const bytes = encodeEntries(list);
        for (let length = 0; length < bytes.length; length++) {
          expect(() => decodeEntries(bytes.subarray(0, length))).toThrow(MerkleError);
        }
        for (const at of [0, 1, 2]) {
          const flipped = bytes.slice();
          flipped[at] = (flipped[at] ?? 0) ^ (1 << bit);
          expect(() => decodeEntries(flipped)).toThrow(MerkleError);
        }
      }),
    );
  });

  test('malformed entries are rejected', () => {
    const cases: Array<[number[], RegExp]> = [
      [[0x45, 0x01, 2, 1, 0x62, 1, 9, 1, 0x61, 1, 9], /strictly ascending/],
      [[0x45, 0x01, 2, 1, 0x61, 1, 9, 1, 0x61, 1, 9], /strictly ascending/],
      [[0x45, 0x01, 1, 0, 1, 9, 9], /keyLength 0/],
      [[0x45, 0x01, 1, 0x81, 0x08, ...new Array<number>(1025).fill(0x61), 1, 9], /keyLength 1025/],
      [[0x45, 0x01, 1, 1, 0x61, 0, 0], /digestLength 0/],
      [[0x45, 0x01, 1, 1, 0x61, 65, ...new Array<number>(65).fill(0)], /digestLength 65/],
      [[0x45, 0x01, 1, 1, 0x61, 1, 9, 0], /1 trailing bytes/],
      [[0x45, 0x01, 100, 1, 0x61, 1, 9], /100 entries cannot fit/],
      [[0x53, 0x01, 0], /magic is 0x53/],
      [[0x45, 0x00, 0], /version 0/],
    ];
    for (const [bytes, message] of cases) expect(() => decodeEntries(Uint8Array.from(bytes))).toThrow(message);
    expect(() => decodeEntries(Uint8Array.of(0x45, 0x01, 1, 1, 0xff, 1, 9), { keyEncoding: 'utf8' })).toThrow(/not valid UTF-8/);
    expect(() => decodeEntries(Uint8Array.of(0x45, 0x01, 0), { entriesBytesMax: 2 })).toThrow(/entriesBytesMax/);
  });

  test('encodeEntries refuses duplicate keys and bad entries', () => {
    expect(() => encodeEntries([['a', Uint8Array.of(1)], [Uint8Array.of(0x61), Uint8Array.of(2)]])).toThrow(/appears twice/);
    expect(() => encodeEntries([['', Uint8Array.of(1)]])).toThrow(MerkleError);
    expect(() => encodeEntries([['a', new Uint8Array(0)]])).toThrow(MerkleError);
  });
});

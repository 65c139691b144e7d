import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { MerkleError } from '../src/index';
import { KEY_SCRATCH_BYTES, compareBytes, keyBytes, writeKey } from '../src/key-bytes';

describe('key bytes', () => {
  test('strings encode exactly as TextEncoder does, lone surrogates included', () => {
    const encoder = new TextEncoder();
    fc.assert(
      fc.property(fc.string({ unit: 'binary', minLength: 1, maxLength: 300 }), (text) => {
        expect(keyBytes(text)).toEqual(encoder.encode(text));
      }),
      { numRuns: 300 },
    );
    expect(keyBytes('a\ud800b')).toEqual(encoder.encode('a\ud800b'));
    expect(keyBytes('\udc00')).toEqual(Uint8Array.of(0xef, 0xbf, 0xbd));
    expect(keyBytes('😀')).toEqual(Uint8Array.of(0xf0, 0x9f, 0x98, 0x80));
  });

  test('a string and its UTF-8 bytes are the same key', () => {
    const scratch = new Uint8Array(KEY_SCRATCH_BYTES + 4);
    const length = writeKey(new TextEncoder().encode('héllo'), scratch, 4);
    expect(scratch.subarray(4, 4 + length)).toEqual(keyBytes('héllo'));
  });

  test('keys are 1..1024 bytes (DESIGN.md §4)', () => {
    expect(keyBytes('x'.repeat(1024)).length).toBe(1024);
    expect(keyBytes('é'.repeat(512)).length).toBe(1024);
    expect(() => keyBytes('')).toThrow(MerkleError);
    expect(() => keyBytes(new Uint8Array(0))).toThrow(/empty/);
    expect(() => keyBytes('x'.repeat(1025))).toThrow(/keyBytesMax/);
    expect(() => keyBytes('é'.repeat(513))).toThrow(/1026 bytes/);
    expect(() => keyBytes(new Uint8Array(1025))).toThrow(/keyBytesMax/);
    expect(() => keyBytes(42 as unknown as string)).toThrow(/string or a Uint8Array/);
  });

  test('compareBytes is unsigned lexicographic order', () => {
    expect(compareBytes(Uint8Array.of(1, 2), Uint8Array.of(1, 2))).toBe(0);
    expect(compareBytes(Uint8Array.of(1), Uint8Array.of(1, 0))).toBeLessThan(0);
    expect(compareBytes(Uint8Array.of(0x80), Uint8Array.of(0x7f))).toBeGreaterThan(0);
  });
});

import { xxHash32 } from 'js-xxhash';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { LANE0_SEED, LANE1_SEED, SEGMENT_SEED, checkDigest, hashEntry, segmentHash } from '../src/entry-hash';
import { MerkleError } from '../src/index';

// An independent reference: the encoding built with TextEncoder and fresh arrays.
function reference(key: string, digest: Uint8Array): number[] {
  const keyBytes = new TextEncoder().encode(key);
  const encoded = new Uint8Array(keyBytes.length + digest.length + 2);
  encoded.set(keyBytes, 0);
  encoded.set(digest, keyBytes.length);
  encoded[keyBytes.length + digest.length] = keyBytes.length & 0xff;
  encoded[keyBytes.length + digest.length + 1] = keyBytes.length >> 8;
  return [xxHash32(keyBytes, SEGMENT_SEED), xxHash32(encoded, LANE0_SEED), xxHash32(encoded, LANE1_SEED)];
}

describe('entry hash', () => {
  test('is xxHash32 over key ‖ digest ‖ keyLength:u16le with two seeds; segment over the key', () => {
    const out = new Uint32Array(3);
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', minLength: 1, maxLength: 200 }),
        fc.uint8Array({ minLength: 1, maxLength: 64 }),
        (key, digest) => {
          hashEntry(key, digest, out);
          expect(Array.from(out)).toEqual(reference(key, digest));
          expect(segmentHash(key)).toBe(out[0]);
        },
      ),
      { numRuns: 300 },
    );
  });

  test('the encoding is unambiguous: moving bytes between key and digest changes the hash', () => {
    const a = new Uint32Array(3);
    const b = new Uint32Array(3);
    hashEntry('ab', Uint8Array.of(0x63), a);
    hashEntry('a', Uint8Array.of(0x62, 0x63), b);
    expect([a[1], a[2]]).not.toEqual([b[1], b[2]]);
  });

  test('the segment hash is not the ring position hash (xxHash32 seed 0)', () => {
    expect(SEGMENT_SEED).not.toBe(0);
    expect(segmentHash('user:1')).not.toBe(xxHash32(new TextEncoder().encode('user:1'), 0));
  });

  test('digests are Uint8Arrays of 1..64 bytes', () => {
    expect(() => checkDigest(new Uint8Array(0))).toThrow(MerkleError);
    expect(() => checkDigest(new Uint8Array(65))).toThrow(/1\.\.64/);
    expect(() => checkDigest('v1' as unknown as Uint8Array)).toThrow(/Uint8Array/);
    expect(() => checkDigest(new Uint8Array(64))).not.toThrow();
  });
});

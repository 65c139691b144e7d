// Bloom filter (FORMAT.md §Filter block): no false negatives, ≈ 1 % false positives at 10 bits
// per key (LevelDB's bloom_test.cc checks the same band), and the documented byte layout.

import { describe, expect, it } from 'vitest';
import { BloomFilter, BloomFilterBuilder, bloomHash, bloomProbes } from '../src/bloom-filter.js';
import { toHex } from '../src/bytes.js';

function keyOf(i: number, prefix: number): Uint8Array {
  const key = new Uint8Array(12);
  const view = new DataView(key.buffer);
  view.setUint32(0, prefix);
  view.setUint32(4, i);
  view.setUint32(8, (i * 2654435761) >>> 0);
  return key;
}

function filterOf(keys: number, bitsPerKey: number): BloomFilter {
  const builder = new BloomFilterBuilder(bitsPerKey);
  for (let i = 0; i < keys; i++) builder.addKey(keyOf(i, 1));
  return BloomFilter.decode(builder.finish(), 'f.sst', 0);
}

describe('BloomFilter', () => {
  it('never forgets a key and gives 0.5–1.5 % false positives at 10 bits/key (100k keys)', () => {
    const filter = filterOf(100_000, 10);
    for (let i = 0; i < 100_000; i++) expect(filter.mayContain(keyOf(i, 1))).toBe(true);
    let positives = 0;
    for (let i = 0; i < 100_000; i++) if (filter.mayContain(keyOf(i, 2))) positives++;
    const rate = positives / 100_000;
    expect(rate).toBeGreaterThan(0.005);
    expect(rate).toBeLessThan(0.015);
  });

  it('sizes the filter as max(8, ceil(n·bitsPerKey/8)) bytes plus k', () => {
    const small = new BloomFilterBuilder(10);
    small.addKey(keyOf(1, 1));
    expect(small.finish().length).toBe(9);
    const builder = new BloomFilterBuilder(10);
    for (let i = 0; i < 1001; i++) builder.addKey(keyOf(i, 1));
    const bytes = builder.finish();
    expect(bytes.length).toBe(Math.ceil((1001 * 10) / 8) + 1);
    expect(bytes[bytes.length - 1]).toBe(7);
    expect([1, 2, 10, 20, 100].map(bloomProbes)).toEqual([1, 1, 7, 14, 30]);
  });

  it('hashes with xxHash32 seed 0 and double hashing (fixture)', () => {
    expect(bloomHash(new Uint8Array(0))).toBe(0x02cc5d05); // xxHash32 of empty input, seed 0
    const builder = new BloomFilterBuilder(10);
    builder.addKey(new TextEncoder().encode('a'));
    // h = xxHash32('a') = 0x550d7456, delta = rotr(h, 17); m = 8 bytes (64 bits), k = 7:
    // probes hit bits 22, 28, 34, 40, 46, 52, 58 (bit b = byte b >> 3, mask 1 << (b & 7)).
    expect(toHex(builder.finish())).toBe('0000401004411004' + '07');
  });

  it('an empty filter says no to everything; a bad k is CORRUPTION', () => {
    const empty = BloomFilter.decode(new BloomFilterBuilder(10).finish(), 'f.sst', 0);
    expect(empty.mayContain(keyOf(1, 1))).toBe(false);
    const bytes = new BloomFilterBuilder(10).finish();
    bytes[bytes.length - 1] = 0;
    expect(() => BloomFilter.decode(bytes, 'g.sst', 100)).toThrowError(/g\.sst @ 108/);
    expect(() => BloomFilter.decode(new Uint8Array(3), 'g.sst', 100)).toThrowError(/g\.sst @ 100/);
  });
});

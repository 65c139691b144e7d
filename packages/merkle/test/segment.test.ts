import { xxHash32 } from 'js-xxhash';
import { describe, expect, test } from 'vitest';
import { MerkleError, entriesInSegments, segmentOf } from '../src/index';

describe('segment', () => {
  test('keys of one narrow ring range still spread over all leaves', () => {
    // @kv/ring places a key at xxHash32(key, 0); one vnode's range is a narrow interval of that.
    const shape = { fanout: 8, depth: 4 }; // 4096 leaves
    const encoder = new TextEncoder();
    const inRange: string[] = [];
    for (let i = 0; inRange.length < 4096; i++) {
      const key = `user:${i}`;
      if (xxHash32(encoder.encode(key), 0) < 2 ** 32 / 64) inRange.push(key);
    }
    const used = new Set(inRange.map((key) => segmentOf(key, shape)));
    const expected = 4096 * (1 - Math.exp(-1)); // 4096 keys thrown uniformly into 4096 leaves
    console.log(`4096 keys of a 1/64 ring range occupy ${used.size} of 4096 leaves (uniform: ${expected.toFixed(0)})`);
    expect(used.size).toBeGreaterThan(expected * 0.95);
  });

  test('entriesInSegments keeps exactly the entries whose segment is listed', () => {
    const shape = { fanout: 4, depth: 2 };
    const store = new Map(Array.from({ length: 100 }, (_, i) => [`k${i}`, Uint8Array.of(i)] as const));
    const segments = [1, 5, 6, 15];
    const found = entriesInSegments(store, segments, shape);
    expect(found.map((entry) => entry.key)).toEqual([...store.keys()].filter((key) => segments.includes(segmentOf(key, shape))));
    expect(found.length).toBeGreaterThan(0);
    expect(entriesInSegments(store, [], shape)).toEqual([]);
    expect(() => entriesInSegments(store, [16], shape)).toThrow(MerkleError);
    expect(() => entriesInSegments(store, [5, 1], shape)).toThrow(/ascending/);
  });
});

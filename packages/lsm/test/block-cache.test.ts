// Block cache: bounded in bytes (never above capacity), least recently used out, counts hits,
// misses, inserts and evictions, drops a deleted file's blocks, and caches nothing at capacity 0.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BlockBuilder } from '../src/block-builder.js';
import { BLOCK_OVERHEAD_BYTES, BlockCache } from '../src/block-cache.js';
import { Block } from '../src/block.js';
import { KIND_VALUE } from '../src/entry.js';

function blockOf(valueBytes: number): Block {
  const builder = new BlockBuilder();
  builder.add(new Uint8Array([1]), 1, KIND_VALUE, new Uint8Array(valueBytes));
  return new Block(builder.finish().slice(), 't.sst', 0);
}

describe('BlockCache', () => {
  it('never holds more than its capacity and counts what happens', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ file: fc.integer({ min: 1, max: 4 }), block: fc.integer({ min: 0, max: 30 }), size: fc.integer({ min: 0, max: 3000 }) }), {
          maxLength: 200,
        }),
        (ops) => {
          const cache = new BlockCache(10_000);
          let hits = 0;
          for (const op of ops) {
            const offset = op.block * 4096;
            if (cache.get(op.file, offset) !== undefined) hits++;
            else cache.set(op.file, offset, blockOf(op.size));
            expect(cache.bytes).toBeLessThanOrEqual(cache.capacityBytes);
          }
          expect(cache.hits).toBe(hits);
          expect(cache.hits + cache.misses).toBe(ops.length);
          expect(cache.inserts).toBe(cache.misses);
          expect(cache.inserts - cache.evictions).toBe(cache.size);
        },
      ),
    );
  });

  it('evicts the least recently used block first', () => {
    const block = blockOf(1000);
    const charge = block.bytes + BLOCK_OVERHEAD_BYTES;
    const cache = new BlockCache(charge * 3);
    cache.set(1, 0, block);
    cache.set(1, 100, block);
    cache.set(1, 200, block);
    expect(cache.get(1, 0)).toBe(block); // 0 is now the most recent
    cache.set(2, 0, block);
    expect(cache.get(1, 100)).toBeUndefined();
    expect(cache.get(1, 0)).toBe(block);
    expect(cache.evictions).toBe(1);
    expect(cache.bytes).toBe(charge * 3);
  });

  it('keys by (file, offset): the same offset in another file is another block', () => {
    const cache = new BlockCache(1 << 20);
    const a = blockOf(1);
    const b = blockOf(2);
    cache.set(1, 12, a);
    cache.set(11, 2, b);
    expect(cache.get(1, 12)).toBe(a);
    expect(cache.get(11, 2)).toBe(b);
    expect(cache.get(11, 12)).toBeUndefined();
    // Beyond the packed-number range (file ≥ 2^21 or offset ≥ 2^32) keys are strings; still distinct.
    const big = [
      [2 ** 21, 0],
      [2 ** 21 + 1, 2 ** 32],
      [1, 2 ** 32],
      [0, 2 ** 32 + 1],
    ] as const;
    big.forEach(([file, offset], i) => cache.set(file, offset, blockOf(i + 10)));
    big.forEach(([file, offset], i) => expect(cache.get(file, offset)?.valueAt(0).length).toBe(i + 10));
    expect(cache.get(2 ** 21 + 1, 0)).toBeUndefined();
    expect(cache.get(1, 2 ** 32 + 1)).toBeUndefined();
  });

  it("a deleted table's blocks age out: they hold no capacity a live block needs", () => {
    const cache = new BlockCache(20 * (blockOf(10).bytes + 160));
    for (let i = 0; i < 10; i++) cache.set(7, i * 100, blockOf(10));
    cache.evictFile(7); // file 7 deleted: nothing can ask for its blocks again
    for (let i = 0; i < 20; i++) cache.set(8, i * 100, blockOf(10));
    expect(cache.size).toBe(20);
    for (let i = 0; i < 20; i++) expect(cache.get(8, i * 100)).toBeDefined();
    expect(cache.bytes).toBeLessThanOrEqual(cache.capacityBytes);
  });

  it('capacity 0 caches nothing; a block larger than the cache is not kept', () => {
    const none = new BlockCache(0);
    none.set(1, 0, blockOf(10));
    expect(none.get(1, 0)).toBeUndefined();
    expect(none.bytes).toBe(0);
    const small = new BlockCache(500);
    small.set(1, 0, blockOf(1000));
    expect(small.get(1, 0)).toBeUndefined();
    expect(small.inserts).toBe(0);
  });
});

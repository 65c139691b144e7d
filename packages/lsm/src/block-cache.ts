// BlockCache: the engine-wide LRU cache of decoded SSTable data blocks, bounded in bytes. It
// exists so hot blocks skip the file read, the checksum and the LZ4 decompression (LevelDB's
// block cache). A block is named by (fileNumber, offset): file numbers are never reused and a
// block's offset is unique within its file. The cache key is the number fileNumber · 2^32 + offset
// when fileNumber < 2^21 and offset < 2^32 (so the number is below 2^53, exact, and the pair is
// recoverable from it: no two pairs share it), else the string `${fileNumber}:${offset}` (a string
// never equals a number in a Map). Number keys skip building and hashing a string on every lookup.

import { LRUCache } from 'lru-cache';
import type { Block } from './block.js';
import { assert } from './errors.js';

/** Bytes charged per cached block on top of its own: the Block object, its key string, the LRU slot. */
export const BLOCK_OVERHEAD_BYTES = 160;

export class BlockCache {
  readonly capacityBytes: number;
  hits = 0;
  misses = 0;
  inserts = 0;
  evictions = 0;
  private readonly lru: LRUCache<CacheKey, Block> | undefined;

  constructor(capacityBytes: number) {
    assert(Number.isSafeInteger(capacityBytes) && capacityBytes >= 0, `bad block cache capacity ${capacityBytes}`);
    this.capacityBytes = capacityBytes;
    this.lru =
      capacityBytes === 0
        ? undefined
        : new LRUCache<CacheKey, Block>({
            maxSize: capacityBytes,
            sizeCalculation: chargeOf,
            dispose: (_block, _key, reason) => {
              if (reason === 'evict') this.evictions++;
            },
          });
  }

  /** Bytes charged for the blocks cached now (never above capacityBytes). */
  get bytes(): number {
    return this.lru?.calculatedSize ?? 0;
  }

  /** Blocks cached now. */
  get size(): number {
    return this.lru?.size ?? 0;
  }

  get(fileNumber: number, offset: number): Block | undefined {
    const block = this.lru?.get(cacheKey(fileNumber, offset));
    if (block === undefined) this.misses++;
    else this.hits++;
    return block;
  }

  /** Caches `block`, evicting the least recently used; a block larger than the cache is not kept. */
  set(fileNumber: number, offset: number, block: Block): void {
    if (this.lru === undefined || chargeOf(block) > this.capacityBytes) return;
    const key = cacheKey(fileNumber, offset);
    this.lru.set(key, block);
    this.inserts++;
  }

  /**
   * Called when a table file is deleted. Its blocks are not hunted down: no lookup can name them
   * again (file numbers are never reused), so they simply age out of the LRU. Keeping no per-file
   * index makes every insert cheaper.
   */
  evictFile(_fileNumber: number): void {}

  clear(): void {
    this.lru?.clear();
  }
}

type CacheKey = number | string;

/** Offsets below 2^32 pack under the file number. */
const OFFSETS_PER_FILE = 0x1_0000_0000;
/** File numbers below 2^21 keep fileNumber · 2^32 + offset below 2^53. */
const PACKED_FILE_NUMBERS = 0x20_0000;

function cacheKey(fileNumber: number, offset: number): CacheKey {
  return fileNumber < PACKED_FILE_NUMBERS && offset < OFFSETS_PER_FILE
    ? fileNumber * OFFSETS_PER_FILE + offset
    : `${fileNumber}:${offset}`;
}

function chargeOf(block: Block): number {
  return block.bytes + BLOCK_OVERHEAD_BYTES;
}

// SstableReader: an open, immutable SSTable — its footer, bloom filter and index held in memory,
// its data blocks read on demand through the shared BlockCache. It exists to answer point reads
// (bloom, then index search, then one block search) and to give a two-level cursor over the whole
// table. Reads are synchronous (see internal-iterator.ts); only opening the file is async.
//
// Returned keys and values are views of cached blocks: they stay valid (blocks are immutable and
// never reused), but they pin the block's memory, so a caller that keeps one copies it.

import { Block } from './block.js';
import type { BlockCache } from './block-cache.js';
import { BloomFilter, bloomHash } from './bloom-filter.js';
import { decodeBlock } from './compression.js';
import type { EntryKind } from './entry.js';
import { LsmError, assert, corruption } from './errors.js';
import type { FileSystem, ReadableFile } from './file-system.js';
import type { InternalIterator } from './internal-iterator.js';
import { BLOCK_TRAILER_BYTES, FOOTER_BYTES, HANDLE_BYTES, blockEnd, decodeFooter, decodeHandle } from './sstable-format.js';
import type { BlockHandle, Footer } from './sstable-format.js';

/** The newest version of a key visible at a snapshot. `value` is a view of a cached block. */
export interface TableEntry {
  readonly seq: number;
  readonly kind: EntryKind;
  readonly value: Uint8Array;
}

export class SstableReader {
  readonly path: string;
  readonly fileNumber: number;
  readonly fileBytes: number;
  readonly entryCount: number;
  /** Bytes held while open: the filter, the index block and its decoded handles. */
  readonly pinnedBytes: number;
  /** Gets the bloom filter answered alone (no block read). */
  bloomNegatives = 0;
  /** Gets the bloom filter let through. */
  bloomPositives = 0;
  /** Bloom positives where the table held no version of the key at or below the snapshot. */
  bloomFalsePositives = 0;
  /** Data blocks read from the file (cache misses). */
  blockReads = 0;
  private readonly file: ReadableFile;
  private readonly cache: BlockCache;
  private readonly filter: BloomFilter;
  /** The index block: entry i is data block i's last (key, seq). */
  readonly index: Block;
  private readonly blockOffsets: Float64Array;
  private readonly blockLengths: Uint32Array;
  private closed = false;

  private constructor(file: ReadableFile, path: string, fileNumber: number, cache: BlockCache) {
    this.file = file;
    this.path = path;
    this.fileNumber = fileNumber;
    this.cache = cache;
    this.fileBytes = file.size;
    if (this.fileBytes < FOOTER_BYTES) throw corruption(path, 0, `file of ${this.fileBytes} bytes is too short for a table`);
    const footer = decodeFooter(file.read(this.fileBytes - FOOTER_BYTES, FOOTER_BYTES), path, this.fileBytes);
    this.entryCount = footer.entryCount;
    this.filter = BloomFilter.decode(this.readContents(footer.filter.offset, footer.filter.length), path, footer.filter.offset);
    this.index = new Block(this.readContents(footer.index.offset, footer.index.length), path, footer.index.offset);
    this.blockOffsets = new Float64Array(this.index.count);
    this.blockLengths = new Uint32Array(this.index.count);
    this.decodeHandles(footer);
    this.pinnedBytes = this.filter.bytes + this.index.bytes + this.blockOffsets.byteLength + this.blockLengths.byteLength;
  }

  /** Opens the table at `path`; a damaged footer, filter or index is CORRUPTION. */
  static async open(fs: FileSystem, path: string, fileNumber: number, cache: BlockCache): Promise<SstableReader> {
    return SstableReader.openFile(await fs.openRead(path), path, fileNumber, cache);
  }

  /** Opens a table over a file already open for reading; closes the file if the table is damaged. */
  static openFile(file: ReadableFile, path: string, fileNumber: number, cache: BlockCache): SstableReader {
    try {
      return new SstableReader(file, path, fileNumber, cache);
    } catch (error) {
      file.close();
      throw error;
    }
  }

  /** Data blocks in the table. */
  get blockCount(): number {
    return this.index.count;
  }

  /** False only when the table certainly holds no version of `key`. */
  mayContain(key: Uint8Array, keyHash: number = bloomHash(key)): boolean {
    return this.filter.mayContainHash(keyHash);
  }

  /**
   * The newest entry for `key` with seq ≤ `snapshotSeq` (a tombstone included), or undefined.
   * Pass `keyHash` (bloomHash(key)) to hash once when probing many tables.
   */
  get(key: Uint8Array, snapshotSeq: number, keyHash: number = bloomHash(key)): TableEntry | undefined {
    this.checkOpen();
    if (!this.filter.mayContainHash(keyHash)) {
      this.bloomNegatives++;
      return undefined;
    }
    this.bloomPositives++;
    // Index entry i is block i's last entry, so the first index entry ≥ (key, snapshotSeq) names
    // the block holding the first entry ≥ it; the loop only guards a block that ends earlier.
    for (let b = this.index.search(key, snapshotSeq); b < this.index.count; b++) {
      const block = this.blockAt(b);
      const i = block.search(key, snapshotSeq);
      if (i === block.count) continue;
      if (block.compareKeyAt(i, key) !== 0) break;
      return { seq: block.seqAt(i), kind: block.kindAt(i), value: block.valueAt(i) };
    }
    this.bloomFalsePositives++;
    return undefined;
  }

  /** A two-level cursor over the whole table (index, then blocks). */
  iterator(fillCache = true): InternalIterator {
    this.checkOpen();
    return new SstableIterator(this, fillCache);
  }

  /** The decoded block at `handle`, from the cache or else the file (then cached). */
  readBlock(handle: BlockHandle): Block {
    return this.readBlockAt(handle.offset, handle.length);
  }

  /**
   * Data block b (0 ≤ b < blockCount). `fillCache` false reads a block that is not cached without
   * caching it (compactions: a one-pass read must not evict the hot set — LevelDB's fill_cache).
   */
  blockAt(b: number, fillCache = true): Block {
    assert(b >= 0 && b < this.index.count, 'SstableReader.blockAt: no such block');
    return this.readBlockAt(this.blockOffsets[b]!, this.blockLengths[b]!, fillCache);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.file.close();
  }

  private checkOpen(): void {
    if (this.closed) throw new LsmError('NOT_OPEN', `${this.path}: table reader is closed`);
  }

  private readBlockAt(offset: number, length: number, fillCache = true): Block {
    this.checkOpen();
    const cached = this.cache.get(this.fileNumber, offset);
    if (cached !== undefined) return cached;
    const block = new Block(this.readContents(offset, length), this.path, offset);
    this.blockReads++;
    if (fillCache) this.cache.set(this.fileNumber, offset, block);
    return block;
  }

  /**
   * A block's contents as a plain Uint8Array in memory of its own: never a view of a read buffer
   * (which may be a pooled Buffer, whose `slice` would not copy).
   */
  private readContents(offset: number, length: number): Uint8Array {
    const stored = length + BLOCK_TRAILER_BYTES;
    if (scratch.length < stored) scratch = new Uint8Array(Math.max(stored, scratch.length * 2));
    const bytes = scratch.subarray(0, stored);
    if (this.file.readInto(offset, bytes) !== stored) throw corruption(this.path, offset, 'block runs past the end of the file');
    const contents = decodeBlock(bytes, this.path, offset);
    return contents.buffer === bytes.buffer ? new Uint8Array(contents) : contents;
  }

  /** Decodes the index's handles, checking that the data blocks tile [0, filter offset). */
  private decodeHandles(footer: Footer): void {
    let expected = 0;
    for (let b = 0; b < this.index.count; b++) {
      const value = this.index.valueAt(b);
      if (value.length !== HANDLE_BYTES) throw corruption(this.path, footer.index.offset, `index entry ${b} has a ${value.length}-byte handle`);
      const handle = decodeHandle(value);
      if (handle.offset !== expected) throw corruption(this.path, footer.index.offset, `index entry ${b} points at ${handle.offset}, expected ${expected}`);
      this.blockOffsets[b] = handle.offset;
      this.blockLengths[b] = handle.length;
      expected = blockEnd(handle);
    }
    if (expected !== footer.filter.offset) throw corruption(this.path, footer.index.offset, `data blocks end at ${expected}, filter starts at ${footer.filter.offset}`);
  }
}

/**
 * The two-level cursor: an index position b and an entry position i within data block b.
 * Moving past either end of a block moves to the neighbouring block.
 */
/**
 * The one read buffer every table reads a block into before checking and decoding it (reads are
 * synchronous, so no two use it at once): a block read allocates only the block it returns.
 */
let scratch = new Uint8Array(64 * 1024);

class SstableIterator implements InternalIterator {
  private readonly table: SstableReader;
  private block: Block | undefined;
  private b = -1;
  private i = -1;
  private keyView: Uint8Array | undefined;
  private keyBlock: Block | undefined;
  private keyIndex = -1;

  constructor(
    table: SstableReader,
    private readonly fillCache: boolean,
  ) {
    this.table = table;
  }

  valid(): boolean {
    return this.block !== undefined && this.i >= 0 && this.i < this.block.count;
  }

  seekToFirst(): void {
    if (this.enter(0)) this.i = 0;
    this.skipForward();
  }

  seekToLast(): void {
    if (this.enter(this.table.blockCount - 1)) this.i = this.block!.count - 1;
    this.skipBackward();
  }

  seek(key: Uint8Array, seq: number): void {
    if (this.enter(this.table.index.search(key, seq))) this.i = this.block!.search(key, seq);
    this.skipForward();
  }

  seekForPrev(key: Uint8Array, seq: number): void {
    // The first block whose last entry is > (key, seq) holds the last entry ≤ it, or the block before does.
    const b = Math.min(this.table.index.searchAfter(key, seq), this.table.blockCount - 1);
    if (this.enter(b)) this.i = this.block!.searchAfter(key, seq) - 1;
    this.skipBackward();
  }

  next(): void {
    assert(this.valid(), 'SstableIterator.next on an invalid cursor');
    this.i++;
    this.skipForward();
  }

  prev(): void {
    assert(this.valid(), 'SstableIterator.prev on an invalid cursor');
    this.i--;
    this.skipBackward();
  }

  key(): Uint8Array {
    // Merges and compactions ask for the same key several times per step: build its view once.
    if (this.keyBlock !== this.block || this.keyIndex !== this.i) {
      this.keyView = this.block!.keyAt(this.i);
      this.keyBlock = this.block;
      this.keyIndex = this.i;
    }
    return this.keyView!;
  }

  seq(): number {
    return this.block!.seqAt(this.i);
  }

  kind(): EntryKind {
    return this.block!.kindAt(this.i);
  }

  value(): Uint8Array {
    return this.block!.valueAt(this.i);
  }

  close(): void {
    this.block = undefined;
    this.b = -1;
  }

  /** Loads block b; false (cursor invalid) when b is outside the table. */
  private enter(b: number): boolean {
    if (b < 0 || b >= this.table.blockCount) {
      this.block = undefined;
      this.b = -1;
      return false;
    }
    if (this.b !== b || this.block === undefined) this.block = this.table.blockAt(b, this.fillCache);
    this.b = b;
    return true;
  }

  private skipForward(): void {
    while (this.block !== undefined && this.i >= this.block.count) {
      if (this.enter(this.b + 1)) this.i = 0;
    }
  }

  private skipBackward(): void {
    while (this.block !== undefined && this.i < 0) {
      if (this.enter(this.b - 1)) this.i = this.block.count - 1;
    }
  }
}

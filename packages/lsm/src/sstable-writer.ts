// SstableWriter: streams entries, in internal order, into one immutable SSTable file
// (`dataBlock* filterBlock indexBlock footer`, see sstable-format.ts). It exists so a memtable
// flush and a compaction write tables the same way. The writer only appends; the caller syncs,
// closes, and (for a compaction) cuts output files at `estimatedFileBytes`.
//
// Data blocks are cut once their contents reach `blockBytesTarget` (before compression). Each
// gets one index entry: the block's last (key, seq) with kind 1 and the block's handle as value,
// so a search of the index for (key, seq) lands on the only block that can hold the first entry
// ≥ it. (The kind of an index entry carries nothing; it is 1 so the entry grammar's rule
// "a tombstone has no value" holds in every block.)
// The filter and index blocks are stored uncompressed (codec 0): they are read once, at open.

import { BlockBuilder } from './block-builder.js';
import { BloomFilterBuilder } from './bloom-filter.js';
import { encodeBlock } from './compression.js';
import type { Compression } from './compression.js';
import { KIND_DELETE, KIND_VALUE, MAX_SEQ } from './entry.js';
import type { EntryKind } from './entry.js';
import { assert } from './errors.js';
import type { WritableFile } from './file-system.js';
import { BLOCK_TRAILER_BYTES, FOOTER_BYTES, encodeFooter, encodeHandle } from './sstable-format.js';
import type { BlockHandle } from './sstable-format.js';

export interface SstableWriterOptions {
  /** Uncompressed bytes at which a data block is cut (LevelDB's block_size). */
  readonly blockBytesTarget?: number;
  /** Bloom filter bits per distinct key: 10 gives about 1 % false positives. */
  readonly bitsPerKey?: number;
  readonly compression?: Compression;
}

/** What a finished table holds; the keys are copies. */
export interface TableProperties {
  readonly fileBytes: number;
  readonly entryCount: number;
  readonly smallestKey: Uint8Array;
  readonly smallestSeq: number;
  readonly largestKey: Uint8Array;
  readonly largestSeq: number;
  readonly tombstoneCount: number;
  readonly dataBlocks: number;
  readonly rawKeyBytes: number;
  readonly rawValueBytes: number;
}

/** An index entry's bytes beyond its key: header, two 1-byte varints, handle, offset slot. */
const INDEX_ENTRY_OVERHEAD_BYTES = 9 + 2 + 12 + 4;

export class SstableWriter {
  private readonly file: WritableFile;
  private readonly blockBytesTarget: number;
  private readonly compression: Compression;
  private readonly data = new BlockBuilder();
  private readonly index = new BlockBuilder();
  private readonly bloom: BloomFilterBuilder;
  /** The last entry added: its key copied into a reused buffer, and its seq. */
  private lastKey = new Uint8Array(256);
  private lastKeyBytes = 0;
  private lastSeq = 0;
  private offset = 0;
  private entries = 0;
  private tombstones = 0;
  private blocks = 0;
  private keyBytes = 0;
  private valueBytes = 0;
  private smallest: { key: Uint8Array; seq: number } | undefined;
  private finished = false;

  constructor(file: WritableFile, options: SstableWriterOptions = {}) {
    const { blockBytesTarget = 4096, bitsPerKey = 10, compression = 'lz4' } = options;
    assert(file.size === 0, 'SstableWriter needs an empty file');
    assert(Number.isSafeInteger(blockBytesTarget) && blockBytesTarget > 0, `bad blockBytesTarget ${blockBytesTarget}`);
    assert(bitsPerKey > 0 && bitsPerKey <= 64, `bad bitsPerKey ${bitsPerKey}`);
    this.file = file;
    this.blockBytesTarget = blockBytesTarget;
    this.compression = compression;
    this.bloom = new BloomFilterBuilder(bitsPerKey);
  }

  /** Entries added so far. */
  get entryCount(): number {
    return this.entries;
  }

  /** The file's size if finished now (the filter and index estimated). */
  get estimatedFileBytes(): number {
    return (
      this.offset +
      this.data.estimatedBytes +
      this.bloom.estimatedBytes +
      this.index.estimatedBytes +
      (this.data.count > 0 ? this.lastKeyBytes + INDEX_ENTRY_OVERHEAD_BYTES : 0) +
      2 * BLOCK_TRAILER_BYTES +
      FOOTER_BYTES
    );
  }

  /** Adds an entry; (key, seq) must follow the previous entry's in internal order. */
  add(key: Uint8Array, seq: number, kind: EntryKind, value: Uint8Array): void {
    assert(!this.finished, 'SstableWriter.add after finish');
    // Constant messages: a template literal here would build a string per entry.
    assert(Number.isSafeInteger(seq) && seq >= 0 && seq <= MAX_SEQ, 'SstableWriter.add: seq is not an integer in [0, MAX_SEQ]');
    assert(kind === KIND_VALUE || (kind === KIND_DELETE && value.length === 0), 'SstableWriter.add: bad kind, or a tombstone with a value');
    const c = this.entries === 0 ? 1 : this.compareWithLastKey(key);
    assert(c > 0 || (c === 0 && seq < this.lastSeq), 'SstableWriter.add out of internal order');
    if (this.entries === 0) this.smallest = { key: key.slice(), seq };
    if (c !== 0) this.bloom.addKey(key);
    this.data.add(key, seq, kind, value);
    this.remember(key, seq);
    this.entries++;
    if (kind === KIND_DELETE) this.tombstones++;
    this.keyBytes += key.length;
    this.valueBytes += value.length;
    if (this.data.estimatedBytes >= this.blockBytesTarget) this.flushDataBlock();
  }

  /** Appends the last data block, the filter, the index and the footer. Needs ≥ 1 entry. */
  finish(): TableProperties {
    assert(!this.finished, 'SstableWriter.finish twice');
    assert(this.entries > 0 && this.smallest !== undefined, 'SstableWriter.finish on an empty table');
    this.finished = true;
    if (this.data.count > 0) this.flushDataBlock();
    const filter = this.appendBlock(encodeBlock(this.bloom.finish(), 'none'));
    const index = this.appendBlock(encodeBlock(this.index.finish(), 'none'));
    this.file.append(encodeFooter({ filter, index, entryCount: this.entries }));
    this.offset += FOOTER_BYTES;
    assert(this.file.size === this.offset, 'table file size differs from the bytes written');
    return {
      fileBytes: this.offset,
      entryCount: this.entries,
      smallestKey: this.smallest.key,
      smallestSeq: this.smallest.seq,
      largestKey: this.lastKey.slice(0, this.lastKeyBytes),
      largestSeq: this.lastSeq,
      tombstoneCount: this.tombstones,
      dataBlocks: this.blocks,
      rawKeyBytes: this.keyBytes,
      rawValueBytes: this.valueBytes,
    };
  }

  private flushDataBlock(): void {
    const handle = this.appendBlock(encodeBlock(this.data.finish(), this.compression));
    this.data.reset();
    this.blocks++;
    this.index.add(this.lastKey.subarray(0, this.lastKeyBytes), this.lastSeq, KIND_VALUE, encodeHandle(handle));
  }

  private appendBlock(block: Uint8Array): BlockHandle {
    const handle = { offset: this.offset, length: block.length - BLOCK_TRAILER_BYTES };
    this.file.append(block);
    this.offset += block.length;
    return handle;
  }

  /** compareBytes(key, last key) without a subarray per entry. */
  private compareWithLastKey(key: Uint8Array): number {
    const last = this.lastKey;
    const n = key.length < this.lastKeyBytes ? key.length : this.lastKeyBytes;
    for (let i = 0; i < n; i++) {
      const d = key[i]! - last[i]!;
      if (d !== 0) return d;
    }
    return key.length - this.lastKeyBytes;
  }

  private remember(key: Uint8Array, seq: number): void {
    if (key.length > this.lastKey.length) this.lastKey = new Uint8Array(Math.max(key.length, this.lastKey.length * 2));
    this.lastKey.set(key);
    this.lastKeyBytes = key.length;
    this.lastSeq = seq;
  }
}

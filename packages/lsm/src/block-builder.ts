// Format: FORMAT.md §Data blocks, §Index block
// BlockBuilder: accumulates sorted entries into the uncompressed contents of one SSTable block
// (data or index), in one growable buffer reused from block to block. It exists so the table
// writer streams entries without building a per-entry object.
//
//   contents := entry* offsets:u32le[count] count:u32le
//   entry    := kind:u8 seq:u64le keyLength:varint valueLength:varint key:bytes value:bytes
//
// offsets[i] is the byte offset of entry i within contents, so a reader binary-searches a block
// without decoding it first. Keys are stored whole: LevelDB-style prefix compression would save
// little here, since cluster keys start with a hash (neighbouring keys share almost no prefix),
// and would cost the restart-point scan on every lookup.

import { varintBytes, writeU32, writeU64, writeVarint } from './bytes.js';
import { assert } from './errors.js';
import type { EntryKind } from './entry.js';

/** Fixed bytes of an entry before its varints: kind:u8 seq:u64le. */
export const ENTRY_HEADER_BYTES = 9;
/** Offsets are u32, so a block's contents stay below 4 GiB. */
const BLOCK_BYTES_MAX = 0xffff_ffff;
const INITIAL_BUFFER_BYTES = 8192;
/** A buffer grown past this by one huge block is dropped at reset, not kept for the next. */
const RETAINED_BUFFER_BYTES_MAX = 1 << 20;

export class BlockBuilder {
  private buffer = new Uint8Array(INITIAL_BUFFER_BYTES);
  private used = 0;
  private offsets: Uint32Array<ArrayBuffer> = new Uint32Array(128);
  private entries = 0;

  /** Entries added since the last reset. */
  get count(): number {
    return this.entries;
  }

  /** The contents' size if finished now. */
  get estimatedBytes(): number {
    return this.used + 4 * this.entries + 4;
  }

  /** Appends an entry; the caller adds entries in internal order (compareEntries). */
  add(key: Uint8Array, seq: number, kind: EntryKind, value: Uint8Array): void {
    const entryBytes =
      ENTRY_HEADER_BYTES + varintBytes(key.length) + varintBytes(value.length) + key.length + value.length;
    assert(this.estimatedBytes + entryBytes + 4 <= BLOCK_BYTES_MAX, 'block contents exceed 4 GiB');
    this.reserve(entryBytes);
    if (this.entries === this.offsets.length) this.offsets = grow(this.offsets, this.entries * 2);
    this.offsets[this.entries++] = this.used;
    const out = this.buffer;
    let at = this.used;
    out[at++] = kind;
    at = writeU64(out, at, seq);
    at = writeVarint(out, at, key.length);
    at = writeVarint(out, at, value.length);
    out.set(key, at);
    out.set(value, at + key.length);
    this.used = at + key.length + value.length;
  }

  /**
   * Appends the offsets and count and returns the block's contents. The result is a view of
   * the builder's buffer: valid until the next `add` or `reset`.
   */
  finish(): Uint8Array {
    const total = this.estimatedBytes;
    this.reserve(total - this.used);
    let at = this.used;
    for (let i = 0; i < this.entries; i++) at = writeU32(this.buffer, at, this.offsets[i]!);
    writeU32(this.buffer, at, this.entries);
    return this.buffer.subarray(0, total);
  }

  /** Empties the builder for the next block, keeping its buffers. */
  reset(): void {
    this.used = 0;
    this.entries = 0;
    if (this.buffer.length > RETAINED_BUFFER_BYTES_MAX) this.buffer = new Uint8Array(INITIAL_BUFFER_BYTES);
  }

  private reserve(bytes: number): void {
    const needed = this.used + bytes;
    if (needed <= this.buffer.length) return;
    const next = new Uint8Array(Math.max(needed, this.buffer.length * 2));
    next.set(this.buffer.subarray(0, this.used));
    this.buffer = next;
  }
}

function grow(array: Uint32Array, length: number): Uint32Array<ArrayBuffer> {
  const next = new Uint32Array(length);
  next.set(array);
  return next;
}

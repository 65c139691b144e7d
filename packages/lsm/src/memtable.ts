// Memtable: the sorted in-memory table every write lands in after the commit log, and the first
// place every read looks. A B+ tree (sorted-btree) keyed by the key's bytes viewed as a latin1
// string — one char per byte, so JavaScript's native string order is exactly unsigned byte order
// and comparisons cost no JS loop. Each key holds a chain of versions, newest first, so readers
// at an older snapshot still see what they should; shadowed versions are dropped when the table is
// flushed (see version-filter.ts). When `approximateBytes` reaches the store's limit the table is
// sealed (immutable) and flushed to an SSTable in the background.

import type BTreeType from 'sorted-btree';
import * as sortedBtree from 'sorted-btree';
import { assert } from './errors.js';
import type { EntryKind } from './entry.js';
import type { InternalIterator } from './internal-iterator.js';

/** One version of a key; `older` links to the previous version (lower seq). */
export interface MemVersion {
  readonly seq: number;
  readonly kind: EntryKind;
  readonly value: Uint8Array;
  older: MemVersion | undefined;
}

interface MemKey {
  readonly key: Uint8Array;
  newest: MemVersion;
}

/** Bytes charged per version beyond key and value: tree slot, version object, string header. */
export const VERSION_OVERHEAD_BYTES = 64;

// sorted-btree is CommonJS with `exports.default = BTree`: under Node's ESM loader the default
// import is the whole exports object, under bundlers and CJS it is the class. Accept both.
type BTree<K, V> = BTreeType<K, V>;
const BTreeClass: typeof BTreeType =
  (sortedBtree as unknown as { default: { default?: typeof BTreeType } }).default.default ??
  (sortedBtree as unknown as { default: typeof BTreeType }).default;

const compareStrings = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** The key's bytes as a latin1 string: String order = unsigned byte order. */
export function keyString(key: Uint8Array): string {
  return (Buffer.from(key.buffer, key.byteOffset, key.byteLength) as unknown as Latin1Slicer).latin1Slice(0, key.byteLength);
}

/** Node's Buffer has this (undocumented in @types/node) fast path behind `toString('latin1')`. */
interface Latin1Slicer {
  latin1Slice(start: number, end: number): string;
}

export class Memtable {
  private readonly tree = new BTreeClass<string, MemKey>(undefined, compareStrings, 64);
  private bytes = 0;
  private versionsAdded = 0;
  private sealed = false;
  /** Smallest and largest seq applied; -1 when empty. */
  private seqMin = -1;
  private seqMax = -1;

  get approximateBytes(): number {
    return this.bytes;
  }
  get versionCount(): number {
    return this.versionsAdded;
  }
  get keyCount(): number {
    return this.tree.size;
  }
  get isSealed(): boolean {
    return this.sealed;
  }
  get smallestSeq(): number {
    return this.seqMin;
  }
  get largestSeq(): number {
    return this.seqMax;
  }

  /** Marks the table immutable; later `add`s are a bug. */
  seal(): void {
    this.sealed = true;
  }

  /** Adds a version. Seqs must arrive in increasing order (the write path applies them in log order). */
  add(key: Uint8Array, seq: number, kind: EntryKind, value: Uint8Array): void {
    assert(!this.sealed, 'add to a sealed memtable');
    assert(seq > this.seqMax, `memtable seq ${seq} not above ${this.seqMax}`);
    const k = keyString(key);
    const version: MemVersion = { seq, kind, value, older: undefined };
    // One tree walk for a new key (the common case); a second only to chain onto an existing one.
    if (this.tree.set(k, { key, newest: version }, false)) {
      this.bytes += key.length * 2;
    } else {
      const found = this.tree.get(k)!;
      version.older = found.newest;
      found.newest = version;
    }
    this.bytes += value.length + VERSION_OVERHEAD_BYTES;
    this.versionsAdded++;
    if (this.seqMin < 0) this.seqMin = seq;
    this.seqMax = seq;
  }

  /** The newest version of `key` with seq ≤ `snapshotSeq`, or undefined if the table has none. */
  get(key: Uint8Array, snapshotSeq: number): MemVersion | undefined {
    return this.getByString(keyString(key), snapshotSeq);
  }

  /** As `get`, with the key already converted by `keyString` (saves the conversion across tables). */
  getByString(k: string, snapshotSeq: number): MemVersion | undefined {
    const found = this.tree.get(k);
    let v = found?.newest;
    while (v !== undefined && v.seq > snapshotSeq) v = v.older;
    return v;
  }

  iterator(): InternalIterator {
    return new MemtableIterator(this.tree);
  }

  /** Calls `fn` for every key with its version chain (newest first), in order. Sealed tables only. */
  forEachKey(fn: (key: Uint8Array, newest: MemVersion) => void): void {
    assert(this.sealed, 'forEachKey() of a table still taking writes');
    this.tree.forEachPair((_k, slot) => {
      fn(slot.key, slot.newest);
    });
  }

  /**
   * Every key with its version chain (newest first), in order, for a flush of a sealed table:
   * walks the tree's leaves directly (the cursor above re-finds its place from the root on
   * every key) without allocating per entry.
   */
  *keys(): Generator<{ readonly key: Uint8Array; readonly newest: MemVersion }> {
    assert(this.sealed, 'keys() of a table still taking writes');
    const reused: (string | MemKey)[] = [];
    for (const pair of this.tree.entries(undefined, reused)) yield pair[1] as MemKey;
  }
}

/**
 * A cursor over (key asc, seq desc). It re-finds its place through the tree on every key step, so
 * it stays correct while writes continue into the (mutable) table; entries newer than the
 * reader's snapshot are skipped by the DB iterator above it.
 */
class MemtableIterator implements InternalIterator {
  private slot: MemKey | undefined;
  private slotKey = '';
  private version: MemVersion | undefined;

  constructor(private readonly tree: BTree<string, MemKey>) {}

  valid(): boolean {
    return this.version !== undefined;
  }
  seekToFirst(): void {
    this.land(this.tree.nextHigherPair(undefined), true);
  }
  seekToLast(): void {
    this.land(this.tree.nextLowerPair(undefined), false);
  }
  seek(key: Uint8Array, seq: number): void {
    const k = keyString(key);
    const pair = this.tree.getPairOrNextHigher(k);
    this.land(pair, true);
    if (pair !== undefined && pair[0] === k) {
      while (this.version !== undefined && this.version.seq > seq) this.version = this.version.older;
      if (this.version === undefined) this.land(this.tree.nextHigherPair(k), true);
    }
  }
  seekForPrev(key: Uint8Array, seq: number): void {
    const k = keyString(key);
    const pair = this.tree.getPairOrNextLower(k);
    this.land(pair, false);
    if (pair !== undefined && pair[0] === k) {
      // The last version at or before (key, seq) in internal order is the oldest one with seq ≥ `seq`.
      let best: MemVersion | undefined;
      for (let v: MemVersion | undefined = pair[1].newest; v !== undefined && v.seq >= seq; v = v.older) best = v;
      if (best !== undefined) this.version = best;
      else this.land(this.tree.nextLowerPair(k), false);
    }
  }
  next(): void {
    assert(this.version !== undefined, 'next on an invalid memtable cursor');
    if (this.version.older !== undefined) this.version = this.version.older;
    else this.land(this.tree.nextHigherPair(this.slotKey), true);
  }
  prev(): void {
    assert(this.slot !== undefined && this.version !== undefined, 'prev on an invalid memtable cursor');
    if (this.slot.newest === this.version) {
      this.land(this.tree.nextLowerPair(this.slotKey), false);
      return;
    }
    let v = this.slot.newest;
    while (v.older !== this.version) v = v.older!;
    this.version = v;
  }
  key(): Uint8Array {
    return this.slot!.key;
  }
  seq(): number {
    return this.version!.seq;
  }
  kind(): EntryKind {
    return this.version!.kind;
  }
  value(): Uint8Array {
    return this.version!.value;
  }
  close(): void {
    this.slot = undefined;
    this.version = undefined;
  }

  /** Moves onto `pair`'s newest (forward) or oldest (backward) version, or off the end. */
  private land(pair: [string, MemKey] | undefined, forward: boolean): void {
    if (pair === undefined) {
      this.slot = undefined;
      this.version = undefined;
      return;
    }
    this.slotKey = pair[0];
    this.slot = pair[1];
    let v = pair[1].newest;
    if (!forward) while (v.older !== undefined) v = v.older;
    this.version = v;
  }
}

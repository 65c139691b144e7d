// LevelIterator: one cursor over a whole sorted level (≥ 1), whose files hold disjoint key
// ranges in order — LevelDB's "concatenating" two-level iterator. It opens a file's table only
// when the cursor enters it, so a scan touches one table at a time however large the level is.

import { compareBytes } from './bytes.js';
import type { EntryKind } from './entry.js';
import { assert } from './errors.js';
import type { FileMeta } from './file-meta.js';
import type { InternalIterator } from './internal-iterator.js';
import type { TableCache } from './table-cache.js';

export class LevelIterator implements InternalIterator {
  private index = -1;
  private inner: InternalIterator | undefined;
  private release: (() => void) | undefined;

  /** `fillCache` false: blocks read for this cursor are not cached (compaction input). */
  constructor(
    private readonly files: readonly FileMeta[],
    private readonly tables: TableCache,
    private readonly fillCache = true,
  ) {}

  valid(): boolean {
    return this.inner !== undefined && this.inner.valid();
  }
  seekToFirst(): void {
    this.enter(0);
    this.inner?.seekToFirst();
    this.skipEmptyForward();
  }
  seekToLast(): void {
    this.enter(this.files.length - 1);
    this.inner?.seekToLast();
    this.skipEmptyBackward();
  }
  seek(key: Uint8Array, seq: number): void {
    this.enter(this.firstFileEndingAtOrAfter(key));
    this.inner?.seek(key, seq);
    this.skipEmptyForward();
  }
  seekForPrev(key: Uint8Array, seq: number): void {
    // The last file whose smallest key is ≤ key holds the answer, or the answer is in an earlier file.
    let i = this.firstFileEndingAtOrAfter(key);
    if (i >= this.files.length || compareBytes(this.files[i]!.smallestKey, key) > 0) i--;
    this.enter(i);
    this.inner?.seekForPrev(key, seq);
    this.skipEmptyBackward();
  }
  next(): void {
    assert(this.valid(), 'next on an invalid level cursor');
    this.inner!.next();
    this.skipEmptyForward();
  }
  prev(): void {
    assert(this.valid(), 'prev on an invalid level cursor');
    this.inner!.prev();
    this.skipEmptyBackward();
  }
  key(): Uint8Array {
    return this.inner!.key();
  }
  seq(): number {
    return this.inner!.seq();
  }
  kind(): EntryKind {
    return this.inner!.kind();
  }
  value(): Uint8Array {
    return this.inner!.value();
  }
  close(): void {
    this.enter(-1);
  }

  private firstFileEndingAtOrAfter(key: Uint8Array): number {
    let lo = 0;
    let hi = this.files.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareBytes(this.files[mid]!.largestKey, key) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private skipEmptyForward(): void {
    while (this.inner !== undefined && !this.inner.valid()) {
      if (this.index + 1 >= this.files.length) return this.enter(-1);
      this.enter(this.index + 1);
      this.inner?.seekToFirst();
    }
  }

  private skipEmptyBackward(): void {
    while (this.inner !== undefined && !this.inner.valid()) {
      if (this.index <= 0) return this.enter(-1);
      this.enter(this.index - 1);
      this.inner?.seekToLast();
    }
  }

  /** Switches to file `i` (or to none when out of range), releasing the previous table. */
  private enter(i: number): void {
    if (i === this.index && this.inner !== undefined) return;
    this.inner?.close();
    this.release?.();
    this.inner = undefined;
    this.release = undefined;
    this.index = i;
    const file = this.files[i];
    if (i < 0 || file === undefined) return;
    const pinned = this.tables.pin(file.number);
    this.release = pinned.release;
    this.inner = pinned.reader.iterator(this.fillCache);
  }
}

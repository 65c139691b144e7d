// MergingIterator: one cursor over the union of several sorted cursors (the memtables, every
// level-0 table, one cursor per deeper level), in internal order. As in LevelDB's
// MergingIterator, the children are few (a memtable or two, a handful of L0 tables, one per
// level), so the smallest is found by a linear scan rather than a heap; switching direction
// re-positions every other child around the current entry. Internal keys are unique (a seq is
// never reused), so no two children ever sit on the same entry.

import { compareEntries } from './entry.js';
import type { EntryKind } from './entry.js';
import { assert } from './errors.js';
import type { InternalIterator } from './internal-iterator.js';

export class MergingIterator implements InternalIterator {
  private current: InternalIterator | undefined;
  private forward = true;

  constructor(private readonly children: readonly InternalIterator[]) {}

  valid(): boolean {
    return this.current !== undefined && this.current.valid();
  }
  seekToFirst(): void {
    for (const c of this.children) c.seekToFirst();
    this.forward = true;
    this.findSmallest();
  }
  seekToLast(): void {
    for (const c of this.children) c.seekToLast();
    this.forward = false;
    this.findLargest();
  }
  seek(key: Uint8Array, seq: number): void {
    for (const c of this.children) c.seek(key, seq);
    this.forward = true;
    this.findSmallest();
  }
  seekForPrev(key: Uint8Array, seq: number): void {
    for (const c of this.children) c.seekForPrev(key, seq);
    this.forward = false;
    this.findLargest();
  }
  next(): void {
    const cur = this.current;
    assert(cur !== undefined && cur.valid(), 'next on an invalid merging cursor');
    if (!this.forward) {
      // Put every other child on the first entry after the current one.
      const key = cur.key();
      const seq = cur.seq();
      for (const c of this.children) {
        if (c === cur) continue;
        c.seek(key, seq);
        if (c.valid() && compareEntries(c.key(), c.seq(), key, seq) === 0) c.next();
      }
      this.forward = true;
    }
    cur.next();
    this.findSmallest();
  }
  prev(): void {
    const cur = this.current;
    assert(cur !== undefined && cur.valid(), 'prev on an invalid merging cursor');
    if (this.forward) {
      // Put every other child on the last entry before the current one.
      const key = cur.key();
      const seq = cur.seq();
      for (const c of this.children) {
        if (c === cur) continue;
        c.seekForPrev(key, seq);
        if (c.valid() && compareEntries(c.key(), c.seq(), key, seq) === 0) c.prev();
      }
      this.forward = false;
    }
    cur.prev();
    this.findLargest();
  }
  key(): Uint8Array {
    return this.current!.key();
  }
  seq(): number {
    return this.current!.seq();
  }
  kind(): EntryKind {
    return this.current!.kind();
  }
  value(): Uint8Array {
    return this.current!.value();
  }
  close(): void {
    for (const c of this.children) c.close();
    this.current = undefined;
  }

  private findSmallest(): void {
    let best: InternalIterator | undefined;
    for (const c of this.children) {
      if (!c.valid()) continue;
      if (best === undefined || compareEntries(c.key(), c.seq(), best.key(), best.seq()) < 0) best = c;
    }
    this.current = best;
  }

  private findLargest(): void {
    let best: InternalIterator | undefined;
    for (const c of this.children) {
      if (!c.valid()) continue;
      if (best === undefined || compareEntries(c.key(), c.seq(), best.key(), best.seq()) > 0) best = c;
    }
    this.current = best;
  }
}

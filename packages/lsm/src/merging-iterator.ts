// MergingIterator: one cursor over the union of several sorted cursors (the memtables, every
// level-0 table, one cursor per deeper level), in internal order. Forward — scans and every
// compaction — keeps the children in a binary min-heap, so a step costs O(log n) comparisons
// however many level-0 tables pile up; backward finds the largest by a linear scan, as LevelDB's
// MergingIterator does for both. Switching direction re-positions every other child around the
// current entry. Internal keys are unique (a seq is
// never reused), so no two children ever sit on the same entry.

import { compareEntries } from './entry.js';
import type { EntryKind } from './entry.js';
import { assert } from './errors.js';
import type { InternalIterator } from './internal-iterator.js';

export class MergingIterator implements InternalIterator {
  private current: InternalIterator | undefined;
  private forward = true;
  /** Forward only: the valid children, smallest entry at the root. */
  private heap: InternalIterator[] = [];

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
    if (this.heap[0] === cur) {
      if (cur.valid()) this.siftDown(0);
      else this.popRoot();
      this.current = this.heap[0];
    } else this.findSmallest();
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

  /** Rebuilds the heap from every valid child (after a seek or a turn to forward). */
  private findSmallest(): void {
    this.heap = this.children.filter((c) => c.valid());
    for (let i = (this.heap.length >>> 1) - 1; i >= 0; i--) this.siftDown(i);
    this.current = this.heap[0];
  }

  private less(a: InternalIterator, b: InternalIterator): boolean {
    return compareEntries(a.key(), a.seq(), b.key(), b.seq()) < 0;
  }

  private siftDown(i: number): void {
    const h = this.heap;
    const n = h.length;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) return;
      const r = l + 1;
      const m = r < n && this.less(h[r]!, h[l]!) ? r : l;
      if (!this.less(h[m]!, h[i]!)) return;
      const t = h[i]!;
      h[i] = h[m]!;
      h[m] = t;
      i = m;
    }
  }

  private popRoot(): void {
    const last = this.heap.pop()!;
    if (this.heap.length > 0) {
      this.heap[0] = last;
      this.siftDown(0);
    }
  }

  private findLargest(): void {
    this.heap = [];
    let best: InternalIterator | undefined;
    for (const c of this.children) {
      if (!c.valid()) continue;
      if (best === undefined || compareEntries(c.key(), c.seq(), best.key(), best.seq()) > 0) best = c;
    }
    this.current = best;
  }
}

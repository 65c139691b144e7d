// Snapshot: a consistent read point — a sequence number. Reads through it see exactly the writes
// acknowledged before it was taken. Live snapshots are registered so flushes and compactions keep
// every version some snapshot can still see (see version-filter.ts); release it when done.

import { assert } from './errors.js';

export class Snapshot {
  private live = true;

  /** @internal created by `Lsm.snapshot()`. */
  constructor(
    readonly seq: number,
    private readonly list: SnapshotList,
  ) {}

  get released(): boolean {
    return !this.live;
  }

  release(): void {
    if (!this.live) return;
    this.live = false;
    this.list.remove(this.seq);
  }
}

/** The multiset of live snapshot seqs, oldest first. */
export class SnapshotList {
  private readonly counts = new Map<number, number>();
  private sorted: number[] = [];

  take(seq: number): Snapshot {
    const n = this.counts.get(seq) ?? 0;
    this.counts.set(seq, n + 1);
    if (n === 0) this.insertSorted(seq);
    return new Snapshot(seq, this);
  }

  /** @internal */
  remove(seq: number): void {
    const n = this.counts.get(seq);
    assert(n !== undefined && n > 0, 'release of an unknown snapshot');
    if (n > 1) this.counts.set(seq, n - 1);
    else {
      this.counts.delete(seq);
      this.sorted.splice(this.sorted.indexOf(seq), 1);
    }
  }

  /** Live snapshot seqs, ascending (a copy). */
  seqs(): number[] {
    return this.sorted.slice();
  }

  get size(): number {
    return this.sorted.length;
  }

  private insertSorted(seq: number): void {
    let i = this.sorted.length;
    while (i > 0 && this.sorted[i - 1]! > seq) i--;
    this.sorted.splice(i, 0, seq);
  }
}

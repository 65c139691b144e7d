// DbIterator: what a user iterates — the newest version of each key visible at the iterator's
// snapshot, tombstoned keys hidden, within a key range, forward or reverse, up to a limit. It
// walks the merged internal cursor the way LevelDB's DBIter does: forward it takes the first
// visible version of each key and skips the rest; backward it walks a key's versions oldest to
// newest and keeps the last visible one. Keys and values handed out are copies, so a caller can
// never scribble on a cached block.

import { compareBytes, copyBytes } from './bytes.js';
import { KIND_DELETE, KIND_VALUE, MAX_SEQ } from './entry.js';
import type { EntryKind } from './entry.js';
import type { InternalIterator } from './internal-iterator.js';

export interface KeyRange {
  readonly gt?: Uint8Array | undefined;
  readonly gte?: Uint8Array | undefined;
  readonly lt?: Uint8Array | undefined;
  readonly lte?: Uint8Array | undefined;
}

export type KeyValue = [key: Uint8Array, value: Uint8Array];

export class DbIterator {
  private started = false;
  private done = false;
  private yielded = 0;
  /** Reverse only: the entry found by the last backward step. */
  private savedKey: Uint8Array | undefined;
  private savedValue: Uint8Array | undefined;

  constructor(
    private readonly merged: InternalIterator,
    private readonly snapshotSeq: number,
    private readonly range: KeyRange,
    private readonly reverse: boolean,
    private readonly limit: number,
    private readonly onClose: () => void,
  ) {}

  /** The next visible pair, or undefined at the end of the range (or after `limit` pairs). Stays open until close(). */
  step(): KeyValue | undefined {
    if (this.done) return undefined;
    if (this.limit >= 0 && this.yielded >= this.limit) return undefined;
    const pair = this.reverse ? this.stepBackward() : this.stepForward();
    if (pair !== undefined) this.yielded++;
    return pair;
  }

  /** Moves so the next step returns the first pair at or after `target` (at or before, in reverse). */
  seek(target: Uint8Array): void {
    if (this.done) return;
    this.started = true;
    this.savedKey = undefined;
    if (this.reverse) {
      const hi = this.upperBound();
      this.merged.seekForPrev(hi !== undefined && compareBytes(hi, target) < 0 ? hi : target, 0);
    } else {
      const lo = this.range.gte ?? this.range.gt;
      this.merged.seek(lo !== undefined && compareBytes(lo, target) > 0 ? lo : target, MAX_SEQ);
    }
  }

  close(): void {
    this.finish();
  }

  private finish(): undefined {
    if (!this.done) {
      this.done = true;
      this.merged.close();
      this.onClose();
    }
    return undefined;
  }

  private stepForward(): KeyValue | undefined {
    const m = this.merged;
    let skip: Uint8Array | undefined;
    if (!this.started) {
      this.started = true;
      const lo = this.range.gte ?? this.range.gt;
      if (lo === undefined) m.seekToFirst();
      else m.seek(lo, MAX_SEQ);
    } else if (this.savedKey !== undefined) {
      skip = this.savedKey; // the key yielded last: skip its older versions
    }
    for (; m.valid(); m.next()) {
      if (m.seq() > this.snapshotSeq) continue;
      const key = m.key();
      if (skip !== undefined && compareBytes(key, skip) <= 0) continue;
      if (this.range.gt !== undefined && compareBytes(key, this.range.gt) <= 0) continue;
      if (!this.inRangeForward(key)) return undefined;
      if (m.kind() === KIND_DELETE) {
        skip = key.slice();
        continue;
      }
      const k = copyBytes(key);
      this.savedKey = k;
      const pair: KeyValue = [k, copyBytes(m.value())];
      m.next();
      return pair;
    }
    return undefined;
  }

  private stepBackward(): KeyValue | undefined {
    const m = this.merged;
    if (!this.started) {
      this.started = true;
      const hi = this.upperBound();
      if (hi === undefined) m.seekToLast();
      else if (this.range.lte !== undefined && hi === this.range.lte) m.seekForPrev(hi, 0);
      else m.seekForPrev(hi, MAX_SEQ);
    }
    let kind: EntryKind = KIND_DELETE;
    let key: Uint8Array | undefined;
    let value: Uint8Array | undefined;
    for (; m.valid(); m.prev()) {
      if (m.seq() > this.snapshotSeq) continue;
      const k = m.key();
      if (kind === KIND_VALUE && compareBytes(k, key!) < 0) break;
      if (!this.inRangeBackward(k)) break;
      if (key === undefined || compareBytes(k, key) !== 0) key = copyBytes(k);
      kind = m.kind();
      value = kind === KIND_VALUE ? copyBytes(m.value()) : undefined;
    }
    if (kind === KIND_DELETE || key === undefined || value === undefined) return undefined;
    if (!this.inRangeBackward(key)) return undefined;
    return [key, value];
  }

  /** The reverse scan's starting bound: lte or lt, whichever is tighter. */
  private upperBound(): Uint8Array | undefined {
    const { lt, lte } = this.range;
    if (lt !== undefined && lte !== undefined) return compareBytes(lt, lte) <= 0 ? lt : lte;
    return lt ?? lte;
  }

  /** Below the upper bound (the lower bound is where the scan starts). */
  private inRangeForward(key: Uint8Array): boolean {
    const { lt, lte } = this.range;
    if (lt !== undefined && compareBytes(key, lt) >= 0) return false;
    if (lte !== undefined && compareBytes(key, lte) > 0) return false;
    return true;
  }

  private inRangeBackward(key: Uint8Array): boolean {
    const { gt, gte, lt, lte } = this.range;
    if (gt !== undefined && compareBytes(key, gt) <= 0) return false;
    if (gte !== undefined && compareBytes(key, gte) < 0) return false;
    if (lt !== undefined && compareBytes(key, lt) >= 0) return false;
    if (lte !== undefined && compareBytes(key, lte) > 0) return false;
    return true;
  }
}

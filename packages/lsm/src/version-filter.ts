// VersionFilter: which versions a flush or compaction keeps. A version is dropped when a newer
// version of the same key is visible to exactly the same readers (no live snapshot falls between
// them) — LevelDB's rule, refined to every snapshot "stripe" rather than only the oldest one. A
// tombstone is dropped, with everything older of its key, only when every reader already sees it
// (it is older than the oldest snapshot), no deeper level can hold an older version of the key,
// and the caller's `canPurge` hook agrees (the cluster gates tombstone GC on anti-entropy).

import { KIND_DELETE } from './entry.js';
import { LastKey } from './last-key.js';
import type { EntryKind } from './entry.js';

export interface TombstoneMeta {
  readonly seq: number;
  /** The level the compaction writes to. */
  readonly level: number;
}

export type CanPurge = (key: Uint8Array, meta: TombstoneMeta) => boolean;

export class VersionFilter {
  private readonly lastKey = new LastKey();
  private lastStripe = -1;
  /** Stats for the caller. */
  shadowedDropped = 0;
  tombstonesDropped = 0;

  /**
   * @param snapshots live snapshot seqs, ascending.
   * @param purgeTombstone decides (for a tombstone older than every snapshot) whether it may go;
   *   undefined = never (flushes: older versions may sit below).
   */
  constructor(
    private readonly snapshots: readonly number[],
    private readonly purgeTombstone: ((key: Uint8Array, seq: number) => boolean) | undefined,
  ) {}

  /** Feed entries in internal order; returns whether to keep this one. */
  keep(key: Uint8Array, seq: number, kind: EntryKind): boolean {
    const stripe = this.stripeOf(seq);
    if (this.lastKey.equals(key)) {
      if (stripe === this.lastStripe) {
        this.shadowedDropped++;
        return false;
      }
    } else {
      this.lastKey.set(key);
    }
    this.lastStripe = stripe;
    if (kind === KIND_DELETE && stripe === 0 && this.purgeTombstone !== undefined && this.purgeTombstone(key, seq)) {
      // Older versions of this key fall in the same stripe (0) and are dropped as shadowed.
      this.tombstonesDropped++;
      return false;
    }
    return true;
  }

  /** The index of the first snapshot that can see `seq` (snapshots.length = only current readers). */
  private stripeOf(seq: number): number {
    const s = this.snapshots;
    let lo = 0;
    let hi = s.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (s[mid]! < seq) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

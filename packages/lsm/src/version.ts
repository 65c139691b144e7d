// Version: one immutable picture of which SSTables are live, level by level. Level 0 holds
// flushed memtables (they may overlap; newest first); every deeper level is sorted by key and
// its files never overlap, so one binary search finds the only file that can hold a key.
// Readers and iterators pin the Version they started with; files drop out of the store only
// when no pinned Version still lists them.

import { compareBytes } from './bytes.js';
import { assert } from './errors.js';
import type { FileMeta } from './file-meta.js';
import { overlapsRange, totalBytes } from './file-meta.js';
import type { VersionEdit } from './version-edit.js';

export const LEVELS = 7;

export class Version {
  /** Live iterators and snapshots holding this version. */
  refs = 0;

  constructor(readonly levels: readonly (readonly FileMeta[])[]) {
    assert(levels.length === LEVELS, 'a version has every level');
  }

  static empty(): Version {
    return new Version(Array.from({ length: LEVELS }, () => []));
  }

  levelBytes(level: number): number {
    return totalBytes(this.levels[level]!);
  }

  fileCount(level: number): number {
    return this.levels[level]!.length;
  }

  /** Files of `level` whose key range intersects [lo, hi] (undefined = unbounded). */
  overlapping(level: number, lo: Uint8Array | undefined, hi: Uint8Array | undefined): FileMeta[] {
    return this.levels[level]!.filter((f) => overlapsRange(f, lo, hi));
  }

  /** In a sorted level (≥ 1), the one file whose range may hold `key`, found by binary search. */
  fileForKey(level: number, key: Uint8Array): FileMeta | undefined {
    const files = this.levels[level]!;
    let lo = 0;
    let hi = files.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareBytes(files[mid]!.largestKey, key) < 0) lo = mid + 1;
      else hi = mid;
    }
    const f = files[lo];
    return f !== undefined && compareBytes(f.smallestKey, key) <= 0 ? f : undefined;
  }

  /** True when no level deeper than `level` has a file whose range holds `key` (tombstones may then go). */
  isBaseLevelForKey(level: number, key: Uint8Array): boolean {
    for (let l = level + 1; l < LEVELS; l++) if (this.fileForKey(l, key) !== undefined) return false;
    return true;
  }

  /** Every live file number. */
  fileNumbers(): number[] {
    return this.levels.flatMap((files) => files.map((f) => f.number));
  }

  /** A new version with the edit's removals and additions applied. */
  apply(edit: VersionEdit): Version {
    const removed = new Set((edit.removed ?? []).map(([level, n]) => `${level}:${n}`));
    const levels = this.levels.map((files, level) => files.filter((f) => !removed.has(`${level}:${f.number}`)));
    for (const { level, file } of edit.added ?? []) levels[level]!.push(file);
    levels[0]!.sort((a, b) => b.seqMax - a.seqMax || b.number - a.number);
    for (let level = 1; level < LEVELS; level++) {
      const files = levels[level]!;
      files.sort((a, b) => compareBytes(a.smallestKey, b.smallestKey));
      for (let i = 1; i < files.length; i++) {
        assert(
          compareBytes(files[i - 1]!.largestKey, files[i]!.smallestKey) < 0,
          `level ${level} files ${files[i - 1]!.number} and ${files[i]!.number} overlap`,
        );
      }
    }
    return new Version(levels);
  }
}

// CompactionPicker: leveled compaction's choice of what to merge next (LevelDB's
// VersionSet::PickCompaction). Each level gets a score — level 0 by table count (its tables
// overlap, so every one costs a read), deeper levels by bytes over their target (10 MiB × 10^(n-1))
// — and the highest score ≥ 1 wins. Level 0 compacts all its tables at once with the level-1
// tables they overlap; a deeper level compacts one table, chosen round robin after the key where
// its last compaction stopped, with the next level's overlapping tables.
//
// Why leveled rather than size-tiered: a point read checks at most one table per level ≥ 1, and
// space amplification stays near 1.1×, which is what a node holding replicas of many ranges needs;
// the price is higher write amplification, paid in the background under a byte budget.

import { compareBytes } from './bytes.js';
import type { FileMeta } from './file-meta.js';
import { keyRange, overlapsRange } from './file-meta.js';
import type { Version } from './version.js';
import { LEVELS } from './version.js';

export interface CompactionShape {
  readonly level0CompactionTrigger: number;
  readonly level1BytesTarget: number;
  readonly levelSizeMultiplier: number;
}

export interface Compaction {
  /** Inputs come from `level` and `outputLevel`; outputs go to `outputLevel` (`level + 1`, or
   * `level` itself for a rewrite of the last level). */
  readonly level: number;
  readonly outputLevel: number;
  readonly inputs: readonly FileMeta[];
  readonly nextInputs: readonly FileMeta[];
  /** One input, nothing to merge with: the table just moves down a level (no rewrite). */
  readonly trivialMove: boolean;
}

export function levelBytesTarget(level: number, shape: CompactionShape): number {
  return shape.level1BytesTarget * shape.levelSizeMultiplier ** Math.max(0, level - 1);
}

/** Each level's score; ≥ 1 means it needs compacting. The last level never compacts down. */
export function levelScores(version: Version, shape: CompactionShape): number[] {
  const scores: number[] = [];
  for (let level = 0; level < LEVELS - 1; level++) {
    scores.push(
      level === 0
        ? version.fileCount(0) / shape.level0CompactionTrigger
        : version.levelBytes(level) / levelBytesTarget(level, shape),
    );
  }
  return scores;
}

export function pickCompaction(
  version: Version,
  shape: CompactionShape,
  compactPointers: ReadonlyMap<number, Uint8Array>,
): Compaction | undefined {
  const scores = levelScores(version, shape);
  let best = -1;
  for (let level = 0; level < scores.length; level++) {
    if (scores[level]! >= 1 && (best < 0 || scores[level]! > scores[best]!)) best = level;
  }
  if (best < 0) return undefined;
  if (best === 0) return compactionFor(version, 0, level0Inputs(version.levels[0]!));
  const files = version.levels[best]!;
  const pointer = compactPointers.get(best);
  const start = pointer === undefined ? undefined : files.find((f) => compareBytes(f.largestKey, pointer) > 0);
  return compactionFor(version, best, [start ?? files[0]!]);
}

/**
 * Level 0's inputs: its oldest table and every level-0 table overlapping those chosen, until
 * none is left that overlaps (LevelDB expands the same way). Tables left behind share no key
 * with the chosen ones, so moving the chosen ones down never puts older data above newer. A
 * sequential load thus compacts one table at a time, usually by a trivial move.
 */
export function level0Inputs(files: readonly FileMeta[]): FileMeta[] {
  let oldest = files[0]!;
  for (const f of files) if (f.seqMax < oldest.seqMax) oldest = f;
  const chosen = [oldest];
  let { smallest, largest } = keyRange(chosen);
  for (let grew = true; grew; ) {
    grew = false;
    for (const f of files) {
      if (chosen.includes(f) || !overlapsRange(f, smallest, largest)) continue;
      chosen.push(f);
      ({ smallest, largest } = keyRange(chosen));
      grew = true;
    }
  }
  return chosen;
}

/**
 * The compaction of `inputs` (from `level`) with everything they overlap one level down.
 * `rewrite` forbids the trivial move (a manual compaction rewrites to drop tombstones); on the
 * last level a rewrite compacts the level into itself.
 */
export function compactionFor(version: Version, level: number, inputs: readonly FileMeta[], rewrite = false): Compaction {
  const outputLevel = Math.min(level + 1, LEVELS - 1);
  if (outputLevel === level) return { level, outputLevel, inputs, nextInputs: [], trivialMove: false };
  const { smallest, largest } = keyRange(inputs);
  const nextInputs = version.overlapping(outputLevel, smallest, largest);
  return { level, outputLevel, inputs, nextInputs, trivialMove: !rewrite && inputs.length === 1 && nextInputs.length === 0 };
}

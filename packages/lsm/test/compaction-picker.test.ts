// Leveled compaction's choices (LevelDB's PickCompaction): level 0 by table count, deeper levels
// by bytes over target, level-0 inputs expanded to every overlapping table, trivial moves.

import { describe, expect, it } from 'vitest';
import { compactionFor, level0Inputs, levelScores, pickCompaction } from '../src/compaction-picker.js';
import type { FileMeta } from '../src/file-meta.js';
import { Version } from '../src/version.js';

const enc = new TextEncoder();
let next = 1;
function table(lo: string, hi: string, seqMax: number, fileBytes = 1000): FileMeta {
  return { number: next++, fileBytes, smallestKey: enc.encode(lo), largestKey: enc.encode(hi), seqMin: seqMax - 10, seqMax, entryCount: 10, tombstoneCount: 0 };
}
const shape = { level0CompactionTrigger: 4, level1BytesTarget: 10_000, levelSizeMultiplier: 10 };

describe('compaction picker', () => {
  it('takes the oldest level-0 table and, transitively, every level-0 table overlapping it', () => {
    const a = table('a', 'c', 10);
    const b = table('b', 'd', 20); // overlaps a
    const c = table('d', 'f', 30); // overlaps b (at d)
    const d = table('x', 'z', 40); // overlaps nothing
    expect(level0Inputs([d, c, b, a]).map((f) => f.number).sort()).toEqual([a, b, c].map((f) => f.number).sort());
  });

  it('moves a sequential load down one table at a time without rewriting it', () => {
    const files = [table('a', 'b', 10), table('c', 'd', 20), table('e', 'f', 30), table('g', 'h', 40)];
    const version = Version.empty().apply({ added: files.map((file) => ({ level: 0, file })) });
    const c = pickCompaction(version, shape, new Map())!;
    expect(c.level).toBe(0);
    expect(c.inputs.map((f) => f.number)).toEqual([files[0]!.number]);
    expect(c.trivialMove).toBe(true);
  });

  it('scores level 0 by table count and deeper levels by bytes over target', () => {
    const version = Version.empty().apply({
      added: [
        { level: 0, file: table('a', 'b', 10) },
        { level: 0, file: table('c', 'd', 11) },
        { level: 1, file: table('a', 'm', 5, 15_000) },
        { level: 2, file: table('a', 'z', 1, 50_000) },
      ],
    });
    const scores = levelScores(version, shape);
    expect(scores[0]).toBeCloseTo(0.5);
    expect(scores[1]).toBeCloseTo(1.5);
    expect(scores[2]).toBeCloseTo(0.5);
    const c = pickCompaction(version, shape, new Map())!;
    expect(c.level).toBe(1);
    expect(c.nextInputs).toHaveLength(1);
    expect(c.trivialMove).toBe(false);
  });

  it('rewrites the last level into itself on request (to drop tombstones)', () => {
    const f = table('a', 'b', 10);
    const version = Version.empty().apply({ added: [{ level: 6, file: f }] });
    const c = compactionFor(version, 6, [f], true);
    expect(c.outputLevel).toBe(6);
    expect(c.trivialMove).toBe(false);
  });
});

// CompactionJob: carries out one picked compaction — merge the input tables in internal order,
// drop what the VersionFilter says no reader can see, and write the survivors as new tables one
// level down. It reads synchronously a few thousand entries at a time, then pays the byte budget
// and yields, so foreground reads and writes keep flowing while it runs. The result is a
// VersionEdit the caller records in the manifest; until then the inputs stay live.

import type { Compaction } from './compaction-picker.js';
import type { Scheduler } from './file-system.js';
import { LevelIterator } from './level-iterator.js';
import type { InternalIterator } from './internal-iterator.js';
import { MergingIterator } from './merging-iterator.js';
import type { RateLimiter } from './rate-limiter.js';
import type { TableCache } from './table-cache.js';
import type { TableOutput } from './table-output.js';
import type { Version } from './version.js';
import type { VersionEdit } from './version-edit.js';
import type { CanPurge } from './version-filter.js';
import { VersionFilter } from './version-filter.js';

export interface CompactionContext {
  readonly tables: TableCache;
  readonly version: Version;
  readonly snapshots: readonly number[];
  readonly canPurge: CanPurge;
  readonly limiter: RateLimiter;
  readonly scheduler: Scheduler;
  readonly entriesPerYield: number;
  /** Checked between chunks: true aborts the job (the store is closing). */
  readonly stopping: () => boolean;
}

export interface CompactionResult {
  readonly edit: VersionEdit;
  readonly bytesRead: number;
  readonly bytesWritten: number;
  readonly entriesIn: number;
  readonly entriesOut: number;
  readonly shadowedDropped: number;
  readonly tombstonesDropped: number;
  /** False when the job stopped early (store closing); the output was abandoned. */
  readonly completed: boolean;
}

/** The merged cursor over a compaction's inputs. */
export function compactionInput(c: Compaction, tables: TableCache): InternalIterator {
  const children: InternalIterator[] =
    c.level === 0 ? c.inputs.map((f) => new LevelIterator([f], tables, false)) : [new LevelIterator(c.inputs, tables, false)];
  if (c.nextInputs.length > 0) children.push(new LevelIterator(c.nextInputs, tables, false));
  return new MergingIterator(children);
}

export async function runCompaction(c: Compaction, ctx: CompactionContext, output: TableOutput): Promise<CompactionResult> {
  const outLevel = c.outputLevel;
  const bytesRead = [...c.inputs, ...c.nextInputs].reduce((sum, f) => sum + f.fileBytes, 0);
  const removed: [number, number][] = [
    ...c.inputs.map((f): [number, number] => [c.level, f.number]),
    ...c.nextInputs.map((f): [number, number] => [outLevel, f.number]),
  ];
  const filter = new VersionFilter(ctx.snapshots, (key, seq) =>
    ctx.version.isBaseLevelForKey(outLevel, key) && ctx.canPurge(key, { seq, level: outLevel }),
  );
  const input = compactionInput(c, ctx.tables);
  let entriesIn = 0;
  let entriesOut = 0;
  let paid = 0;
  try {
    input.seekToFirst();
    while (input.valid()) {
      for (let n = 0; n < ctx.entriesPerYield && input.valid(); n++, input.next()) {
        entriesIn++;
        if (!filter.keep(input.key(), input.seq(), input.kind())) continue;
        if (output.needsTable(input.key())) await output.openTable();
        output.add(input.key(), input.seq(), input.kind(), input.value());
        entriesOut++;
      }
      await ctx.limiter.take(output.bytesWritten - paid);
      paid = output.bytesWritten;
      if (ctx.stopping()) {
        await output.abort();
        return { edit: {}, bytesRead, bytesWritten: 0, entriesIn, entriesOut, shadowedDropped: 0, tombstonesDropped: 0, completed: false };
      }
      await ctx.scheduler.yield();
    }
  } finally {
    input.close();
  }
  const files = await output.finish();
  const edit: VersionEdit = { removed, added: files.map((file) => ({ level: outLevel, file })) };
  return {
    edit,
    bytesRead,
    bytesWritten: files.reduce((sum, f) => sum + f.fileBytes, 0),
    entriesIn,
    entriesOut,
    shadowedDropped: filter.shadowedDropped,
    tombstonesDropped: filter.tombstonesDropped,
    completed: true,
  };
}

// TableBuilds: the bodies of the two background jobs that write tables — a flush (a sealed
// memtable → one level-0 table) and a compaction (merged inputs → tables one level down) — each
// on its worker thread when the store has one, else on the event loop in chunks. The Lsm owns
// the scheduling and the manifest edits; this file owns how the tables get written.

import type { BackgroundThread } from './runtime/background-thread.js';
import type { CompactionResult } from './compaction-job.js';
import { runCompaction } from './compaction-job.js';
import type { Compaction } from './compaction-picker.js';
import type { CompactionTask } from './compaction-task.js';
import { outputNumbersFor } from './compaction-task.js';
import type { FileMeta } from './file-meta.js';
import type { FileSystem, Scheduler } from './file-system.js';
import { packMemtable } from './flush-task.js';
import type { Manifest } from './manifest.js';
import type { MemSlot } from './mem-slot.js';
import type { MemVersion } from './memtable.js';
import type { ResolvedOptions } from './options.js';
import type { RateLimiter } from './rate-limiter.js';
import type { SstableWriterOptions } from './sstable-writer.js';
import type { TableCache } from './table-cache.js';
import { TableOutput } from './table-output.js';
import type { Version } from './version.js';
import { VersionFilter } from './version-filter.js';

/** What a table build needs from its store. */
export interface BuildContext {
  readonly fs: FileSystem;
  readonly dir: string;
  readonly o: ResolvedOptions;
  readonly scheduler: Scheduler;
  readonly manifest: Manifest;
  readonly tables: TableCache;
  readonly limiter: RateLimiter;
  /** Numbers of tables being written (the obsolete-table sweep leaves them alone). */
  readonly pendingOutputs: Set<number>;
  /** Live snapshot seqs, ascending. */
  readonly snapshots: () => readonly number[];
  readonly stopping: () => boolean;
  readonly threads: { readonly compaction: BackgroundThread; readonly flush: BackgroundThread } | undefined;
}

export function writerOptions(o: ResolvedOptions): SstableWriterOptions {
  return { blockBytesTarget: o.blockBytesTarget, bitsPerKey: o.bitsPerKey, compression: o.compression };
}

/** Writes a sealed memtable as a level-0 table: on the flush thread if there is one, else here in chunks. */
export async function writeLevel0(ctx: BuildContext, slot: MemSlot): Promise<FileMeta[]> {
  const thread = ctx.threads?.flush;
  if (thread?.usable === true) {
    const fileNumber = ctx.manifest.newFileNumber();
    ctx.pendingOutputs.add(fileNumber);
    try {
      const packed = packMemtable(slot.mem, ctx.snapshots());
      return await thread.flush({ dir: ctx.dir, fileNumber, packed, writer: writerOptions(ctx.o) });
    } catch (error) {
      if (thread.usable) throw error; // else the worker died: write it here
    } finally {
      ctx.pendingOutputs.delete(fileNumber);
    }
  }
  const output = new TableOutput({
    fs: ctx.fs,
    dir: ctx.dir,
    newFileNumber: () => ctx.manifest.newFileNumber(),
    pending: ctx.pendingOutputs,
    tableBytesTarget: Number.POSITIVE_INFINITY,
    writer: writerOptions(ctx.o),
  });
  const filter = new VersionFilter(ctx.snapshots(), undefined);
  let n = 0;
  for (const { key, newest } of slot.mem.keys()) {
    for (let v: MemVersion | undefined = newest; v !== undefined; v = v.older) {
      if (!filter.keep(key, v.seq, v.kind)) continue;
      if (output.needsTable(key)) await output.openTable();
      output.add(key, v.seq, v.kind, v.value);
    }
    if (++n % ctx.o.compactionEntriesPerYield === 0) await ctx.scheduler.yield();
  }
  return output.finish();
}

/**
 * Merges a compaction's inputs into new tables: on the compaction thread if there is one, else
 * here. `reserved` collects the output numbers used (the caller clears them from pendingOutputs).
 */
export async function buildCompaction(ctx: BuildContext, c: Compaction, version: Version, reserved: number[]): Promise<CompactionResult> {
  const thread = ctx.threads?.compaction;
  if (thread?.usable === true) {
    try {
      return await thread.compact(compactionTask(ctx, c, version, reserved));
    } catch (error) {
      if (thread.usable) throw error; // else the worker died: carry on here
    }
  }
  return compactInline(ctx, c, version, reserved);
}

/** Runs a compaction on the event loop, a chunk of entries at a time. */
function compactInline(ctx: BuildContext, c: Compaction, version: Version, reserved: number[]): Promise<CompactionResult> {
  const output = new TableOutput({
    fs: ctx.fs,
    dir: ctx.dir,
    newFileNumber: () => {
      const n = ctx.manifest.newFileNumber();
      reserved.push(n);
      return n;
    },
    pending: ctx.pendingOutputs,
    tableBytesTarget: ctx.o.tableBytesTarget,
    writer: writerOptions(ctx.o),
  });
  return runCompaction(
    c,
    {
      tables: ctx.tables,
      version,
      snapshots: ctx.snapshots(),
      canPurge: ctx.o.canPurge,
      limiter: ctx.limiter,
      scheduler: ctx.scheduler,
      entriesPerYield: ctx.o.compactionEntriesPerYield,
      stopping: ctx.stopping,
    },
    output,
  );
}

/** The compaction as data for the worker thread, with its output file numbers reserved. */
function compactionTask(ctx: BuildContext, c: Compaction, version: Version, reserved: number[]): CompactionTask {
  for (let i = outputNumbersFor(c, ctx.o.tableBytesTarget); i > 0; i--) {
    const n = ctx.manifest.newFileNumber();
    reserved.push(n);
    ctx.pendingOutputs.add(n);
  }
  return {
    dir: ctx.dir,
    compaction: c,
    deeperLevels: version.levels.slice(c.outputLevel + 1),
    snapshots: ctx.snapshots(),
    fileNumbers: reserved,
    tableBytesTarget: ctx.o.tableBytesTarget,
    writer: writerOptions(ctx.o),
    bytesPerSecond: ctx.o.compactionBytesPerSecond,
    entriesPerYield: ctx.o.compactionEntriesPerYield,
  };
}

// CompactionTask: a compaction described as plain data — the inputs, the levels below the
// output (to tell when a tombstone may go), the live snapshots, the output file numbers reserved
// for it and the writer settings — so it can run on the event loop or be posted to a worker
// thread and run there. `runCompactionTask` is the one place that turns it into merged tables.

import { BlockCache } from './block-cache.js';
import type { Compaction } from './compaction-picker.js';
import type { CompactionResult } from './compaction-job.js';
import { runCompaction } from './compaction-job.js';
import { assert } from './errors.js';
import type { FileMeta } from './file-meta.js';
import type { FileSystem, Scheduler } from './file-system.js';
import { RateLimiter } from './rate-limiter.js';
import type { SstableWriterOptions } from './sstable-writer.js';
import { TableCache } from './table-cache.js';
import { TableOutput } from './table-output.js';
import { LEVELS, Version } from './version.js';

export interface CompactionTask {
  readonly dir: string;
  readonly compaction: Compaction;
  /** The levels below the output level, as they were when the task was made. */
  readonly deeperLevels: readonly (readonly FileMeta[])[];
  readonly snapshots: readonly number[];
  /** File numbers the task may use for its output tables, in order. */
  readonly fileNumbers: readonly number[];
  readonly tableBytesTarget: number;
  readonly writer: SstableWriterOptions;
  readonly bytesPerSecond: number;
  readonly entriesPerYield: number;
}

/** How many output numbers to reserve: outputs are at most about as big as the inputs. */
export function outputNumbersFor(c: Compaction, tableBytesTarget: number): number {
  const inputBytes = [...c.inputs, ...c.nextInputs].reduce((sum, f) => sum + f.fileBytes, 0);
  return Math.ceil((2 * inputBytes) / tableBytesTarget) + 8;
}

/** A version holding only the levels below `outputLevel`: enough for isBaseLevelForKey. */
export function deeperVersion(task: CompactionTask): Version {
  const levels: FileMeta[][] = Array.from({ length: LEVELS }, () => []);
  task.deeperLevels.forEach((files, i) => (levels[task.compaction.outputLevel + 1 + i] = [...files]));
  return new Version(levels);
}

/**
 * Runs `task` with its own table readers (no block cache: a compaction reads each block once).
 * The purge hook here is the default one (every tombstone no reader or deeper level needs goes).
 */
export async function runCompactionTask(
  task: CompactionTask,
  fs: FileSystem,
  scheduler: Scheduler,
  stopping: () => boolean,
): Promise<CompactionResult> {
  const tables = new TableCache(fs, task.dir, new BlockCache(0), 64);
  const numbers = [...task.fileNumbers];
  const output = new TableOutput({
    fs,
    dir: task.dir,
    newFileNumber: () => {
      const n = numbers.shift();
      assert(n !== undefined, 'compaction ran out of reserved file numbers');
      return n;
    },
    pending: new Set(),
    tableBytesTarget: task.tableBytesTarget,
    writer: task.writer,
  });
  try {
    return await runCompaction(
      task.compaction,
      {
        tables,
        version: deeperVersion(task),
        snapshots: task.snapshots,
        canPurge: () => true,
        limiter: new RateLimiter(scheduler, task.bytesPerSecond),
        scheduler,
        entriesPerYield: task.entriesPerYield,
        stopping,
      },
      output,
    );
  } catch (error) {
    await output.abort();
    throw error;
  } finally {
    tables.close();
  }
}

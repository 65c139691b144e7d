// StoreStats: the counters an operator reads from `Lsm.stats()` — write amplification, stalls,
// flush and compaction work, cache hit rates, the shape of the tree — gathered in one place so
// the engine's hot paths only bump numbers.

import type { BlockCache } from './block-cache.js';
import type { CompactionResult } from './compaction-job.js';
import type { RecoveryStats } from './log-recovery.js';
import type { Version } from './version.js';
import { LEVELS } from './version.js';

export interface LsmStats {
  readonly lastSeq: number;
  readonly memtableBytes: number;
  readonly immutableMemtables: number;
  readonly levels: readonly { readonly files: number; readonly bytes: number }[];
  /** Bytes of live SSTables. */
  readonly tableBytes: number;
  readonly blockCache: { readonly hits: number; readonly misses: number; readonly bytes: number; readonly capacityBytes: number };
  readonly tablesOpen: number;
  readonly tableOpens: number;
  readonly snapshots: number;
  /** Key + value bytes the caller wrote (plus a fixed per-entry overhead). */
  readonly userBytes: number;
  readonly logBytes: number;
  readonly flushes: number;
  readonly flushBytes: number;
  readonly compactions: number;
  readonly trivialMoves: number;
  readonly compactionBytesRead: number;
  readonly compactionBytesWritten: number;
  readonly shadowedDropped: number;
  readonly tombstonesDropped: number;
  readonly compactionThrottledMs: number;
  /** (log + flush + compaction bytes written) / user bytes. */
  readonly writeAmplification: number;
  readonly stalls: number;
  readonly stallMs: number;
  readonly recovery: RecoveryStats;
  /** True while flushes and compactions run on worker threads (false: on the event loop). */
  readonly backgroundThreads: boolean;
}

export interface StatsInputs {
  readonly version: Version;
  readonly memtableBytes: number;
  readonly immutableMemtables: number;
  readonly blockCache: BlockCache;
  readonly tablesOpen: number;
  readonly tableOpens: number;
  readonly snapshots: number;
  readonly throttledMs: number;
  readonly lastSeq: number;
  readonly backgroundThreads: boolean;
}

export class StoreStats {
  userBytes = 0;
  logBytes = 0;
  flushes = 0;
  flushBytes = 0;
  compactions = 0;
  trivialMoves = 0;
  compactionBytesRead = 0;
  compactionBytesWritten = 0;
  shadowedDropped = 0;
  tombstonesDropped = 0;
  stalls = 0;
  stallMs = 0;
  recovery: RecoveryStats = { logsReplayed: 0, batchesReplayed: 0, entriesReplayed: 0, tornTailBytes: 0, logsWithTornTail: 0 };

  addCompaction(r: CompactionResult): void {
    this.compactions++;
    this.compactionBytesRead += r.bytesRead;
    this.compactionBytesWritten += r.bytesWritten;
    this.shadowedDropped += r.shadowedDropped;
    this.tombstonesDropped += r.tombstonesDropped;
  }

  snapshot(i: StatsInputs): LsmStats {
    const levels = Array.from({ length: LEVELS }, (_, level) => ({ files: i.version.fileCount(level), bytes: i.version.levelBytes(level) }));
    const written = this.logBytes + this.flushBytes + this.compactionBytesWritten;
    return {
      lastSeq: i.lastSeq,
      memtableBytes: i.memtableBytes,
      immutableMemtables: i.immutableMemtables,
      levels,
      tableBytes: levels.reduce((sum, l) => sum + l.bytes, 0),
      blockCache: {
        hits: i.blockCache.hits,
        misses: i.blockCache.misses,
        bytes: i.blockCache.bytes,
        capacityBytes: i.blockCache.capacityBytes,
      },
      tablesOpen: i.tablesOpen,
      tableOpens: i.tableOpens,
      snapshots: i.snapshots,
      userBytes: this.userBytes,
      logBytes: this.logBytes,
      flushes: this.flushes,
      flushBytes: this.flushBytes,
      compactions: this.compactions,
      trivialMoves: this.trivialMoves,
      compactionBytesRead: this.compactionBytesRead,
      compactionBytesWritten: this.compactionBytesWritten,
      shadowedDropped: this.shadowedDropped,
      tombstonesDropped: this.tombstonesDropped,
      compactionThrottledMs: i.throttledMs,
      writeAmplification: this.userBytes === 0 ? 0 : written / this.userBytes,
      stalls: this.stalls,
      stallMs: this.stallMs,
      recovery: this.recovery,
      backgroundThreads: i.backgroundThreads,
    };
  }
}

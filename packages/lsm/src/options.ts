// LsmOptions: what `openLsm` accepts — the IO seams, open behaviour, the tombstone-purge hook,
// and any tuning knob of `defaults.ts`. `resolveOptions` validates every field (bad options are a
// BAD_REQUEST before anything touches the disk).

import { defaults } from './defaults.js';
import type { Tuning } from './defaults.js';
import { badRequest } from './errors.js';
import type { FileSystem, Scheduler } from './file-system.js';
import type { CanPurge } from './version-filter.js';

export type SyncPolicy = 'always' | 'never' | { readonly intervalMs: number };


export interface LsmOptions extends Partial<Omit<Tuning, 'syncPolicy' | 'compression'>> {
  /** Where the files live. Default: the real file system (`NodeFileSystem`). */
  readonly fs?: FileSystem;
  /** Time and timers. Default: real timers (`nodeScheduler`). */
  readonly scheduler?: Scheduler;
  /** Create the store when the directory holds none (default true). */
  readonly createIfMissing?: boolean;
  /** Fail when a store already exists (default false). */
  readonly errorIfExists?: boolean;
  /** Commit log fsync policy (default `{ intervalMs: 100 }`). */
  readonly syncPolicy?: SyncPolicy;
  readonly compression?: 'lz4' | 'none';
  /**
   * Asked before a compaction drops a tombstone that no reader and no deeper level still needs.
   * Default: always yes. The cluster answers yes only once every replica has the delete.
   */
  readonly canPurge?: CanPurge;
  /**
   * Build flushed and compacted tables on two worker threads (default true), as LevelDB does on
   * its background thread. Used when the store is on the real file system and no `canPurge`
   * hook is given (a hook is a function of this thread); otherwise that work runs on the event
   * loop in chunks, between reads and writes.
   */
  readonly backgroundThreads?: boolean;
}

/** The default purge hook: a tombstone no reader and no deeper level needs can go. */
export const purgeAlways: CanPurge = () => true;

export interface ResolvedOptions extends Tuning {
  readonly backgroundThreads: boolean;
  readonly createIfMissing: boolean;
  readonly errorIfExists: boolean;
  readonly canPurge: CanPurge;
}

const positiveIntegers = [
  'memtableBytesMax',
  'memtablesImmutableMax',
  'tablesOpenMax',
  'blockBytesTarget',
  'bitsPerKey',
  'tableBytesTarget',
  'level0CompactionTrigger',
  'level0StallTrigger',
  'level1BytesTarget',
  'levelSizeMultiplier',
  'keyBytesMax',
  'valueBytesMax',
  'compactionEntriesPerYield',
] as const;

export function resolveOptions(options: LsmOptions): ResolvedOptions {
  const o = { ...defaults, backgroundThreads: true, createIfMissing: true, errorIfExists: false, canPurge: purgeAlways, ...stripUndefined(options) };
  for (const name of positiveIntegers) {
    const v = o[name];
    if (!Number.isSafeInteger(v) || v < 1) throw badRequest(`option ${name} must be a positive integer, got ${String(v)}`);
  }
  if (!Number.isSafeInteger(o.blockCacheBytes) || o.blockCacheBytes < 0) throw badRequest('option blockCacheBytes must be a non-negative integer');
  if (!(o.compactionBytesPerSecond > 0)) throw badRequest('option compactionBytesPerSecond must be > 0 (Infinity = unthrottled)');
  if (o.level0StallTrigger < o.level0CompactionTrigger) throw badRequest('option level0StallTrigger must be ≥ level0CompactionTrigger');
  if (o.compression !== 'lz4' && o.compression !== 'none') throw badRequest(`option compression must be 'lz4' or 'none'`);
  const sp = o.syncPolicy as unknown;
  const okPolicy =
    sp === 'always' ||
    sp === 'never' ||
    (typeof sp === 'object' && sp !== null && Number.isFinite((sp as { intervalMs: unknown }).intervalMs) && (sp as { intervalMs: number }).intervalMs > 0);
  if (!okPolicy) throw badRequest(`option syncPolicy must be 'always', 'never' or { intervalMs > 0 }`);
  if (typeof o.canPurge !== 'function') throw badRequest('option canPurge must be a function');
  return o as ResolvedOptions;
}

function stripUndefined(options: LsmOptions): Partial<ResolvedOptions> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(options)) if (v !== undefined && k !== 'fs' && k !== 'scheduler') out[k] = v;
  return out as Partial<ResolvedOptions>;
}

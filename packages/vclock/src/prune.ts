// Pruning: bounding a clock's length, as Riak's small/big vclock settings do. Every actor that
// ever coordinated a write for a key leaves an entry; with node churn a clock would grow
// without bound. Pruning drops the entries that advanced longest ago, but never a young entry
// (its actor may still be writing) nor one the caller protects. What it costs is in the
// README ("What pruning costs"): a pruned entry can make an old value reappear as a false
// sibling (the safe direction), and pruning a still-writing actor could let its counters be
// reused (the unsafe one, which `youngMs`, `keep` and `write`'s max rule guard against).
import { assert } from './assert';
import { pruneDefaults } from './defaults';
import type { SiblingSet } from './sibling-set';
import type { Clock, ClockEntry } from './version-vector';

export interface PruneOptions {
  /** The caller's wall-clock time in ms. */
  readonly nowMs: number;
  /** Prune while the clock is longer than this (default 50, Riak big_vclock). */
  readonly entriesMax?: number;
  /**
   * At or below this length never prune; above it prune entries older than `oldMs`
   * (default `entriesMax`, as Riak's small_vclock = big_vclock = 50).
   */
  readonly entriesSoftMax?: number;
  /** Never prune an entry that advanced less than this long ago (default 20 000 ms, Riak young_vclock). */
  readonly youngMs?: number;
  /** Entries older than this are pruned past `entriesSoftMax` (default 86 400 000 ms, Riak old_vclock). */
  readonly oldMs?: number;
  /**
   * Entries to keep whatever their age. A coordinator should protect its own actor:
   * `keep: (actor) => actor === self`.
   */
  readonly keep?: (actor: string) => boolean;
}

export interface PruneClockResult {
  readonly clock: Clock;
  /** Entries removed (count it in metrics). */
  readonly pruned: number;
}

export interface PruneSetResult<V> {
  readonly set: SiblingSet<V>;
  readonly pruned: number;
}

/** Oldest first; ties broken by actor so the result does not depend on input order. */
function byAge(a: ClockEntry, b: ClockEntry): number {
  return a.timestampMs - b.timestampMs || (a.actor < b.actor ? -1 : a.actor > b.actor ? 1 : 0);
}

/**
 * Removes the oldest entries while the clock is longer than `entriesMax` (or longer than
 * `entriesSoftMax` and the oldest is older than `oldMs`), stopping at the first entry younger
 * than `youngMs`. Riak's `vclock:prune/3`, plus `keep`.
 */
export function pruneClock(clock: Clock, options: PruneOptions): PruneClockResult {
  const entriesMax = options.entriesMax ?? pruneDefaults.entriesMax;
  const entriesSoftMax = options.entriesSoftMax ?? entriesMax;
  const youngMs = options.youngMs ?? pruneDefaults.youngMs;
  const oldMs = options.oldMs ?? pruneDefaults.oldMs;
  assert(Number.isSafeInteger(entriesMax) && entriesMax >= 0, `entriesMax must be an integer ≥ 0, got ${entriesMax}`);
  assert(
    Number.isSafeInteger(entriesSoftMax) && entriesSoftMax >= 0 && entriesSoftMax <= entriesMax,
    `entriesSoftMax must be an integer in 0..entriesMax, got ${entriesSoftMax}`,
  );
  assert(youngMs >= 0 && oldMs >= 0, 'youngMs and oldMs must be ≥ 0');
  if (clock.length <= entriesSoftMax) return { clock, pruned: 0 };
  const keep = options.keep;
  const candidates = (keep === undefined ? clock.slice() : clock.filter((e) => !keep(e.actor))).sort(byAge);
  const removed = new Set<string>();
  let length = clock.length;
  for (const entry of candidates) {
    if (length <= entriesSoftMax) break;
    const ageMs = options.nowMs - entry.timestampMs;
    if (ageMs < youngMs) break; // every later candidate is younger still
    if (length <= entriesMax && ageMs <= oldMs) break;
    removed.add(entry.actor);
    length--;
  }
  if (removed.size === 0) return { clock, pruned: 0 };
  return { clock: clock.filter((e) => !removed.has(e.actor)), pruned: removed.size };
}

/**
 * Prunes a sibling set's context like `pruneClock`, but never the entry of an actor that a
 * sibling's dot references (tombstones included): the context must keep covering every
 * sibling. Siblings are never removed.
 */
export function pruneSet<V>(set: SiblingSet<V>, options: PruneOptions): PruneSetResult<V> {
  const entriesSoftMax = options.entriesSoftMax ?? options.entriesMax ?? pruneDefaults.entriesMax;
  if (set.context.length <= entriesSoftMax) return { set, pruned: 0 };
  const referenced = new Set<string>();
  for (const sibling of set.siblings) referenced.add(sibling.dot.actor);
  const keep = options.keep;
  const protect = (actor: string): boolean => referenced.has(actor) || (keep !== undefined && keep(actor));
  const { clock, pruned } = pruneClock(set.context, { ...options, keep: protect });
  if (pruned === 0) return { set, pruned: 0 };
  return { set: { context: clock, siblings: set.siblings }, pruned };
}

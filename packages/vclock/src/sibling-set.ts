// Sibling sets: everything one replica stores for one key, as a dotted-version-vector set
// (Preguiça et al., "Dotted Version Vectors"; Riak 2.0's dvvset; the causal-context form of
// Almeida et al.). `context` is the causal past the replica knows of; each sibling is one
// write not superseded by any write the replica has seen, named by its dot. A write that
// carries the context its client read supersedes exactly the siblings that context covers;
// everything else stays a sibling, so no write is silently overwritten.
//
// Invariants (asserted): `context` is canonical; siblings are sorted by dot (actor, then
// counter) with unique dots; every sibling's dot is covered by `context`.
//
// Caller's contract for `write`:
// - The coordinating actor writes to its OWN local set. Counters for an actor are generated
//   only by that actor, one after another, so a dot names one write.
// - The resulting whole set is what gets replicated (other replicas `sync` it in).
// - Actor ids are unique forever: node id + a generation persisted before serving. Reusing
//   an actor's counters (a node restarted empty under its old id) loses writes (Riak kv679).
// - A client context must come from a read of the same key. A forged context that covers
//   dots not yet written would supersede those future writes.
import { actorProblem, isValidActor } from './actor';
import { assert } from './assert';
import type { Dot } from './dot';
import { compareDots, formatDot } from './dot';
import { isTimestampMs } from './scalars';
import type { Clock } from './version-vector';
import { assertClock, clockProblem, counterOf, covers, emptyClock, increment, mergeObserved } from './version-vector';

export interface ValueSibling<V> {
  readonly dot: Dot;
  /** The coordinator's `nowMs` when the write happened (for display and LWW-style resolution). */
  readonly timestampMs: number;
  readonly tombstone: false;
  readonly value: V;
}

/** A delete: a sibling like any other, so a concurrent write survives it. */
export interface TombstoneSibling {
  readonly dot: Dot;
  readonly timestampMs: number;
  readonly tombstone: true;
}

export type Sibling<V> = ValueSibling<V> | TombstoneSibling;

export interface SiblingSet<V> {
  /** The causal past this replica knows of for the key. Covers every sibling's dot. */
  readonly context: Clock;
  /** Concurrent writes not superseded, in canonical order (by actor, then counter). */
  readonly siblings: readonly Sibling<V>[];
}

interface WriteCommon {
  /** The context the client read (`contextOf` of that read, via a token); `emptyClock` for a blind write. */
  readonly context: Clock;
  /** The coordinating actor, writing to its own local set. */
  readonly actor: string;
  /** Wall-clock time in ms, stamped on the new sibling and on the actor's clock entry. */
  readonly nowMs: number;
}

export type WriteRequest<V> =
  | (WriteCommon & { readonly tombstone?: false; readonly value: V })
  | (WriteCommon & { readonly tombstone: true });

/** The set of a key never written. */
export function emptySet<V>(): SiblingSet<V> {
  return { context: emptyClock, siblings: [] };
}

/**
 * Writes a value (or a tombstone) coordinated by `actor` into its own set. Drops every
 * sibling whose dot the client context covers and adds one sibling with the dot
 * (actor, max(set.context[actor], clientContext[actor]) + 1); the new set context is
 * merge(set.context, clientContext) plus that dot. With an empty client context nothing is
 * dropped: the write becomes a sibling.
 */
export function write<V>(set: SiblingSet<V>, request: WriteRequest<V>): SiblingSet<V> {
  const { context: clientContext, actor, nowMs } = request;
  if (!isValidActor(actor)) assert(false, actorProblem(actor)); // the message is built only on failure
  if (!isTimestampMs(nowMs)) assert(false, `nowMs must be a finite number ≥ 0, got ${nowMs}`);
  assertClock(clientContext, 'write: client context');
  const context = increment(mergeObserved(set.context, clientContext, nowMs), actor, nowMs);
  const dot: Dot = { actor, counter: counterOf(context, actor) };
  const sibling: Sibling<V> =
    request.tombstone === true
      ? { dot, timestampMs: nowMs, tombstone: true }
      : { dot, timestampMs: nowMs, tombstone: false, value: request.value };
  const siblings: Sibling<V>[] = [];
  let inserted = false;
  for (const existing of set.siblings) {
    if (covers(clientContext, existing.dot)) continue;
    if (!inserted && compareDots(dot, existing.dot) < 0) {
      siblings.push(sibling);
      inserted = true;
    }
    assert(compareDots(dot, existing.dot) !== 0, `write: dot ${formatDot(dot)} already taken (actor reused?)`);
    siblings.push(existing);
  }
  if (!inserted) siblings.push(sibling);
  return { context, siblings };
}

/** The causal context to hand a reader (encode it with `encodeContext`). */
export function contextOf<V>(set: SiblingSet<V>): Clock {
  return set.context;
}

/** Values of the non-tombstone siblings, in canonical order. */
export function liveValues<V>(set: SiblingSet<V>): V[] {
  const values: V[] = [];
  for (const sibling of set.siblings) if (!sibling.tombstone) values.push(sibling.value);
  return values;
}

/** True when the key reads as absent: no siblings, or only tombstones. */
export function isDeleted<V>(set: SiblingSet<V>): boolean {
  return set.siblings.every((sibling) => sibling.tombstone);
}

/** Number of siblings, tombstones included. */
export function siblingCount<V>(set: SiblingSet<V>): number {
  return set.siblings.length;
}

/** Describes the first broken invariant of `set`, or undefined when it holds. */
export function siblingSetProblem<V>(set: SiblingSet<V>): string | undefined {
  const problem = clockProblem(set.context);
  if (problem !== undefined) return `context: ${problem}`;
  let previous: Dot | undefined;
  for (const sibling of set.siblings) {
    if (previous !== undefined && compareDots(previous, sibling.dot) >= 0) {
      return `siblings must be sorted by dot with unique dots (${formatDot(previous)} then ${formatDot(sibling.dot)})`;
    }
    if (!covers(set.context, sibling.dot)) return `sibling dot ${formatDot(sibling.dot)} is not covered by the context`;
    previous = sibling.dot;
  }
  return undefined;
}

/** Asserts the sibling-set invariants (for sets that never left the process). */
export function assertSiblingSet<V>(set: SiblingSet<V>, what: string): void {
  const problem = siblingSetProblem(set);
  assert(problem === undefined, `${what}: ${problem ?? ''}`);
}

// Sync: the join of two replicas' sibling sets for one key, used by replication, read repair,
// hinted handoff and anti-entropy alike. A sibling survives unless the other side has seen its
// write (its context covers the dot) and no longer holds it, i.e. superseded it. The context is
// the merge of both. This is the causal-context join of Almeida et al. ("Delta state
// replicated data types", DotFun), so it is commutative, associative and idempotent, and
// replicas that exchange sets in any order converge.
import { assert } from './assert';
import { compareDots, dotEquals, formatDot } from './dot';
import type { Sibling, SiblingSet } from './sibling-set';
import { emptySet } from './sibling-set';
import { clockEquals, covers, descends, merge } from './version-vector';

/** The same dot must name the same write; anything else means an actor's counters were reused. */
function assertSameWrite<V>(a: Sibling<V>, b: Sibling<V>): void {
  assert(
    a.tombstone === b.tombstone && a.timestampMs === b.timestampMs,
    `dot ${formatDot(a.dot)} names two different writes: an actor id was reused (Riak kv679)`,
  );
}

/** Joins two replicas' sets without losing any write that neither has superseded. */
export function sync<V>(a: SiblingSet<V>, b: SiblingSet<V>): SiblingSet<V> {
  if (a === b) return a;
  const siblings: Sibling<V>[] = [];
  const as = a.siblings;
  const bs = b.siblings;
  let i = 0;
  let j = 0;
  while (i < as.length && j < bs.length) {
    const sa = as[i] as Sibling<V>;
    const sb = bs[j] as Sibling<V>;
    const order = compareDots(sa.dot, sb.dot);
    if (order === 0) {
      assertSameWrite(sa, sb);
      siblings.push(sa);
      i++;
      j++;
    } else if (order < 0) {
      if (!covers(b.context, sa.dot)) siblings.push(sa);
      i++;
    } else {
      if (!covers(a.context, sb.dot)) siblings.push(sb);
      j++;
    }
  }
  for (; i < as.length; i++) {
    const sa = as[i] as Sibling<V>;
    if (!covers(b.context, sa.dot)) siblings.push(sa);
  }
  for (; j < bs.length; j++) {
    const sb = bs[j] as Sibling<V>;
    if (!covers(a.context, sb.dot)) siblings.push(sb);
  }
  return { context: merge(a.context, b.context), siblings };
}

/** Joins any number of sets (the empty set for none), e.g. the R replies of a read. */
export function syncAll<V>(sets: Iterable<SiblingSet<V>>): SiblingSet<V> {
  let result: SiblingSet<V> | undefined;
  for (const set of sets) result = result === undefined ? set : sync(result, set);
  return result ?? emptySet<V>();
}

/**
 * Same causal content: equal context counters and the same sibling dots (a dot names one
 * write, so the values are the same too). Clock timestamps are pruning metadata and ignored.
 */
export function setEquals<V>(a: SiblingSet<V>, b: SiblingSet<V>): boolean {
  if (a.siblings.length !== b.siblings.length || !clockEquals(a.context, b.context)) return false;
  for (let i = 0; i < a.siblings.length; i++) {
    if (!dotEquals((a.siblings[i] as Sibling<V>).dot, (b.siblings[i] as Sibling<V>).dot)) return false;
  }
  return true;
}

/**
 * True when `b` adds nothing to `a`: `setEquals(sync(a, b), a)`. Read repair sends the merged
 * set to every replica whose set does not descend it. Costs no allocation.
 */
export function descendsSet<V>(a: SiblingSet<V>, b: SiblingSet<V>): boolean {
  if (!descends(a.context, b.context)) return false;
  // b's context is covered by a's, so b's siblings that a lacks are superseded; a's siblings
  // must each be held by b or unseen by b.
  let j = 0;
  for (const sa of a.siblings) {
    while (j < b.siblings.length && compareDots((b.siblings[j] as Sibling<V>).dot, sa.dot) < 0) j++;
    const sb = b.siblings[j];
    const heldByB = sb !== undefined && dotEquals(sb.dot, sa.dot);
    if (!heldByB && covers(b.context, sa.dot)) return false;
  }
  return true;
}

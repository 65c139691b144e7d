// Dot conflicts: one dot naming two different writes. It can only happen when an actor id was
// reused (a node restarted empty under its old generation: Riak kv679), or when a peer sends
// garbage. vclock's `sync` asserts on it, which is right for its own invariants but must not
// let a peer's message throw out of `step`; so every set that arrives from another node is
// checked here first, and a conflicting one is dropped and counted, never merged.
import type { Dot, Sibling, SiblingSet } from '@kv/vclock';
import { compareDots, sync } from '@kv/vclock';

/** The first dot `a` and `b` both hold for different writes, or undefined. Same test as vclock's sync. */
export function conflictingDot<V>(a: SiblingSet<V>, b: SiblingSet<V>): Dot | undefined {
  let j = 0;
  for (const sa of a.siblings) {
    while (j < b.siblings.length && compareDots((b.siblings[j] as Sibling<V>).dot, sa.dot) < 0) j++;
    const sb = b.siblings[j];
    if (sb === undefined) return undefined;
    if (compareDots(sb.dot, sa.dot) === 0 && (sb.tombstone !== sa.tombstone || sb.timestampMs !== sa.timestampMs)) return sa.dot;
  }
  return undefined;
}

/** `sync(a, b)`, or undefined when they hold a conflicting dot. */
export function syncChecked<V>(a: SiblingSet<V>, b: SiblingSet<V>): SiblingSet<V> | undefined {
  return conflictingDot(a, b) === undefined ? sync(a, b) : undefined;
}

// No-resurrection checker: a value an acknowledged delete superseded never comes back. For every
// acknowledged delete, any live sibling of the key's final state (the sync of its primaries)
// whose dot the delete's context covers is a deleted value brought back — by a stale replica,
// a hint, read repair or anti-entropy syncing an old version over the tombstone (the failure
// Cassandra calls zombie data, and what tombstone purge must never cause).
import type { Ring } from '@kv/ring';
import { covers, decodeContext } from '@kv/vclock';
import type { History } from '../history.js';
import type { Stores } from './final-state.js';
import { mergedSet } from './final-state.js';
import type { Violation } from './violation.js';

export function checkNoResurrection(history: History, ring: Ring, n: number, stores: Stores): Violation[] {
  const violations: Violation[] = [];
  for (const op of history.ops) {
    if (op.op !== 'delete' || op.reply?.ok !== true || op.context === undefined) continue;
    const deleted = decodeContext(op.context);
    let final;
    try {
      final = mergedSet(op.key, ring, n, stores);
    } catch {
      continue; // unmergeable replicas are no-lost-writes' finding
    }
    for (const sibling of final.siblings) {
      if (sibling.tombstone || !covers(deleted, sibling.dot)) continue;
      violations.push({
        checker: 'no-resurrection',
        message: `key ${op.key}: value ${sibling.value} (dot ${sibling.dot.actor}:${sibling.dot.counter}) was deleted by delete #${op.id} (acked at ${op.completeMs} ms) but is live again`,
      });
    }
  }
  return violations;
}

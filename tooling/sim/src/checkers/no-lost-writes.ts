// No-lost-writes checker (checkers 1 and 2). For every acknowledged put or delete, in the final
// state (the sync of the key's primary replicas):
//   1. lost write: its dot must be covered by the final context — the cluster still knows it;
//   2. sibling survival: unless some issued write's context covered its dot (it was superseded,
//      possibly by a write whose outcome the client never learned), a put's sibling must still be
//      live with its value: concurrent acknowledged writes survive as siblings.
import type { Ring } from '@kv/ring';
import type { Clock } from '@kv/vclock';
import { covers, decodeContext } from '@kv/vclock';
import type { History } from '../history.js';
import type { Stores } from './final-state.js';
import { mergedSet } from './final-state.js';
import type { Violation } from './violation.js';

export function checkNoLostWrites(history: History, keys: readonly string[], ring: Ring, n: number, stores: Stores): Violation[] {
  const violations: Violation[] = [];
  const contextsByKey = new Map<string, Clock[]>();
  for (const op of history.ops) {
    if (op.op === 'get' || op.context === undefined) continue;
    const list = contextsByKey.get(op.key) ?? [];
    list.push(decodeContext(op.context));
    contextsByKey.set(op.key, list);
  }
  const finals = new Map<string, ReturnType<typeof mergedSet>>();
  for (const key of keys) {
    try {
      finals.set(key, mergedSet(key, ring, n, stores));
    } catch (error) {
      // vclock refuses to sync two sets where one dot names two writes (an actor reused: kv679).
      violations.push({ checker: 'no-lost-writes', message: `key ${key}: replicas cannot be merged: ${error instanceof Error ? error.message : String(error)}` });
    }
  }
  for (const op of history.ops) {
    const reply = op.reply;
    if (op.op === 'get' || reply === undefined || !reply.ok || reply.op === 'get' || reply.dot === undefined) continue;
    if (history.lostWithTheDisk(op)) continue;
    const dot = reply.dot;
    if (!finals.has(op.key)) continue; // reported above
    const final = finals.get(op.key);
    const name = `${op.op} #${op.id} ${op.key}${op.value === undefined ? '' : `=${op.value}`} dot ${dot.actor}:${dot.counter} (W=${op.level}, acked at ${op.completeMs} ms)`;
    // A purged tombstone's context counts: the write was applied, then deleted, then purged.
    const purgedCovers = [...stores.values()].some((store) => (store.purged.get(op.key) ?? []).some((context) => covers(context, dot)));
    if ((final === undefined || !covers(final.context, dot)) && !purgedCovers) {
      violations.push({ checker: 'no-lost-writes', message: `acknowledged ${name} is lost: no replica's clock covers it` });
      continue;
    }
    if (op.op !== 'put') continue;
    const superseded = (contextsByKey.get(op.key) ?? []).some((context) => covers(context, dot));
    if (superseded) continue;
    const sibling = final?.siblings.find((s) => s.dot.actor === dot.actor && s.dot.counter === dot.counter);
    if (sibling === undefined || sibling.tombstone || sibling.value !== op.value) {
      violations.push({ checker: 'sibling-survival', message: `acknowledged ${name} was never superseded but is not a live sibling` });
    }
  }
  return violations;
}

// Read-your-writes checker (checker 4, DESIGN.md §5): with R + W > N and a strict quorum on both
// sides (every acknowledgement and answer from a primary, no fallback), a read that starts after a
// write was acknowledged sees it: its context covers the write's dot (the value is among the
// siblings, or a write that superseded it is). The issue asked for pairs with no partition or
// crash during them; the check also holds across faults (W primaries made the write durable
// before acking, and any R primaries include one of them), so every such pair is checked and the
// fault-free ones are counted apart.
import type { Clock } from '@kv/vclock';
import { covers, decodeContext } from '@kv/vclock';
import type { History, OpRecord } from '../history.js';
import type { Violation } from './violation.js';

const strict = (op: OpRecord): boolean => op.reply?.ok === true && op.reply.receipt.acks.every((ack) => ack.role === 'primary');

export interface ReadYourWritesResult {
  readonly violations: Violation[];
  /** Pairs checked, and those with no fault between the write's invocation and the read's completion. */
  readonly pairs: number;
  readonly faultFreePairs: number;
}

/**
 * `purged(key)`: the contexts of the key's purged tombstones. A write such a tombstone covered was
 * deleted and then forgotten on purpose (tombstone purge): a later read finds nothing, not a
 * successor, and that is no violation.
 */
export function checkReadYourWrites(history: History, n: number, purged: (key: string) => readonly Clock[] = () => []): ReadYourWritesResult {
  const violations: Violation[] = [];
  let pairs = 0;
  let faultFreePairs = 0;
  const writes = history.ops.filter((op) => op.op !== 'get' && strict(op));
  const reads = history.ops.filter((op) => op.op === 'get' && strict(op));
  for (const write of writes) {
    const wr = write.reply;
    if (wr === undefined || !wr.ok || wr.op === 'get' || wr.dot === undefined || write.completeMs === undefined) continue;
    const dot = wr.dot;
    for (const read of reads) {
      const rr = read.reply;
      if (read.key !== write.key || rr === undefined || !rr.ok || rr.op !== 'get' || read.completeMs === undefined) continue;
      if (read.invokeMs <= write.completeMs || read.level + write.level <= n) continue;
      // A lost disk takes a replica of the write with it until anti-entropy restores it.
      if (history.diskLossBetween(write.invokeMs, read.completeMs)) continue;
      if (purged(write.key).some((context) => covers(context, dot))) continue;
      pairs++;
      const faultFree = !history.faultBetween(write.invokeMs, read.completeMs);
      if (faultFree) faultFreePairs++;
      if (!covers(decodeContext(rr.context), dot)) {
        violations.push({
          checker: 'read-your-writes',
          message: `${faultFree ? '' : '(across a fault) '}get #${read.id} ${read.key} (R=${read.level}, at ${read.invokeMs} ms via ${read.node}) missed ${write.op} #${write.id} (W=${write.level}, acked at ${write.completeMs} ms, dot ${dot.actor}:${dot.counter})`,
        });
      }
    }
  }
  return { violations, pairs, faultFreePairs };
}

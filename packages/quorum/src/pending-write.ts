// Pending write: a put or delete in flight at its origin coordinator. It counts `write-ack`s by
// distinct node: `stored` (a primary) and `hinted` (a fallback that persisted a hint, Dynamo
// §4.6) count towards W; `refused` (a fallback whose hint backlog for that owner is full) does
// not. The write is done at W counted acks, and known to fail as soon as the acks still
// possible cannot reach W.
import type { Dot } from '@kv/vclock';
import type { WriteAckMessage, RefusalReason } from './messages.js';
import type { RequestSetup } from './pending-request.js';
import { PendingRequest } from './pending-request.js';
import type { Receipt } from './receipt.js';

export class PendingWrite<V> extends PendingRequest<V> {
  readonly kind = 'write';
  private readonly refusals: { node: string; reason: RefusalReason }[] = [];
  private readonly hints: { node: string; hintFor: string }[] = [];
  dot: Dot | undefined;
  siblings: number | undefined;

  constructor(
    setup: RequestSetup<V>,
    /** The replica asked to coordinate the write. */
    readonly coordinatedBy: string,
  ) {
    super(setup);
  }

  /** Records an ack; false when it is ignored (unknown node, repeat). */
  onAck(from: string, ack: WriteAckMessage, nowMs: number): boolean {
    const target = this.targetOf(from);
    if (target === undefined || !this.admit(from)) return false;
    if (ack.dot !== null) this.dot ??= ack.dot;
    if (ack.siblings !== null && from === this.coordinatedBy) this.siblings = ack.siblings;
    if (ack.outcome === 'refused') {
      this.refusals.push({ node: from, reason: ack.reason ?? 'hints-full' });
      return true;
    }
    if (ack.outcome === 'hinted' && target.hintFor !== undefined) this.hints.push({ node: from, hintFor: target.hintFor });
    this.recordAck(target, nowMs);
    return true;
  }

  /** W can no longer be reached: every in-scope target that could still ack would not be enough. */
  get impossible(): boolean {
    return this.counted + this.outstandingInScope() < this.setup.required;
  }

  receipt(nowMs: number): Receipt {
    return {
      ...this.baseReceipt(nowMs),
      coordinatedBy: this.coordinatedBy,
      refusals: this.refusals.slice(),
      hintsWritten: this.hints.slice(),
    };
  }
}

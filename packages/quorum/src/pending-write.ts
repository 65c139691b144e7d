// Pending write: a put or delete in flight at its origin coordinator. It counts `write-ack`s by
// distinct node: `stored` (a primary) and `hinted` (a fallback that persisted a hint, Dynamo
// §4.6) count towards W; `refused` (a fallback whose hint backlog for that owner is full) does
// not. The write is done at W counted acks, and known to fail as soon as the acks still
// possible cannot reach W.
//
// Acks are counted per version (dot). One request normally makes one version, but a
// `coordinate` delivered twice (a replayed message, or one that reaches a replica again after
// it restarted under a new generation) makes the coordinating replica write twice under the
// same op id, and the targets' acks can then name different versions. Counting them together
// could reply "W acked" for a version that fewer than W replicas hold (found by tooling/sim,
// seed 543, once replicates left before the coordinating replica's commit). So the write
// succeeds when W nodes acked the same version, and the reply names that version.
import type { Dot } from '@kv/vclock';
import type { RefusalReason, WriteAckMessage } from './messages.js';
import type { RequestSetup } from './pending-request.js';
import { PendingRequest } from './pending-request.js';
import type { Receipt, ReceiptAck } from './receipt.js';

interface VersionAcks {
  readonly dot: Dot;
  readonly nodes: Set<string>;
  readonly acks: ReceiptAck[];
  readonly hints: { node: string; hintFor: string }[];
  counted: number;
}

export class PendingWrite<V> extends PendingRequest<V> {
  readonly kind = 'write';
  private readonly refusals: { node: string; reason: RefusalReason }[] = [];
  private readonly refused = new Set<string>();
  private readonly versions = new Map<string, VersionAcks>();
  /** The version with the most counted acks (the one the reply names). */
  private leading: VersionAcks | undefined;
  siblings: number | undefined;

  constructor(
    setup: RequestSetup<V>,
    /** The replica asked to coordinate the write. */
    readonly coordinatedBy: string,
  ) {
    super(setup);
  }

  get dot(): Dot | undefined {
    return this.leading?.dot;
  }

  /** Records an ack; false when it is ignored (unknown node, a repeat for the same version). */
  onAck(from: string, ack: WriteAckMessage, nowMs: number): boolean {
    const target = this.targetOf(from);
    if (target === undefined) return false;
    if (ack.outcome === 'refused' || ack.dot === null) {
      if (this.refused.has(from)) return false;
      this.refused.add(from);
      this.answered.add(from);
      this.refusals.push({ node: from, reason: ack.reason ?? 'hints-full' });
      return true;
    }
    const key = `${ack.dot.actor}:${ack.dot.counter}`;
    let version = this.versions.get(key);
    if (version === undefined) this.versions.set(key, (version = { dot: ack.dot, nodes: new Set(), acks: [], hints: [], counted: 0 }));
    if (version.nodes.has(from)) return false;
    version.nodes.add(from);
    this.answered.add(from);
    if (ack.siblings !== null && from === this.coordinatedBy) this.siblings = ack.siblings;
    if (ack.outcome === 'hinted' && target.hintFor !== undefined) version.hints.push({ node: from, hintFor: target.hintFor });
    const receiptAck = this.ackOf(target, nowMs);
    if (receiptAck.counted) version.counted++;
    version.acks.push(receiptAck);
    if (this.leading === undefined || version.counted > this.leading.counted) this.leading = version;
    return true;
  }

  override get satisfied(): boolean {
    return (this.leading?.counted ?? 0) >= this.setup.required;
  }

  /** W can no longer be reached: too few in-scope targets are left that have not refused. */
  get impossible(): boolean {
    let possible = 0;
    for (const target of this.setup.plan.targets) if (this.inScope(target.node) && !this.refused.has(target.node)) possible++;
    return possible < this.setup.required;
  }

  receipt(nowMs: number): Receipt {
    const base = this.baseReceipt(nowMs);
    return {
      ...base,
      acks: this.leading?.acks.slice() ?? [],
      coordinatedBy: this.coordinatedBy,
      refusals: this.refusals.slice(),
      hintsWritten: this.leading?.hints.slice() ?? [],
    };
  }
}

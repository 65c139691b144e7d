// History: every client operation as invoked and as completed (result, receipt), plus the times
// faults happened. The checkers read only this and the final stores, as a chaos harness on real
// processes would read only a client's recorded history.
import type { ClientReply, Consistency } from '@kv/quorum';
import { majority } from '@kv/quorum';

export interface OpRecord {
  readonly id: number;
  readonly client: number;
  readonly op: 'get' | 'put' | 'delete';
  readonly key: string;
  readonly node: string;
  /** R (get) or W (write) as asked, resolved to a count against N. */
  readonly level: number;
  readonly sloppy: boolean;
  readonly value: string | undefined;
  readonly context: string | undefined;
  readonly invokeMs: number;
  completeMs: number | undefined;
  /** undefined: no reply (the coordinator crashed or the client gave up): outcome unknown. */
  reply: ClientReply<string> | undefined;
}

export class History {
  readonly ops: OpRecord[] = [];
  /** Times of crashes, restarts, partitions and heals. */
  readonly faultsMs: number[] = [];

  /** The run's one disk loss (SimOptions.diskLoss): which node, when. */
  diskLoss: { readonly node: string; readonly atMs: number } | undefined;

  faultBetween(fromMs: number, toMs: number): boolean {
    return this.faultsMs.some((t) => t >= fromMs && t <= toMs);
  }

  /**
   * A write the disk loss may legitimately have taken: invoked before it (an ack the lost node
   * sent before the loss may arrive after it) and acknowledged by the lost node alone (W = 1, or
   * every counted ack from it). No replica anywhere else ever had to hold it.
   */
  lostWithTheDisk(op: OpRecord): boolean {
    const loss = this.diskLoss;
    const reply = op.reply;
    if (loss === undefined || reply === undefined || !reply.ok || op.invokeMs > loss.atMs) return false;
    const counted = reply.receipt.acks.filter((ack) => ack.counted);
    return counted.length > 0 && counted.every((ack) => ack.node === loss.node);
  }

  /**
   * Whether the disk loss fell between a write's invocation and a read's answer: the lost node
   * may have held one of the write's copies (acked before the loss, the ack arriving after it),
   * so the read may miss the write until anti-entropy restores it.
   */
  diskLossBetween(fromMs: number, toMs: number): boolean {
    const loss = this.diskLoss;
    return loss !== undefined && loss.atMs >= fromMs && loss.atMs <= toMs;
  }
}

/** A consistency level as a count of answers for a keyspace of N replicas. */
export function levelCount(level: Consistency, n: number): number {
  if (typeof level === 'number') return level;
  if (level === 'one') return 1;
  if (level === 'all') return n;
  return majority(n);
}

// Pending read: a get in flight at its origin coordinator. It merges the answers (`syncAll`
// semantics, one at a time) and replies at R answers from distinct nodes. It then lingers until
// every target has answered or the deadline passes, so late answers take part in read repair:
// whoever answered and is behind the merged set gets it written back (read-repair.ts).
import type { SiblingSet } from '@kv/vclock';
import { emptySet, setEquals } from '@kv/vclock';
import { syncChecked } from './dot-conflict.js';
import { PendingRequest } from './pending-request.js';
import type { Receipt } from './receipt.js';
import { staleReplicas } from './read-repair.js';
import type { Target } from './replica-plan.js';

export type AnswerOutcome = 'ignored' | 'conflict' | 'recorded';

export class PendingRead<V> extends PendingRequest<V> {
  readonly kind = 'read';
  merged: SiblingSet<V> = emptySet<V>();
  /** Whether the client has been answered (the read may linger for repair after that). */
  replied = false;
  private first: SiblingSet<V> | undefined;
  private divergent = false;
  /** What each answering replica holds as far as we know: its answer, then what we repaired it with. */
  private readonly known = new Map<string, SiblingSet<V>>();
  private readonly repairedBeforeReply: string[] = [];

  /** Records one replica's answer (null: it has nothing for the key). */
  onAnswer(from: string, answer: SiblingSet<V> | null, nowMs: number): AnswerOutcome {
    const target = this.targetOf(from);
    if (target === undefined || this.answered.has(from)) return 'ignored';
    const set = answer ?? emptySet<V>();
    const merged = syncChecked(this.merged, set);
    if (merged === undefined) return 'conflict';
    this.admit(from);
    this.merged = merged;
    if (this.first === undefined) this.first = set;
    else if (!this.divergent && !setEquals(this.first, set)) this.divergent = true;
    this.known.set(from, set);
    this.recordAck(target, nowMs);
    return 'recorded';
  }

  /**
   * The repairs due now: every answering replica that is behind the merged set, with the merged
   * set to send. Marks them as repaired (so the next call only adds what later answers added).
   */
  takeRepairs(): { readonly target: Target; readonly set: SiblingSet<V> }[] {
    const repairs = staleReplicas(this.merged, this.known).map((node) => ({ target: this.targetOf(node) as Target, set: this.merged }));
    for (const { target } of repairs) {
      this.known.set(target.node, this.merged);
      if (!this.replied) this.repairedBeforeReply.push(target.node);
    }
    return repairs;
  }

  receipt(nowMs: number): Receipt {
    return { ...this.baseReceipt(nowMs), divergent: this.divergent, readRepairs: this.repairedBeforeReply.slice() };
  }
}

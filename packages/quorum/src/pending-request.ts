// Pending request: what a Coordinator remembers about one request in flight, whatever its kind:
// the plan it was sent under, how many answers it needs and from which zone, its deadline, and
// the answers so far by distinct node. Dynamo §4.5: the coordinator "waits for W − 1 responses"
// (here W, its own local write being one of them) or R; an answer from a node outside the plan,
// or a second answer from the same node, is ignored, so R and W count distinct nodes.
import type { ValidRequest } from './client-request.js';
import type { Receipt, ReceiptAck } from './receipt.js';
import type { ReplicaPlan, Target } from './replica-plan.js';

export interface RequestSetup<V> {
  readonly opId: string;
  readonly request: ValidRequest<V>;
  readonly plan: ReplicaPlan;
  readonly required: number;
  /** local_quorum: only answers from this zone count. */
  readonly zone: string | undefined;
  /** Zone of each target node, from the view the request was planned under. */
  readonly zones: ReadonlyMap<string, string | undefined>;
  readonly timerId: string;
  readonly startedAtMs: number;
}

export abstract class PendingRequest<V> {
  readonly acks: ReceiptAck[] = [];
  /** Nodes that answered in any way (ack, refusal, read reply). */
  protected readonly answered = new Set<string>();
  protected counted = 0;
  private readonly targetsByNode: ReadonlyMap<string, Target>;

  constructor(readonly setup: RequestSetup<V>) {
    this.targetsByNode = new Map(setup.plan.targets.map((t) => [t.node, t]));
  }

  get requestId(): string {
    return this.setup.request.requestId;
  }

  /** The target entry of `node`, or undefined when the request never went there. */
  targetOf(node: string): Target | undefined {
    return this.targetsByNode.get(node);
  }

  /** Whether an answer from `node` counts towards R/W. */
  protected inScope(node: string): boolean {
    return this.setup.zone === undefined || this.setup.zones.get(node) === this.setup.zone;
  }

  /** Records `node`'s first answer; false for a node outside the plan or a repeat. */
  protected admit(node: string): boolean {
    if (this.answered.has(node) || !this.targetsByNode.has(node)) return false;
    this.answered.add(node);
    return true;
  }

  protected recordAck(target: Target, nowMs: number): void {
    const ack = this.ackOf(target, nowMs);
    if (ack.counted) this.counted++;
    this.acks.push(ack);
  }

  /** The receipt entry for `target`'s answer now: its role, zone and whether it counts. */
  protected ackOf(target: Target, nowMs: number): ReceiptAck {
    return {
      node: target.node,
      role: target.hintFor === undefined ? 'primary' : 'fallback',
      hintFor: target.hintFor,
      zone: this.setup.zones.get(target.node),
      counted: this.inScope(target.node),
      atMs: nowMs,
    };
  }

  /** Enough answers counted. */
  get satisfied(): boolean {
    return this.counted >= this.setup.required;
  }

  /** In-scope targets that have not answered yet. */
  protected outstandingInScope(): number {
    let outstanding = 0;
    for (const target of this.setup.plan.targets) if (!this.answered.has(target.node) && this.inScope(target.node)) outstanding++;
    return outstanding;
  }

  get allAnswered(): boolean {
    return this.answered.size === this.setup.plan.targets.length;
  }

  protected baseReceipt(nowMs: number): Receipt {
    const { request, plan, required, zone, startedAtMs } = this.setup;
    return {
      op: request.op,
      key: request.key,
      keyspace: request.keyspace,
      consistency: request.level as Receipt['consistency'],
      required,
      zone,
      sloppy: request.sloppy,
      primaries: plan.primaries,
      targets: plan.targets,
      uncovered: plan.uncovered,
      coordinatedBy: undefined,
      acks: this.acks.slice(),
      refusals: [],
      hintsWritten: [],
      divergent: false,
      readRepairs: [],
      startedAtMs,
      finishedAtMs: nowMs,
    };
  }

  abstract receipt(nowMs: number): Receipt;
}

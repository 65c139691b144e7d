// A tiny deterministic cluster for tests: each node's Coordinator and Replica wired by an
// in-memory message queue that one seed drives (delivery order, drops), a virtual clock, timers,
// a gossip view the test sets by hand (`markDown`/`markUp`) and reachability it controls
// separately (`isolate`/`heal`: messages to or from an isolated node are held, not lost, until
// it heals). Self-addressed messages are local calls: never dropped or held. The full simulator
// (tooling/sim) comes later; this stays small on purpose.
import type { Ring } from '@kv/ring';
import { createRing } from '@kv/ring';
import type { SeededRandom } from '@kv/test-kit';
import { seededRandom } from '@kv/test-kit';
import type { SiblingSet } from '@kv/vclock';
import { emptySet, sync } from '@kv/vclock';
import type {
  ClientReply,
  ClientRequest,
  CoordinatorDefaults,
  CoordinatorEvent,
  Key,
  KeyspacePolicy,
  QuorumMessage,
  ReplicaDefaults,
  ReplicaEvent,
} from '../../src/index.js';
import { Coordinator, MemoryHintStore, MemoryReplicaStore, Replica, roleOf } from '../../src/index.js';

export interface MiniClusterOptions {
  readonly nodes: readonly (string | { readonly id: string; readonly zone: string })[];
  readonly seed: number;
  readonly keyspaces?: Readonly<Record<string, KeyspacePolicy>>;
  readonly coordinator?: Partial<CoordinatorDefaults>;
  readonly replica?: Partial<ReplicaDefaults>;
  /** Probability that a message between two different nodes is lost. */
  readonly dropProbability?: number;
}

export interface SimNode {
  readonly id: string;
  coordinator: Coordinator<string>;
  replica: Replica<string>;
  store: MemoryReplicaStore<string>;
  hints: MemoryHintStore<string>;
  generation: number;
}

interface Message {
  readonly from: string;
  readonly to: string;
  readonly message: QuorumMessage<string>;
}

interface Timer {
  readonly node: string;
  readonly role: 'coordinator' | 'replica';
  readonly id: string;
  readonly atMs: number;
}

const isString = (value: unknown): value is string => typeof value === 'string';

/** A client request whose id the cluster may assign. */
export type RequestWithoutId = ClientRequest<string> extends infer R ? (R extends unknown ? Omit<R, 'requestId'> & { requestId?: string } : never) : never;

export class MiniCluster {
  nowMs = 1_000_000;
  readonly rng: SeededRandom;
  readonly ring: Ring;
  readonly nodes = new Map<string, SimNode>();
  readonly replies = new Map<string, ClientReply<string>>();
  readonly events: (CoordinatorEvent | ReplicaEvent)[] = [];
  readonly sentByType = new Map<string, number>();
  dropProbability: number;
  private queue: Message[] = [];
  private held: Message[] = [];
  private timers: Timer[] = [];
  private readonly down = new Set<string>();
  private readonly isolated = new Set<string>();
  private requestCounter = 0;

  constructor(private readonly options: MiniClusterOptions) {
    this.rng = seededRandom(options.seed);
    this.dropProbability = options.dropProbability ?? 0;
    const members = options.nodes.map((n) => (typeof n === 'string' ? { id: n } : n));
    this.ring = createRing(members, { vnodesPerWeight: 64 });
    for (const { id } of members) this.nodes.set(id, this.makeNode(id, 1, new MemoryReplicaStore(), new MemoryHintStore()));
    this.publishView();
  }

  node(id: string): SimNode {
    const node = this.nodes.get(id);
    if (node === undefined) throw new Error(`no node ${id}`);
    return node;
  }

  /** Sends a client request to `node`'s coordinator; returns its request id. */
  request(node: string, request: RequestWithoutId): string {
    const requestId = request.requestId ?? `req-${++this.requestCounter}`;
    const out = this.node(node).coordinator.step({ type: 'request', request: { ...request, requestId } as ClientRequest<string> }, this.nowMs);
    this.absorb(node, 'coordinator', out);
    return requestId;
  }

  reply(requestId: string): ClientReply<string> | undefined {
    return this.replies.get(requestId);
  }

  /** Delivers one queued message chosen by the seed; false when the queue is empty. */
  deliverOne(): boolean {
    if (this.queue.length === 0) return false;
    const index = this.rng.int(this.queue.length);
    const [message] = this.queue.splice(index, 1) as [Message];
    if (this.isolated.has(message.from) || this.isolated.has(message.to)) this.held.push(message);
    else this.deliver(message);
    return true;
  }

  deliverAll(stepsMax = 1_000_000): void {
    for (let i = 0; i < stepsMax; i++) if (!this.deliverOne()) return;
    throw new Error('deliverAll: the queue never drained');
  }

  /**
   * Delivers messages one at a time (seeded order) until `requestId` has its reply, firing timers
   * when nothing is left to deliver; other messages stay queued. Throws if no reply comes.
   */
  awaitReply(requestId: string): ClientReply<string> {
    for (let i = 0; i < 1_000_000; i++) {
      const reply = this.replies.get(requestId);
      if (reply !== undefined) return reply;
      if (!this.deliverOne()) {
        const next = Math.min(...this.timers.map((t) => t.atMs));
        if (!Number.isFinite(next)) break;
        this.advance(next - this.nowMs);
      }
    }
    throw new Error(`no reply for ${requestId}`);
  }

  /** Moves the clock forward by `ms`, firing due timers in time order (messages are not delivered). */
  advance(ms: number): void {
    const target = this.nowMs + ms;
    for (;;) {
      const due = this.timers.filter((t) => t.atMs <= target).sort((a, b) => a.atMs - b.atMs)[0];
      if (due === undefined) break;
      this.timers = this.timers.filter((t) => t !== due);
      this.nowMs = Math.max(this.nowMs, due.atMs);
      const node = this.node(due.node);
      if (due.role === 'coordinator') this.absorb(due.node, 'coordinator', node.coordinator.step({ type: 'timer', id: due.id }, this.nowMs));
      else this.absorb(due.node, 'replica', node.replica.step({ type: 'timer', id: due.id }, this.nowMs));
    }
    this.nowMs = target;
  }

  /** Delivers everything and runs handoff rounds until no message is queued and no hint is left (or `roundsMax`). */
  settle(roundsMax = 200): void {
    for (let round = 0; round < roundsMax; round++) {
      this.deliverAll();
      if (this.hintCount() === 0 && this.queue.length === 0) return;
      this.advance(this.options.replica?.handoffRetryMs ?? 1_000);
    }
  }

  /** Gossip declares `id` down (every node's view). Reachability is separate: see isolate. */
  markDown(id: string): void {
    this.down.add(id);
    this.publishView();
  }

  markUp(id: string): void {
    this.down.delete(id);
    this.publishView();
  }

  /** Messages to and from `id` are held until heal(). */
  isolate(id: string): void {
    this.isolated.add(id);
  }

  /** Ends `id`'s isolation: held messages that no longer touch an isolated node go back in the queue. */
  reconnect(id: string): void {
    this.isolated.delete(id);
    const free = (m: Message) => !this.isolated.has(m.from) && !this.isolated.has(m.to);
    this.queue.push(...this.held.filter(free));
    this.held = this.held.filter((m) => !free(m));
  }

  /** Loses every message held by an isolation (as if the links had dropped them). */
  dropHeld(): void {
    this.held = [];
  }

  heal(): void {
    for (const id of [...this.isolated]) this.reconnect(id);
  }

  /** Replaces a node's state machines as after a restart; `loseData` starts it with empty stores. */
  restart(id: string, options: { readonly generation: number; readonly loseData: boolean }): void {
    const old = this.node(id);
    const store = options.loseData ? new MemoryReplicaStore<string>() : old.store;
    const hints = options.loseData ? new MemoryHintStore<string>() : old.hints;
    this.nodes.set(id, this.makeNode(id, options.generation, store, hints));
    this.timers = this.timers.filter((t) => t.node !== id);
    this.publishView();
  }

  /** The sync of every set any node holds for `key`, in its store or as a hint. */
  union(key: Key): SiblingSet<string> {
    let merged = emptySet<string>();
    for (const node of this.nodes.values()) {
      const own = node.store.get(key);
      if (own !== undefined) merged = sync(merged, own);
      for (const target of node.hints.targets()) {
        const hinted = node.hints.get(target, key);
        if (hinted !== undefined) merged = sync(merged, hinted);
      }
    }
    return merged;
  }

  hintCount(): number {
    let total = 0;
    for (const node of this.nodes.values()) for (const target of node.hints.targets()) total += node.hints.count(target);
    return total;
  }

  get pendingMessages(): number {
    return this.queue.length + this.held.length;
  }

  private makeNode(id: string, generation: number, store: MemoryReplicaStore<string>, hints: MemoryHintStore<string>): SimNode {
    const random = { nextU32: () => this.rng.u32() };
    const { keyspaces } = this.options;
    const coordinator = new Coordinator<string>({ self: id, random, isValue: isString, ...(keyspaces ? { keyspaces } : {}), ...this.options.coordinator });
    const replica = new Replica<string>({ self: id, generation, random, isValue: isString, store, hints, ...this.options.replica });
    return { id, coordinator, replica, store, hints, generation };
  }

  private publishView(): void {
    const view = { ring: this.ring, down: [...this.down] };
    for (const node of this.nodes.values()) {
      this.absorb(node.id, 'coordinator', node.coordinator.step({ type: 'view', view }, this.nowMs));
      this.absorb(node.id, 'replica', node.replica.step({ type: 'view', view }, this.nowMs));
    }
  }

  private deliver({ from, to, message }: Message): void {
    const node = this.node(to);
    const role = roleOf(message);
    if (role === 'coordinator') this.absorb(to, role, node.coordinator.step({ type: 'message', from, message }, this.nowMs));
    else if (role === 'replica') this.absorb(to, role, node.replica.step({ type: 'message', from, message }, this.nowMs));
  }

  private absorb(
    node: string,
    role: 'coordinator' | 'replica',
    out: {
      send: readonly { to: string; message: QuorumMessage<string> }[];
      timers: readonly { id: string; atMs: number }[];
      cancelTimers?: readonly string[];
      replies?: readonly ClientReply<string>[];
      events: readonly (CoordinatorEvent | ReplicaEvent)[];
    },
  ): void {
    for (const id of out.cancelTimers ?? []) this.timers = this.timers.filter((t) => !(t.node === node && t.role === role && t.id === id));
    for (const { id, atMs } of out.timers) {
      this.timers = this.timers.filter((t) => !(t.node === node && t.role === role && t.id === id));
      this.timers.push({ node, role, id, atMs });
    }
    for (const reply of out.replies ?? []) this.replies.set(reply.requestId, reply);
    this.events.push(...out.events);
    for (const { to, message } of out.send) {
      this.sentByType.set(message.type, (this.sentByType.get(message.type) ?? 0) + 1);
      if (to !== node && this.dropProbability > 0 && this.rng.next() < this.dropProbability) continue;
      if (to === node) this.deliver({ from: node, to, message });
      else this.queue.push({ from: node, to, message });
    }
  }
}

// Mini-sim: a small deterministic simulation that drives N Gossip instances through `step`
// alone — a seeded virtual clock, and a network with delay and loss (CONVENTIONS.md §3's
// `delayMsMin`, `delayMsMean`, `lossProbability`) plus a per-link filter for partitions and
// asymmetric links. One seed drives everything, so a failing run replays exactly. It follows
// the caller's loop from README.md: send each envelope, keep one timer per node (the latest
// output's), collect events. tooling/sim will grow the full simulator from the same idea.
import { seededRandom } from '@kv/test-kit';
import type { SeededRandom } from '@kv/test-kit';
import { Gossip } from '../../src/index.js';
import type { GossipEvent, GossipInput, GossipMessage, GossipOptions, GossipOutput } from '../../src/index.js';

export interface NetworkOptions {
  /** Every message takes at least this long, in ms. */
  readonly delayMsMin: number;
  /** Mean delay in ms: `delayMsMin` plus an exponential part (so messages reorder). */
  readonly delayMsMean: number;
  /** Probability that a message is lost, 0..1. */
  readonly lossProbability: number;
}

export interface MiniSimOptions {
  readonly seed: number;
  readonly members: number;
  readonly network: NetworkOptions;
  readonly gossip?: GossipOptions;
  /** How many of the first members serve as seeds for everyone. Default 2. */
  readonly seedCount?: number;
  /** Members start at random times in [0, startSpreadMs). Default 2000. */
  readonly startSpreadMs?: number;
}

export interface SimNode {
  readonly id: string;
  readonly address: string;
  gossip: Gossip;
  crashed: boolean;
  /** The wake-up the node's latest output asked for (the sim keeps one timer per node). */
  timerAtMs: number | undefined;
}

/** An event as the simulation saw it: who observed what, when. */
export interface SimEvent {
  readonly atMs: number;
  readonly observer: string;
  readonly event: GossipEvent;
}

type Scheduled =
  | { readonly atMs: number; readonly seq: number; readonly kind: 'input'; readonly node: SimNode; readonly input: GossipInput }
  | { readonly atMs: number; readonly seq: number; readonly kind: 'timer'; readonly node: SimNode };

export class MiniSim {
  nowMs = 0;
  readonly nodes: SimNode[] = [];
  /** Return true to drop every message from `from` to `to` (addresses): partitions, one-way links. */
  blocked: (from: string, to: string) => boolean = () => false;
  /** Called for every event any node emits. */
  onEvent: (event: SimEvent) => void = () => {};
  /** Called for every message the network will deliver (not lost, not blocked). */
  onTransmit: (from: string, to: string, message: GossipMessage) => void = () => {};
  messagesDelivered = 0;
  messagesLost = 0;
  private readonly rng: SeededRandom;
  private readonly byAddress = new Map<string, SimNode>();
  private readonly queue = new EventHeap();
  private readonly seeds: readonly string[];
  private seq = 0;

  constructor(readonly options: MiniSimOptions) {
    this.rng = seededRandom(options.seed);
    this.seeds = Array.from({ length: options.seedCount ?? 2 }, (_, i) => addressOf(i));
    for (let i = 0; i < options.members; i++) {
      const node: SimNode = { id: idOf(i), address: addressOf(i), gossip: this.newGossip(i, 1), crashed: false, timerAtMs: undefined };
      this.nodes.push(node);
      this.byAddress.set(node.address, node);
      this.schedule(this.rng.int(options.startSpreadMs ?? 2000), { kind: 'input', node, input: { type: 'start' } });
    }
  }

  node(id: string): SimNode {
    const node = this.nodes.find((candidate) => candidate.id === id);
    if (node === undefined) throw new Error(`no node ${id}`);
    return node;
  }

  live(): SimNode[] {
    return this.nodes.filter((node) => !node.crashed);
  }

  /** Stops a node dead: no more timers, messages to it are lost. */
  crash(id: string): void {
    const node = this.node(id);
    node.crashed = true;
    node.timerAtMs = undefined;
  }

  /** Restarts a crashed node as a fresh process with `generation`. */
  restart(id: string, generation: number): void {
    const node = this.node(id);
    const index = this.nodes.indexOf(node);
    node.gossip = this.newGossip(index, generation);
    node.crashed = false;
    this.schedule(this.nowMs, { kind: 'input', node, input: { type: 'start' } });
  }

  /** Feeds an input to a node now (a leave, for instance). */
  input(id: string, input: GossipInput): void {
    this.schedule(this.nowMs, { kind: 'input', node: this.node(id), input });
  }

  /** Runs every scheduled event up to and including `untilMs`. */
  runUntil(untilMs: number): void {
    for (let next = this.queue.peek(); next !== undefined && next.atMs <= untilMs; next = this.queue.peek()) {
      this.queue.pop();
      this.nowMs = next.atMs;
      this.dispatch(next);
    }
    this.nowMs = untilMs;
  }

  /** Runs until `predicate()` holds (checked every `everyMs`) or `untilMs`; returns the time it first held, or undefined. */
  runUntilTrue(predicate: () => boolean, untilMs: number, everyMs = 100): number | undefined {
    while (this.nowMs < untilMs) {
      this.runUntil(Math.min(untilMs, this.nowMs + everyMs));
      if (predicate()) return this.nowMs;
    }
    return undefined;
  }

  private dispatch(item: Scheduled): void {
    const node = item.node;
    if (node.crashed) return;
    if (item.kind === 'timer') {
      if (node.timerAtMs !== item.atMs) return; // superseded by a later output
      node.timerAtMs = undefined;
      this.apply(node, node.gossip.step({ type: 'tick' }, this.nowMs));
    } else {
      this.apply(node, node.gossip.step(item.input, this.nowMs));
    }
  }

  /** The caller's loop: (persist: nothing to do here) → send → replace the timer → events. */
  private apply(node: SimNode, output: GossipOutput): void {
    for (const envelope of output.send) this.transmit(node.address, envelope.to, envelope.message);
    const timer = output.timers[0];
    if (timer === undefined) node.timerAtMs = undefined;
    else if (timer.atMs !== node.timerAtMs) {
      node.timerAtMs = timer.atMs;
      this.schedule(Math.max(timer.atMs, this.nowMs), { kind: 'timer', node });
    }
    for (const event of output.events) this.onEvent({ atMs: this.nowMs, observer: node.id, event });
  }

  private transmit(from: string, to: string, message: GossipMessage): void {
    const target = this.byAddress.get(to);
    const { delayMsMin, delayMsMean, lossProbability } = this.options.network;
    if (target === undefined || this.rng.next() < lossProbability || this.blocked(from, to)) {
      this.messagesLost++;
      return;
    }
    this.messagesDelivered++;
    this.onTransmit(from, to, message);
    const delay = delayMsMin - (delayMsMean - delayMsMin) * Math.log(1 - this.rng.next());
    this.schedule(this.nowMs + delay, { kind: 'input', node: target, input: { type: 'message', from, message } });
  }

  private schedule(atMs: number, item: { kind: 'timer'; node: SimNode } | { kind: 'input'; node: SimNode; input: GossipInput }): void {
    this.queue.push({ ...item, atMs, seq: this.seq++ });
  }

  private newGossip(index: number, generation: number): Gossip {
    const random = seededRandom(this.options.seed * 7919 + index * 104_729 + generation);
    return new Gossip({ id: idOf(index), address: addressOf(index), generation }, { ...this.options.gossip, seeds: this.seeds }, { nextU32: random.u32 });
  }
}

export function idOf(index: number): string {
  return `node-${String(index).padStart(2, '0')}`;
}

export function addressOf(index: number): string {
  return `10.0.0.${index}:7000`;
}

/** A binary min-heap on (atMs, seq): equal times run in scheduling order, so runs are deterministic. */
class EventHeap {
  private readonly items: Scheduled[] = [];

  peek(): Scheduled | undefined {
    return this.items[0];
  }

  push(item: Scheduled): void {
    const items = this.items;
    items.push(item);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(item, items[parent] as Scheduled)) break;
      items[i] = items[parent] as Scheduled;
      i = parent;
    }
    items[i] = item;
  }

  pop(): Scheduled | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (top === undefined || last === undefined || items.length === 0) return top;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= items.length) break;
      const right = left + 1;
      const child = right < items.length && before(items[right] as Scheduled, items[left] as Scheduled) ? right : left;
      if (!before(items[child] as Scheduled, last)) break;
      items[i] = items[child] as Scheduled;
      i = child;
    }
    items[i] = last;
    return top;
  }
}

function before(a: Scheduled, b: Scheduled): boolean {
  return a.atMs !== b.atMs ? a.atMs < b.atMs : a.seq < b.seq;
}

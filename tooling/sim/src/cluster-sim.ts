// Cluster sim: one seed drives a whole kv cluster in one process. It is the caller's loop of
// every node (gossip → health view → quorum; persist, then send; timers), the seeded network
// and fault schedule, the client workload, and the final quiet phase (heal, restart, handoff,
// read at R = all) after which the checkers judge the recorded history and the stores.
import { createHash } from 'node:crypto';
import type { GossipEvent, GossipOutput } from '@kv/gossip';
import type { AntiEntropyOutput, ClientReply, CoordinatorOutput, Envelope, ReplicaOutput } from '@kv/quorum';
import { mayPrecedePersist, roleOf } from '@kv/quorum';
import type { Ring } from '@kv/ring';
import { createRing } from '@kv/ring';
import type { SeededRandom } from '@kv/test-kit';
import { seededRandom } from '@kv/test-kit';
import { checkConvergence } from './checkers/convergence.js';
import { checkNoLostWrites } from './checkers/no-lost-writes.js';
import { checkNoResurrection } from './checkers/no-resurrection.js';
import { checkReadYourWrites } from './checkers/read-your-writes.js';
import type { Violation } from './checkers/violation.js';
import { ClientWorkload } from './client-workload.js';
import { EventQueue } from './event-queue.js';
import { History } from './history.js';
import { Network } from './network.js';
import { SimNode } from './sim-node.js';
import type { SimOptions } from './sim-options.js';
import { resolveOptions } from './sim-options.js';

type SimEvent =
  | { readonly k: 'start'; readonly node: SimNode }
  | { readonly k: 'deliver'; readonly from: string; readonly to: SimNode; readonly gossip: boolean; readonly message: unknown }
  | { readonly k: 'gossip-timer'; readonly node: SimNode; readonly inc: number }
  | { readonly k: 'quorum-timer'; readonly node: SimNode; readonly inc: number; readonly role: TimerRole; readonly id: string }
  | { readonly k: 'fsync'; readonly node: SimNode; readonly inc: number }
  | { readonly k: 'client'; readonly client: number }
  | { readonly k: 'client-timeout'; readonly client: number; readonly opId: number }
  | { readonly k: 'fault' }
  | { readonly k: 'crash'; readonly node: SimNode; readonly inc: number }
  | { readonly k: 'restart'; readonly node: SimNode }
  | { readonly k: 'disk-loss' };

type TimerRole = 'coordinator' | 'replica' | 'anti-entropy';

export interface SimResult {
  readonly seed: number;
  readonly options: SimOptions;
  readonly violations: Violation[];
  readonly traceHash: string;
  readonly events: number;
  readonly virtualMs: number;
  readonly stats: Readonly<Record<string, number>>;
}

export interface RunConfig {
  /** Called with every trace line (verbose replay). */
  readonly onTrace?: (line: string) => void;
  /** Called with every membership event any node's gossip emits. */
  readonly onGossipEvent?: (observer: string, event: GossipEvent, atMs: number) => void;
}

/** Runs one seed. An exception thrown by a core or the harness becomes an `exception` violation, so it too prints its seed. */
export function runSimulation(seed: number, partial: Partial<SimOptions> = {}, config: RunConfig = {}): SimResult {
  const options = resolveOptions(partial);
  try {
    return new ClusterSim(seed, options, config).run();
  } catch (error) {
    const message = error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : String(error);
    return { seed, options, violations: [{ checker: 'exception', message }], traceHash: '', events: 0, virtualMs: 0, stats: {} };
  }
}

const startSpreadMs = 500;
const workloadStartMs = 3_000;
const settleCheckMs = 500;
const settleMsMax = 180_000;
/** Final reads wait long: the quiet network still has its delays (up to seconds in slow-network runs). */
const finalReadTimeoutMs = 30_000;
/** How long the final phase waits for anti-entropy alone to converge the replicas (finalReads off). */
const antiEntropyConvergeMsMax = 600_000;
/** The disk loss strikes this long after the workload starts, plus up to diskLossSpreadMs. */
const diskLossAfterMs = 500;
const diskLossSpreadMs = 4_000;

export class ClusterSim {
  private readonly rng: SeededRandom;
  readonly queue = new EventQueue<SimEvent>();
  private readonly network: Network;
  readonly nodes: SimNode[] = [];
  private readonly byId = new Map<string, SimNode>();
  private readonly ring: Ring;
  private readonly history = new History();
  private readonly workload: ClientWorkload;
  private readonly hash = createHash('sha256');
  private readonly replyWaiters = new Map<string, (reply: ClientReply<string>) => void>();
  private faultsOn = true;
  private eventCount = 0;
  private readonly stats: Record<string, number> = { crashes: 0, partitions: 0, delivered: 0 };

  constructor(
    private readonly seed: number,
    private readonly options: SimOptions,
    private readonly config: RunConfig = {},
  ) {
    this.rng = seededRandom(seed);
    this.network = new Network(options, seededRandom(this.rng.u32()));
    const ids = Array.from({ length: options.nodes }, (_, i) => `n${String(i).padStart(2, '0')}`);
    const seeds = ids.slice(0, 2);
    this.ring = createRing(ids.map((id) => ({ id })));
    for (const id of ids) {
      const node = new SimNode(id, options, seeds);
      node.boot(this.rng.u32());
      this.nodes.push(node);
      this.byId.set(id, node);
    }
    this.workload = new ClientWorkload(options, seededRandom(this.rng.u32()), this.history, {
      liveNodes: () => this.nodes.filter((node) => !node.crashed).map((node) => node.id),
      submit: (nodeId, request, onReply) => {
        const node = this.node(nodeId);
        this.replyWaiters.set(request.requestId, onReply);
        this.coordinatorOut(node, node.coordinator.step({ type: 'request', request }, this.queue.nowMs));
      },
      schedule: (atMs, client, opId) => this.queue.schedule(atMs, opId === undefined ? { k: 'client', client } : { k: 'client-timeout', client, opId }),
      nowMs: () => this.queue.nowMs,
    });
  }

  /** Starts every node (at random times in the first half second); with `workload`, the clients and the fault schedule too. */
  boot(workload: boolean): void {
    for (const node of this.nodes) {
      this.publishView(node);
      this.queue.schedule(this.rng.int(startSpreadMs), { k: 'start', node });
    }
    if (!workload) return;
    this.workload.start(workloadStartMs);
    this.queue.schedule(workloadStartMs + this.faultDelay(), { k: 'fault' });
    if (this.options.diskLoss) this.queue.schedule(workloadStartMs + diskLossAfterMs + this.rng.int(diskLossSpreadMs), { k: 'disk-loss' });
  }

  /** Crashes `id` now, for good unless the fault schedule restarts it. */
  crashNow(id: string): void {
    this.crash(this.node(id), false);
  }

  run(): SimResult {
    this.boot(true);
    const violations: Violation[] = [];
    this.runWhile(() => !this.workload.done, 3_600_000);
    this.quiet();
    if (!this.runUntilSettled()) {
      violations.push({ checker: 'settle', message: `not settled ${settleMsMax} ms after heal: ${this.unsettled()}` });
    }
    const stores = new Map(this.nodes.map((node) => [node.id, node.store] as const));
    const keys = [...new Set(this.history.ops.filter((op) => op.op !== 'get').map((op) => op.key))].sort();
    if (this.options.finalReads) {
      const finalReads = this.finalReads(violations);
      this.runFor(3_000);
      this.stats['finalReads'] = finalReads.size;
    } else {
      // No reads: the replicas must converge through anti-entropy exchanges alone.
      const startMs = this.queue.nowMs;
      const converge = (): void => {
        while (checkConvergence(keys, this.ring, this.options.n, stores).length > 0 && this.queue.nowMs - startMs < antiEntropyConvergeMsMax) this.runFor(1_000);
      };
      converge();
      this.stats['antiEntropyConvergeMs'] = this.queue.nowMs - startMs;
      if (this.options.tombstoneGraceMs > 0) {
        // Time for the tombstones to age past the grace period and be purged, then converge again.
        this.runFor(this.options.tombstoneGraceMs + 5 * this.options.antiEntropyIntervalMs);
        converge();
      }
    }
    this.stats['aeSetsSent'] = this.nodes.reduce((sum, node) => sum + (node.antiEntropy?.stats().setsSent ?? 0), 0);
    this.stats['tombstonesPurged'] = this.nodes.reduce((sum, node) => sum + [...node.store.purged.values()].reduce((n, list) => n + list.length, 0), 0);
    violations.push(...checkConvergence(keys, this.ring, this.options.n, stores));
    violations.push(...checkNoLostWrites(this.history, keys, this.ring, this.options.n, stores));
    violations.push(...checkNoResurrection(this.history, this.ring, this.options.n, stores));
    const ryw = checkReadYourWrites(this.history, this.options.n, (key) => this.nodes.flatMap((node) => node.store.purged.get(key) ?? []));
    violations.push(...ryw.violations);
    this.stats['rywPairs'] = ryw.pairs;
    this.stats['rywFaultFreePairs'] = ryw.faultFreePairs;
    this.stats['ops'] = this.history.ops.length;
    this.stats['acked'] = this.history.ops.filter((op) => op.reply?.ok === true).length;
    this.stats['deletesAcked'] = this.history.ops.filter((op) => op.op === 'delete' && op.reply?.ok === true).length;
    this.stats['lost'] = this.network.lost;
    this.stats['replayed'] = this.network.replayed;
    return {
      seed: this.seed,
      options: this.options,
      violations,
      traceHash: this.hash.digest('hex').slice(0, 16),
      events: this.eventCount,
      virtualMs: this.queue.nowMs,
      stats: { ...this.stats },
    };
  }

  node(id: string): SimNode {
    const node = this.byId.get(id);
    if (node === undefined) throw new Error(`no node ${id}`);
    return node;
  }

  private runWhile(condition: () => boolean, untilMs: number): void {
    while (condition() && this.queue.nowMs <= untilMs) {
      const item = this.queue.pop();
      if (item === undefined) return;
      this.dispatch(item.event);
    }
  }

  /** Runs every event up to `ms` from now, and moves the clock there. */
  runFor(ms: number): void {
    const until = this.queue.nowMs + ms;
    this.runWhile(() => (this.queue.peekMs() ?? Infinity) <= until, until);
    this.queue.nowMs = Math.max(this.queue.nowMs, until);
  }

  /** The end of chaos: no more faults, partitions healed, crashed nodes restarted, no loss. */
  private quiet(): void {
    this.faultsOn = false;
    this.trace('quiet: heal, restart, no loss');
    this.network.heal();
    this.network.faulty = false;
    this.history.faultsMs.push(this.queue.nowMs);
    for (const node of this.nodes) if (node.crashed) this.restart(node);
  }

  /** What keeps the cluster from being settled: a member some node does not see up at its current generation, a down view, or hints. */
  private unsettled(): string {
    const parts: string[] = [];
    for (const node of this.nodes) {
      if (node.viewKey !== '') parts.push(`${node.id} sees down [${node.viewKey ?? '?'}]`);
      if (node.hints.total() > 0) parts.push(`${node.id} holds ${node.hints.total()} hints`);
      const seen = new Map(node.gossip.members().map((m) => [m.id, m] as const));
      for (const other of this.nodes) {
        const view = seen.get(other.id);
        if (view === undefined || view.status !== 'up' || view.generation !== other.generation) {
          parts.push(`${node.id} sees ${other.id} ${view === undefined ? 'unknown' : `${view.status} at generation ${view.generation}`}`);
        }
      }
    }
    return parts.join('; ');
  }

  private runUntilSettled(): boolean {
    const deadline = this.queue.nowMs + settleMsMax;
    while (this.queue.nowMs < deadline) {
      this.runFor(settleCheckMs);
      if (this.unsettled() === '') return true;
    }
    return false;
  }

  /** Reads every written key at R = all, strict, so read repair converges the replicas. */
  private finalReads(violations: Violation[]): Map<string, ClientReply<string>> {
    const keys = [...new Set(this.history.ops.filter((op) => op.op !== 'get').map((op) => op.key))].sort();
    const results = new Map<string, ClientReply<string>>();
    const reader = this.nodes[0] as SimNode;
    for (const key of keys) {
      let reply: ClientReply<string> | undefined;
      for (let attempt = 0; attempt < 5 && reply?.ok !== true; attempt++) {
        if (attempt > 0) this.runFor(1_000);
        const requestId = `final-${key}-${attempt}`;
        this.trace(`final read ${key}`);
        let got: ClientReply<string> | undefined;
        this.replyWaiters.set(requestId, (r) => (got = r));
        this.coordinatorOut(reader, reader.coordinator.step({ type: 'request', request: { requestId, op: 'get', key, r: 'all', sloppy: false, timeoutMs: finalReadTimeoutMs } }, this.queue.nowMs));
        this.runWhile(() => got === undefined, this.queue.nowMs + finalReadTimeoutMs + 1_000);
        reply = got;
      }
      if (reply === undefined || !reply.ok) violations.push({ checker: 'final-read', message: `final read of ${key} at R=all failed: ${reply === undefined ? 'no reply' : reply.ok ? '' : reply.error.message}` });
      else results.set(key, reply);
    }
    return results;
  }

  private faultDelay(): number {
    return Math.round(-this.options.faultIntervalMsMean * Math.log(1 - this.rng.next()));
  }

  private trace(line: string): void {
    this.eventCount++;
    const entry = `${this.queue.nowMs}|${line}`;
    this.hash.update(entry);
    this.hash.update('\n');
    this.config.onTrace?.(entry);
  }

  private dispatch(event: SimEvent): void {
    const now = this.queue.nowMs;
    switch (event.k) {
      case 'start':
        if (event.node.crashed) return;
        this.trace(`start ${event.node.id} gen=${event.node.generation}`);
        this.gossipOut(event.node, event.node.gossip.step({ type: 'start' }, now));
        return;
      case 'deliver': {
        const node = event.to;
        if (node.crashed) return;
        const type = (event.message as { type?: unknown }).type;
        this.trace(`deliver ${event.from}->${node.id} ${String(type)}`);
        this.stats['delivered'] = (this.stats['delivered'] ?? 0) + 1;
        const input = { type: 'message', from: event.from, message: event.message } as const;
        const role = roleOf(event.message);
        if (event.gossip) this.gossipOut(node, node.gossip.step(input, now));
        else if (role === 'coordinator') this.coordinatorOut(node, node.coordinator.step(input, now));
        else if (role === 'anti-entropy') {
          if (node.antiEntropy !== undefined) this.antiEntropyOut(node, node.antiEntropy.step(input, now));
        } else this.replicaOut(node, node.replica.step(input, now));
        return;
      }
      case 'gossip-timer': {
        const node = event.node;
        if (node.crashed || node.incarnation !== event.inc || node.gossipTimerAtMs !== now) return;
        node.gossipTimerAtMs = undefined;
        this.trace(`tick ${node.id}`);
        this.gossipOut(node, node.gossip.step({ type: 'tick' }, now));
        return;
      }
      case 'quorum-timer': {
        const node = event.node;
        const key = `${event.role}:${event.id}`;
        if (node.crashed || node.incarnation !== event.inc || node.quorumTimers.get(key) !== now) return;
        node.quorumTimers.delete(key);
        this.trace(`timer ${node.id} ${key}`);
        if (event.role === 'coordinator') this.coordinatorOut(node, node.coordinator.step({ type: 'timer', id: event.id }, now));
        else if (event.role === 'anti-entropy') {
          if (node.antiEntropy !== undefined) this.antiEntropyOut(node, node.antiEntropy.step({ type: 'timer', id: event.id }, now));
        } else this.replicaOut(node, node.replica.step({ type: 'timer', id: event.id }, now));
        return;
      }
      case 'fsync': {
        const node = event.node;
        if (node.crashed || node.incarnation !== event.inc) return;
        this.trace(`fsync ${node.id} ${node.held.length}`);
        node.store.sync();
        node.hints.sync();
        node.fsyncPending = false;
        const held = node.held;
        node.held = [];
        for (const envelope of held) this.send(node.id, envelope.to, false, envelope.message);
        return;
      }
      case 'client':
        this.trace(`client ${event.client}`);
        this.workload.next(event.client);
        return;
      case 'client-timeout':
        this.workload.timeout(event.client, event.opId);
        return;
      case 'fault':
        if (!this.faultsOn) return;
        this.fault();
        this.queue.schedule(now + this.faultDelay(), { k: 'fault' });
        return;
      case 'crash':
        if (event.node.crashed || event.node.incarnation !== event.inc || !this.faultsOn) return;
        this.crash(event.node);
        return;
      case 'restart':
        if (!event.node.crashed || !this.faultsOn) return;
        this.restart(event.node);
        return;
      case 'disk-loss':
        if (this.faultsOn) this.loseDisk();
        return;
    }
  }

  private fault(): void {
    const now = this.queue.nowMs;
    const crashed = this.nodes.filter((node) => node.crashed);
    const choice = this.rng.int(4);
    if (choice < 2 && this.options.partitionMode !== 'none') {
      if (this.network.partition === undefined) {
        const p = this.network.split(this.nodes.map((node) => node.id));
        if (p !== undefined) this.trace(`partition [${[...p.side].join(',')}] ${p.symmetric ? 'both ways' : 'one way'}`);
        this.stats['partitions'] = (this.stats['partitions'] ?? 0) + 1;
      } else {
        this.network.heal();
        this.trace('heal');
      }
      this.history.faultsMs.push(now);
    } else if (this.options.crashes && crashed.length < Math.floor((this.options.nodes - 1) / 2)) {
      const live = this.nodes.filter((node) => !node.crashed);
      const victim = this.rng.pick(live);
      // Half the crashes are aimed at the worst instant: after a write, before its group commit.
      if (this.rng.next() < 0.5) victim.crashAtNextPersist = true;
      else this.crash(victim);
    }
  }

  /** One node loses its disk: crashed (if it is not already), wiped; the fault schedule restarts it empty. */
  private loseDisk(): void {
    const victim = this.rng.pick(this.nodes);
    if (!victim.crashed) this.crash(victim);
    victim.loseDisk();
    this.history.diskLoss = { node: victim.id, atMs: this.queue.nowMs };
    this.stats['diskLosses'] = (this.stats['diskLosses'] ?? 0) + 1;
    this.trace(`disk lost ${victim.id}`);
  }

  private crash(victim: SimNode, restart = true): void {
    const now = this.queue.nowMs;
    victim.crash();
    this.stats['crashes'] = (this.stats['crashes'] ?? 0) + 1;
    this.history.faultsMs.push(now);
    this.trace(`crash ${victim.id}`);
    if (restart && this.faultsOn) this.queue.schedule(now + 500 + this.rng.int(8_000), { k: 'restart', node: victim });
  }

  private restart(node: SimNode): void {
    node.restart(this.rng.u32(), this.options.plantedBug === 'sendBeforePersist');
    this.history.faultsMs.push(this.queue.nowMs);
    this.trace(`restart ${node.id} gen=${node.generation}`);
    this.publishView(node);
    this.queue.schedule(this.queue.nowMs, { k: 'start', node });
  }

  private send(from: string, to: string, gossip: boolean, message: unknown): void {
    const target = this.byId.get(to);
    if (target === undefined) return;
    for (const delay of this.network.delays(from, to)) {
      this.queue.schedule(this.queue.nowMs + delay, { k: 'deliver', from, to: target, gossip, message });
    }
  }

  private gossipOut(node: SimNode, out: GossipOutput): void {
    if (out.persist !== undefined) node.generation = Math.max(node.generation, out.persist.generation);
    for (const { to, message } of out.send) this.send(node.id, to, true, message);
    const timer = out.timers[0];
    if (timer === undefined) node.gossipTimerAtMs = undefined;
    else if (timer.atMs !== node.gossipTimerAtMs) {
      const at = Math.max(timer.atMs, this.queue.nowMs);
      node.gossipTimerAtMs = at;
      this.queue.schedule(at, { k: 'gossip-timer', node, inc: node.incarnation });
    }
    if (out.events.length === 0) return;
    const hook = this.config.onGossipEvent;
    if (hook !== undefined) for (const event of out.events) hook(node.id, event, this.queue.nowMs);
    this.publishView(node);
  }

  /** Gossip's verdicts become the quorum view: the members this node's gossip holds down or left. */
  private publishView(node: SimNode): void {
    const down = node.gossip
      .members()
      .filter((member) => member.id !== node.id && (member.status === 'down' || member.status === 'left'))
      .map((member) => member.id)
      .sort();
    const key = down.join(',');
    if (key === node.viewKey) return;
    node.viewKey = key;
    this.trace(`view ${node.id} down=[${key}]`);
    const view = { ring: this.ring, down };
    this.coordinatorOut(node, node.coordinator.step({ type: 'view', view }, this.queue.nowMs));
    this.replicaOut(node, node.replica.step({ type: 'view', view }, this.queue.nowMs));
    if (node.antiEntropy !== undefined) this.antiEntropyOut(node, node.antiEntropy.step({ type: 'view', view }, this.queue.nowMs));
  }

  /** Anti-entropy writes nothing itself (its sets go to the peer's Replica as repairs): its sends leave at once. */
  private antiEntropyOut(node: SimNode, out: AntiEntropyOutput<string>): void {
    this.armQuorumTimers(node, 'anti-entropy', out.timers, []);
    for (const { to, message } of out.send) this.send(node.id, to, false, message);
  }

  private armQuorumTimers(node: SimNode, role: TimerRole, timers: readonly { id: string; atMs: number }[], cancel: readonly string[]): void {
    for (const id of cancel) node.quorumTimers.delete(`${role}:${id}`);
    for (const { id, atMs } of timers) {
      const at = Math.max(atMs, this.queue.nowMs);
      node.quorumTimers.set(`${role}:${id}`, at);
      this.queue.schedule(at, { k: 'quorum-timer', node, inc: node.incarnation, role, id });
    }
  }

  private coordinatorOut(node: SimNode, out: CoordinatorOutput<string>): void {
    this.armQuorumTimers(node, 'coordinator', out.timers, out.cancelTimers);
    for (const { to, message } of out.send) this.send(node.id, to, false, message);
    for (const reply of out.replies) {
      const waiter = this.replyWaiters.get(reply.requestId);
      this.replyWaiters.delete(reply.requestId);
      waiter?.(reply);
    }
  }

  private replicaOut(node: SimNode, out: ReplicaOutput<string>): void {
    this.armQuorumTimers(node, 'replica', out.timers, []);
    if (out.persist === undefined && node.held.length === 0) {
      for (const { to, message } of out.send) this.send(node.id, to, false, message);
      return;
    }
    // Persist, then send: this output's envelopes wait for the group commit (unless the
    // `sendBeforePersist` bug is planted).
    if (this.options.plantedBug === 'sendBeforePersist') for (const { to, message } of out.send) this.send(node.id, to, false, message);
    else {
      // As the node does: a `replicate` may leave before the commit (mayPrecedePersist).
      for (const envelope of out.send as Envelope<string>[]) {
        if (mayPrecedePersist(envelope)) this.send(node.id, envelope.to, false, envelope.message);
        else node.held.push(envelope);
      }
    }
    if (node.crashAtNextPersist && out.persist !== undefined) {
      node.crashAtNextPersist = false;
      this.queue.schedule(this.queue.nowMs, { k: 'crash', node, inc: node.incarnation });
    }
    if (!node.fsyncPending) {
      node.fsyncPending = true;
      this.queue.schedule(this.queue.nowMs + 1 + this.rng.int(this.options.fsyncMsMax), { k: 'fsync', node, inc: node.incarnation });
    }
  }
}

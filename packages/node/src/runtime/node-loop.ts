// Node loop: the caller's loop of the three sans-IO state machines on one real node (the
// @kv/gossip and @kv/quorum READMEs, "The caller's loop"), wired to real timers, peer links and
// the lsm-backed stores. Gossip's verdicts become the quorum view (ring of the members not left,
// plus the members held down); quorum envelopes go to the peer's link (or straight back in, for
// this node); a Replica step that wrote waits for the group commit before its envelopes leave
// (persist, then send); timers are real timers keyed by the machines' ids. The same loop runs in
// tooling/sim with a virtual clock and network.
import type { GossipEvent, GossipOutput } from '@kv/gossip';
import { Gossip } from '@kv/gossip';
import type { GossipPeerMessage, QuorumPeerMessage } from '@kv/protocol/peer';
import type { AntiEntropyEvent, AntiEntropyOutput, ClientReply, ClientRequest, Consistency, CoordinatorOutput, Envelope, ReplicaOutput } from '@kv/quorum';
import { AntiEntropy, Coordinator, ObservedReplicaStore, Replica, mayPrecedePersist, roleOf } from '@kv/quorum';
import type { Ring } from '@kv/ring';
import { createRing } from '@kv/ring';
import type { Durability } from '../durability.js';
import type { LsmHintStore } from '../lsm-hint-store.js';
import type { LsmReplicaStore } from '../lsm-replica-store.js';
import type { Logger } from '../node-options.js';
import { isBytes } from '../set-codec.js';
import type { NodeIdentity } from './node-identity.js';
import type { NodeMetrics } from './node-metrics.js';
import type { PeerLinkCounters, PeerLinkLimits } from './peer-link.js';
import { PeerLink } from './peer-link.js';
import { cryptoRandom, monotonicNowMs } from './system-clock.js';

export interface NodeLoopConfig {
  readonly identity: NodeIdentity;
  readonly address: string;
  readonly zone: string | undefined;
  readonly weight: number;
  readonly seeds: readonly string[];
  readonly secret: string;
  readonly n: number;
  readonly r: Consistency;
  readonly w: Consistency;
  readonly requestTimeoutMs: number;
  readonly requestsInFlightMax: number;
  readonly gossipIntervalMs: number;
  readonly suspicionTimeoutMs: number;
  /** How often this node starts an anti-entropy exchange. */
  readonly antiEntropyIntervalMs: number;
  /** Tombstones older than this are purged once every replica holds them (0: never). */
  readonly tombstoneGraceMs: number;
  readonly store: LsmReplicaStore;
  readonly hints: LsmHintStore;
  readonly durability: Durability;
  readonly peerLimits: PeerLinkLimits;
  readonly logger: Logger;
  readonly metrics: NodeMetrics;
  /** Gossip moved our generation: make it durable (before the output's sends leave). */
  readonly persistGeneration: (generation: number) => void;
}

export type ReplyCallback = (reply: ClientReply<Uint8Array>) => void;

type Role = 'coordinator' | 'replica' | 'anti-entropy';

export class NodeLoop {
  readonly gossip: Gossip;
  readonly coordinator: Coordinator<Uint8Array>;
  readonly replica: Replica<Uint8Array>;
  readonly antiEntropy: AntiEntropy<Uint8Array>;
  readonly peerCounters: PeerLinkCounters = { framesSent: 0, messagesSent: 0, messagesDropped: 0, connects: 0, handshakeFailures: 0 };
  private generation: number;
  private ring: Ring;
  private ringKey = '';
  private viewKey: string | undefined;
  private readonly links = new Map<string, PeerLink>();
  /** Member id → its last (generation, heartbeat) and when it changed (for `kv status`). */
  private readonly heard = new Map<string, { generation: number; heartbeat: number; atMs: number }>();
  /** Member id → peer address, refreshed whenever gossip reports a change. */
  private addresses = new Map<string, string>();
  private readonly timers: Record<Role, Map<string, NodeJS.Timeout>> = { coordinator: new Map(), replica: new Map(), 'anti-entropy': new Map() };
  private gossipTimer: NodeJS.Timeout | undefined;
  private gossipTimerAtMs: number | undefined;
  private readonly waiters = new Map<string, ReplyCallback>();
  private requestCounter = 0;
  /** Replica sends waiting for their group commit, in order; later sends queue behind them. */
  private held: Promise<void> | undefined;
  private heldCount = 0;
  private stopped = false;

  constructor(private readonly config: NodeLoopConfig) {
    const { identity } = config;
    this.generation = identity.generation;
    const self = { id: identity.nodeId, address: config.address, generation: identity.generation, weight: config.weight, ...(config.zone === undefined ? {} : { zone: config.zone }) };
    this.gossip = new Gossip(self, { seeds: config.seeds, gossipIntervalMs: config.gossipIntervalMs, suspicionTimeoutMs: config.suspicionTimeoutMs }, cryptoRandom);
    this.coordinator = new Coordinator<Uint8Array>({
      self: identity.nodeId,
      random: cryptoRandom,
      isValue: isBytes,
      n: config.n,
      r: config.r,
      w: config.w,
      requestTimeoutMs: config.requestTimeoutMs,
      requestsInFlightMax: config.requestsInFlightMax,
    });
    // The Replica writes through an observed store, so anti-entropy's trees follow every write.
    const observed = new ObservedReplicaStore(config.store);
    this.replica = new Replica<Uint8Array>({
      self: identity.nodeId,
      generation: identity.generation,
      random: cryptoRandom,
      isValue: isBytes,
      store: observed,
      hints: config.hints,
    });
    // An exchange whose message was lost (a peer link in backoff drops what it is given) is given
    // up after three intervals (at least a second), so a restarted peer is repaired promptly.
    const exchangeTimeoutMs = Math.max(3 * config.antiEntropyIntervalMs, 1_000);
    const antiEntropy = new AntiEntropy<Uint8Array>({
      self: identity.nodeId,
      random: cryptoRandom,
      n: config.n,
      store: observed,
      hints: config.hints,
      exchangeIntervalMs: config.antiEntropyIntervalMs,
      exchangeTimeoutMs,
      tombstoneGraceMs: config.tombstoneGraceMs,
      // A purge pass every minute (sooner when the grace period is shorter), never more often than exchanges.
      purgeIntervalMs: Math.max(config.antiEntropyIntervalMs, Math.min(60_000, config.tombstoneGraceMs || 60_000)),
    });
    observed.observer = (key, before, after) => antiEntropy.noteWrite(key, before, after);
    this.antiEntropy = antiEntropy;
    this.ring = createRing([{ id: identity.nodeId, weight: config.weight, zone: config.zone }]);
  }

  get id(): string {
    return this.config.identity.nodeId;
  }

  get currentGeneration(): number {
    return this.generation;
  }

  get currentRing(): Ring {
    return this.ring;
  }

  start(): void {
    this.publishView();
    this.gossipOut(this.gossip.step({ type: 'start' }, monotonicNowMs()));
  }

  /** Hands a client request to the Coordinator; `reply` is called once with its result. */
  submit(request: Omit<ClientRequest<Uint8Array>, 'requestId'>, reply: ReplyCallback): void {
    const requestId = (++this.requestCounter).toString(36);
    this.waiters.set(requestId, reply);
    this.coordinatorOut(this.coordinator.step({ type: 'request', request: { ...request, requestId } as ClientRequest<Uint8Array> }, monotonicNowMs()));
  }

  get requestsWaiting(): number {
    return this.waiters.size;
  }

  /** Starts an anti-entropy repair round now (`kv repair`); returns the exchanges it will run. */
  repairNow(): number {
    this.antiEntropyOut(this.antiEntropy.step({ type: 'repair' }, monotonicNowMs()));
    return this.antiEntropy.stats().round?.pairsTotal ?? 0;
  }

  /** A gossip message from an authenticated peer (at its gossip address). */
  onGossip(fromAddress: string, message: unknown): void {
    if (this.stopped) return;
    this.gossipOut(this.gossip.step({ type: 'message', from: fromAddress, message }, monotonicNowMs()));
  }

  /** A quorum message from an authenticated peer (its node id). */
  onQuorum(fromNode: string, message: unknown): void {
    if (this.stopped) return;
    const now = monotonicNowMs();
    const input = { type: 'message', from: fromNode, message } as const;
    const role = roleOf(message);
    if (role === 'coordinator') this.coordinatorOut(this.coordinator.step(input, now));
    else if (role === 'anti-entropy') this.antiEntropyOut(this.antiEntropy.step(input, now));
    else this.replicaOut(this.replica.step(input, now));
  }

  /** Stops timers and peer links; requests still waiting are answered by the caller. */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.gossipTimer);
    for (const timers of Object.values(this.timers)) {
      for (const timer of timers.values()) clearTimeout(timer);
      timers.clear();
    }
    for (const link of this.links.values()) link.close();
    this.links.clear();
  }

  /** Resolves when every held replica send has gone out (or been dropped by a failed write). */
  async drainHeld(): Promise<void> {
    while (this.held !== undefined) await this.held.catch(() => undefined);
  }

  linkStates(): { address: string; connected: boolean }[] {
    return [...this.links.values()].map((link) => ({ address: link.address, connected: link.connected }));
  }

  // ---- outputs ---------------------------------------------------------------------------------

  /** Milliseconds since each member's heartbeat last advanced, as this node saw it. */
  lastHeardMs(nowMs: number): ReadonlyMap<string, number> {
    return new Map([...this.heard].map(([id, h]) => [id, Math.max(0, Math.round(nowMs - h.atMs))]));
  }

  private noteHeartbeats(nowMs: number): void {
    for (const member of this.gossip.members()) {
      const seen = this.heard.get(member.id);
      if (seen === undefined || seen.heartbeat !== member.heartbeat || seen.generation !== member.generation) {
        this.heard.set(member.id, { generation: member.generation, heartbeat: member.heartbeat, atMs: nowMs });
      }
    }
  }

  private gossipOut(out: GossipOutput): void {
    if (this.stopped) return;
    this.noteHeartbeats(monotonicNowMs());
    if (out.persist !== undefined && out.persist.generation > this.generation) {
      this.generation = out.persist.generation;
      this.config.persistGeneration(this.generation);
    }
    for (const { to, message } of out.send) {
      const envelope: GossipPeerMessage = { t: 'gossip', from: this.config.address, m: message };
      this.link(to).send(envelope);
    }
    this.armGossipTimer(out.timers[0]?.atMs);
    if (out.events.length === 0) return;
    for (const event of out.events) this.logGossipEvent(event);
    this.publishView();
  }

  private logGossipEvent(event: GossipEvent): void {
    const { id, status, generation, address } = event.member;
    this.config.metrics.gossipEvents.inc({ type: event.type });
    const level = event.type === 'down' ? 'warn' : 'info';
    this.config.logger[level]({ member: id, address, generation, status, event: event.type }, `member ${id} ${event.type}`);
  }

  private armGossipTimer(atMs: number | undefined): void {
    if (atMs === this.gossipTimerAtMs) return;
    clearTimeout(this.gossipTimer);
    this.gossipTimerAtMs = atMs;
    if (atMs === undefined) return;
    this.gossipTimer = setTimeout(() => {
      this.gossipTimerAtMs = undefined;
      if (!this.stopped) this.gossipOut(this.gossip.step({ type: 'tick' }, monotonicNowMs()));
    }, Math.max(0, atMs - monotonicNowMs()));
  }

  /** Gossip's verdicts become the quorum view: the ring of the members not left, and those held down. */
  private publishView(): void {
    const members = this.gossip.members();
    this.addresses = new Map(members.map((m) => [m.id, m.address]));
    const inRing = members.filter((member) => member.status !== 'left' || member.id === this.id);
    const ringKey = inRing.map((m) => `${m.id}|${m.zone ?? ''}|${m.weight}`).join(',');
    if (ringKey !== this.ringKey && inRing.length > 0) {
      this.ringKey = ringKey;
      this.ring = createRing(inRing.map((m) => ({ id: m.id, weight: m.weight, zone: m.zone })));
      this.config.logger.info({ members: inRing.map((m) => m.id), fingerprint: this.ring.fingerprint }, 'ring changed');
    }
    const down = members.filter((m) => m.id !== this.id && (m.status === 'down' || m.status === 'left')).map((m) => m.id);
    const viewKey = `${this.ring.fingerprint}/${down.join(',')}`;
    if (viewKey === this.viewKey) return;
    this.viewKey = viewKey;
    const view = { ring: this.ring, down };
    const now = monotonicNowMs();
    this.coordinatorOut(this.coordinator.step({ type: 'view', view }, now));
    this.replicaOut(this.replica.step({ type: 'view', view }, now));
    this.antiEntropyOut(this.antiEntropy.step({ type: 'view', view }, now));
  }

  /** Anti-entropy writes nothing itself (its sets reach the peer's Replica as repairs): its sends leave at once. */
  private antiEntropyOut(out: AntiEntropyOutput<Uint8Array>): void {
    this.armTimers('anti-entropy', out.timers, []);
    for (const envelope of out.send) this.sendQuorum(envelope);
    for (const event of out.events) this.noteAntiEntropy(event);
  }

  private noteAntiEntropy(event: AntiEntropyEvent): void {
    const { logger, metrics } = this.config;
    switch (event.type) {
      case 'exchange-completed':
        metrics.antiEntropyExchanges.inc({ outcome: event.segments === 0 ? 'equal' : 'repaired' });
        if (event.segments > 0) logger.info({ peer: event.peer, group: event.group, segments: event.segments, setsSent: event.setsSent }, 'anti-entropy exchange repaired differences');
        return;
      case 'exchange-answered':
        if (event.setsSent + event.setsWanted > 0) logger.info({ peer: event.peer, group: event.group, setsSent: event.setsSent, setsWanted: event.setsWanted }, 'anti-entropy exchange answered');
        return;
      case 'exchange-aborted':
        metrics.antiEntropyExchanges.inc({ outcome: 'aborted' });
        logger.info({ peer: event.peer, reason: event.reason }, 'anti-entropy exchange aborted');
        return;
      case 'trees-rebuilt':
        logger.info({ groups: event.groups, keys: event.keys }, 'anti-entropy trees rebuilt');
        return;
      case 'message-dropped':
        logger.warn({ from: event.from, problem: event.problem }, 'anti-entropy dropped a peer message');
        return;
    }
  }

  private coordinatorOut(out: CoordinatorOutput<Uint8Array>): void {
    this.armTimers('coordinator', out.timers, out.cancelTimers);
    for (const envelope of out.send) this.sendQuorum(envelope);
    for (const reply of out.replies) {
      const waiter = this.waiters.get(reply.requestId);
      this.waiters.delete(reply.requestId);
      waiter?.(reply);
    }
    for (const event of out.events) {
      if (event.type === 'message-dropped') this.config.logger.warn({ from: event.from, problem: event.problem }, 'coordinator dropped a peer message');
      else this.config.metrics.readRepairs.inc({ when: 'after-reply' }, event.nodes.length);
    }
  }

  private replicaOut(out: ReplicaOutput<Uint8Array>): void {
    this.armTimers('replica', out.timers, []);
    for (const event of out.events) {
      if (event.type === 'dot-conflict') this.config.logger.error({ from: event.from }, 'dot conflict: an actor id was reused (kv679)');
      else if (event.type === 'message-dropped') this.config.logger.warn({ from: event.from, problem: event.problem }, 'replica dropped a peer message');
    }
    if (out.persist === undefined && this.held === undefined) {
      for (const envelope of out.send) this.sendQuorum(envelope);
      return;
    }
    // Persist, then send: these envelopes wait for the writes of this step (and every earlier
    // held batch) to be durable. A failed write stops the node (Durability reports it). Only a
    // `replicate` leaves at once, so the other replicas' fsyncs overlap ours (@kv/quorum's
    // mayPrecedePersist says why that keeps every ack honest).
    const durable = out.persist === undefined ? Promise.resolve() : this.config.durability.drain();
    const sends: Envelope<Uint8Array>[] = [];
    for (const envelope of out.send) {
      if (mayPrecedePersist(envelope)) this.sendQuorum(envelope);
      else sends.push(envelope);
    }
    this.heldCount++;
    const previous = this.held ?? Promise.resolve();
    const next = previous.then(() => durable).then(
      () => {
        if (!this.stopped) for (const envelope of sends) this.sendQuorum(envelope);
      },
      () => undefined,
    );
    this.held = next.finally(() => {
      this.heldCount--;
      if (this.heldCount === 0) this.held = undefined;
    });
  }

  private armTimers(role: Role, timers: readonly { id: string; atMs: number }[], cancel: readonly string[]): void {
    const armed = this.timers[role];
    for (const id of cancel) {
      clearTimeout(armed.get(id));
      armed.delete(id);
    }
    for (const { id, atMs } of timers) {
      clearTimeout(armed.get(id));
      const timer = setTimeout(() => {
        armed.delete(id);
        if (this.stopped) return;
        const now = monotonicNowMs();
        if (role === 'coordinator') this.coordinatorOut(this.coordinator.step({ type: 'timer', id }, now));
        else if (role === 'anti-entropy') this.antiEntropyOut(this.antiEntropy.step({ type: 'timer', id }, now));
        else this.replicaOut(this.replica.step({ type: 'timer', id }, now));
      }, Math.max(0, atMs - monotonicNowMs()));
      armed.set(id, timer);
    }
  }

  private sendQuorum(envelope: Envelope<Uint8Array>): void {
    if (this.stopped) return;
    if (envelope.to === this.id) {
      const message = envelope.message;
      queueMicrotask(() => this.onQuorum(this.id, message));
      return;
    }
    const address = this.addresses.get(envelope.to);
    if (address === undefined) {
      this.peerCounters.messagesDropped++;
      return;
    }
    const wire: QuorumPeerMessage = { t: 'quorum', from: this.id, m: envelope.message };
    this.link(address).send(wire);
  }

  private link(address: string): PeerLink {
    let link = this.links.get(address);
    if (link === undefined) {
      const self = {
        cluster: this.config.identity.cluster,
        secret: this.config.secret,
        node: this.id,
        address: this.config.address,
        generation: () => this.generation,
        nowMs: () => Date.now(),
      };
      link = new PeerLink(address, self, this.config.peerLimits, this.peerCounters, this.config.logger);
      this.links.set(address, link);
    }
    return link;
  }
}

// Gossip: one member's membership and failure detection as a sans-IO state machine
// (DESIGN.md §3, CONVENTIONS.md §1). The caller feeds it inputs — start, timer ticks, messages,
// leave — with the current time, and gets back plain data: messages to send, the next wake-up,
// membership events and, rarely, a generation to persist. It reads no clock, opens no socket
// and draws randomness only from the injected `Random`, so the same inputs and the same random
// sequence give the same outputs, in the node and in the simulator alike.
//
// Each round (every `gossipIntervalMs`) it bumps our heartbeat, suspects members whose
// heartbeat stalled, and pushes its list to `fanout` random live members; the table
// (member-table.ts) merges what arrives and takes down decisions when two members agree.
import { badRequest } from './errors.js';
import type { GossipInput } from './input.js';
import { joinRetryDelayMs } from './join-backoff.js';
import type { MemberRecord } from './member-record.js';
import { NO_REPORTERS, copyRecord, withStatus } from './member-record.js';
import { MemberTable } from './member-table.js';
import type { MemberView } from './member-view.js';
import { isLive, viewOf } from './member-view.js';
import type { GossipMessage, GossipMessageType } from './message.js';
import { GOSSIP_PROTOCOL_VERSION, isRecord, parseMessage } from './message.js';
import type { GossipOptions, ResolvedOptions } from './options.js';
import { resolveOptions } from './options.js';
import type { Envelope, GossipEvent, GossipOutput, PersistRequest, TimerRequest } from './output.js';
import type { Random } from './random.js';
import { randomBelow, sampleDistinct } from './random.js';
import type { GossipStats } from './stats.js';
import { emptyStats } from './stats.js';

/** Who we are. `generation` is persisted by the caller and greater after every restart. */
export interface GossipSelf {
  readonly id: string;
  readonly address: string;
  readonly zone?: string;
  /** Relative capacity, as @kv/ring reads it. Default 1. */
  readonly weight?: number;
  readonly generation: number;
}

type Phase = 'new' | 'running' | 'leaving' | 'stopped';

/** What one step produces, gathered as it runs. */
interface StepOutput {
  readonly send: Envelope[];
  readonly events: GossipEvent[];
  persist?: PersistRequest;
}

export class Gossip {
  private readonly options: ResolvedOptions;
  private readonly table: MemberTable;
  private readonly counters = emptyStats();
  private phase: Phase = 'new';
  private lastNowMs = -Infinity;
  private nextRoundAtMs = 0;
  private nextReconnectAtMs = 0;
  private joining = false;
  private joinAttempts = 0;
  private joinRetryAtMs = 0;
  private leaveRoundsLeft = 0;
  private windowStart = 0;

  /** Throws GossipError BAD_REQUEST for an invalid `self`, `options` or `random`. */
  constructor(
    self: GossipSelf,
    options: GossipOptions,
    private readonly random: Random,
  ) {
    this.options = resolveOptions(options);
    if (typeof random?.nextU32 !== 'function') throw badRequest('random must have a nextU32() method');
    this.table = new MemberTable(selfRecord(self), this.options, this.counters);
  }

  /** Our member id. */
  get id(): string {
    return this.table.selfId;
  }

  /** Our current generation (greater than the configured one after a rebirth). */
  get generation(): number {
    return this.table.self.generation;
  }

  /**
   * Advances the state machine by one input at time `nowMs` (a monotonic clock, never
   * decreasing). Never throws for anything a peer sent; throws GossipError BAD_REQUEST for
   * bad local use (an unknown input, time going backwards, `start` twice).
   */
  step(input: GossipInput, nowMs: number): GossipOutput {
    if (typeof nowMs !== 'number' || !Number.isFinite(nowMs) || nowMs < this.lastNowMs) {
      throw badRequest(`step: nowMs must be a finite number ≥ the previous one (${this.lastNowMs}), got ${String(nowMs)}`);
    }
    this.lastNowMs = nowMs;
    const out: StepOutput = { send: [], events: [] };
    switch (input?.type) {
      case 'start':
        this.start(nowMs, out);
        break;
      case 'tick':
        this.tick(nowMs, out);
        break;
      case 'message':
        if (typeof input.from !== 'string' || input.from.length === 0) throw badRequest('step: a message input needs a non-empty `from` address');
        this.receive(input.from, input.message, nowMs, out);
        break;
      case 'leave':
        this.leave(nowMs, out);
        break;
      default:
        throw badRequest(`step: unknown input ${JSON.stringify((input as { type?: unknown } | undefined)?.type)}`);
    }
    const result = { send: out.send, timers: this.timers(), events: out.events };
    return out.persist === undefined ? result : { ...result, persist: out.persist };
  }

  /** Every member we know, ourselves included, by id. */
  members(): MemberView[] {
    return this.table
      .records()
      .map((record) => viewOf(record, this.id))
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  member(id: string): MemberView | undefined {
    const record = this.table.get(id);
    return record === undefined ? undefined : viewOf(record, this.id);
  }

  /** Members that are `up` or `suspect` (not declared down, not left), by id. */
  liveMembers(): MemberView[] {
    return this.members().filter((view) => isLive(view.status));
  }

  stats(): GossipStats {
    return { ...this.counters };
  }

  private start(nowMs: number, out: StepOutput): void {
    if (this.phase !== 'new') throw badRequest('step: start after the instance already started (use a new Gossip per run)');
    this.phase = 'running';
    // The first round within one interval, at a random offset: members started together must not gossip in lockstep.
    this.nextRoundAtMs = nowMs + 1 + randomBelow(this.random, this.options.gossipIntervalMs);
    this.nextReconnectAtMs = nowMs + this.options.reconnectIntervalMs;
    if (this.seeds().length === 0) {
      out.events.push({ type: 'joined', member: viewOf(this.table.self, this.id) });
      return;
    }
    this.joining = true;
    this.askSeeds(nowMs, out);
  }

  private tick(nowMs: number, out: StepOutput): void {
    if (this.phase === 'new' || this.phase === 'stopped') return;
    if (this.joining && nowMs >= this.joinRetryAtMs) this.askSeeds(nowMs, out);
    if (nowMs >= this.nextRoundAtMs) this.round(nowMs, out);
  }

  private receive(from: string, raw: unknown, nowMs: number, out: StepOutput): void {
    if (this.phase !== 'running') {
      this.counters.messagesDroppedNotRunning++;
      return;
    }
    const parsed = parseMessage(raw, this.options.messageMembersMax);
    if (!parsed.ok) {
      if (parsed.reason === 'version') this.counters.messagesDroppedVersion++;
      else this.counters.messagesDroppedMalformed++;
      return;
    }
    const message = parsed.message;
    this.counters.messagesReceived++;
    for (const record of message.members) {
      if (record.id === this.id) this.applySelf(record, out);
      else this.table.apply(record, nowMs, out.events);
    }
    if (this.joining && message.sender !== this.id) {
      this.joining = false;
      out.events.push({ type: 'joined', member: viewOf(this.table.self, this.id) });
    }
    // Answer a join; and tell a member we hold down that it is, so it comes back with a new
    // generation (never in answer to a sync: two members holding each other down must not ping-pong).
    const senderDown = message.type !== 'sync' && this.table.get(message.sender)?.status === 'down';
    if (message.type === 'join' || senderDown) {
      this.sendTo([from], this.buildMessage('sync'), out);
    }
  }

  private leave(nowMs: number, out: StepOutput): void {
    if (this.phase === 'leaving' || this.phase === 'stopped') return;
    this.table.setSelf(withStatus(this.table.self, 'left'));
    out.events.push({ type: 'left', member: viewOf(this.table.self, this.id) });
    this.joining = false;
    if (this.phase === 'new') {
      this.phase = 'stopped';
      return;
    }
    this.phase = 'leaving';
    this.leaveRoundsLeft = this.options.leaveRounds;
    this.nextRoundAtMs = nowMs;
    this.round(nowMs, out);
  }

  /** One gossip round: heartbeat, suspicions, push to `fanout` live members, now and then one down member. */
  private round(nowMs: number, out: StepOutput): void {
    const interval = this.options.gossipIntervalMs;
    const lateMs = nowMs - this.nextRoundAtMs;
    this.nextRoundAtMs = lateMs >= interval ? nowMs + interval : this.nextRoundAtMs + interval;
    this.counters.rounds++;
    if (this.phase === 'leaving') {
      const others = this.table.others();
      this.gossipTo(this.pickLive(others), others, out);
      if (--this.leaveRoundsLeft === 0) this.phase = 'stopped';
      return;
    }
    if (lateMs > interval) {
      this.counters.pausesDetected++;
      this.table.shiftStallClocks(lateMs);
    }
    const self = this.table.self;
    this.table.setSelf({ ...self, heartbeat: self.heartbeat + 1 });
    this.table.suspectStalled(nowMs, out.events);
    this.table.forgetLeft(nowMs);
    const others = this.table.others();
    const targets = this.pickLive(others);
    if (nowMs >= this.nextReconnectAtMs) {
      this.nextReconnectAtMs = nowMs + this.options.reconnectIntervalMs;
      targets.push(...this.pick(others.filter((record) => record.status === 'down'), 1));
    }
    this.gossipTo(targets, others, out);
  }

  /** `fanout` random live members' addresses. */
  private pickLive(others: readonly MemberRecord[]): string[] {
    return this.pick(others.filter((record) => record.status === 'up'), this.options.fanout);
  }

  /** One gossip message with our list, to each of `targets`. */
  private gossipTo(targets: readonly string[], others: readonly MemberRecord[], out: StepOutput): void {
    if (targets.length > 0) this.sendTo(targets, this.buildMessage('gossip', others), out);
  }

  /** Our own record as someone else has it: a final status or a newer generation means we must be reborn. */
  private applySelf(record: MemberRecord, out: StepOutput): void {
    const self = this.table.self;
    if (record.generation >= Number.MAX_SAFE_INTEGER) return; // no room above it; ignore rather than overflow
    if (record.generation > self.generation || (record.generation === self.generation && record.status !== 'up')) {
      this.rebirth(Math.max(record.generation, self.generation) + 1, record, out);
    } else if (record.generation === self.generation && record.heartbeat > self.heartbeat) {
      this.table.setSelf({ ...self, heartbeat: record.heartbeat });
    }
  }

  /** Takes a new generation: the cluster's final decision about the old one stands, we come back as a restart would. */
  private rebirth(generation: number, seen: MemberRecord, out: StepOutput): void {
    const self = this.table.self;
    if (seen.generation === self.generation && seen.status !== 'up') {
      out.events.push({ type: seen.status, member: viewOf(withStatus(self, seen.status), this.id) });
    }
    this.table.setSelf({ ...self, generation, heartbeat: 0, status: 'up', suspectedBy: NO_REPORTERS });
    this.counters.rebirths++;
    out.persist = { generation };
    out.events.push({ type: 'up', member: viewOf(this.table.self, this.id) });
  }

  private askSeeds(nowMs: number, out: StepOutput): void {
    this.joinAttempts++;
    this.counters.joinAttempts++;
    this.sendTo(this.seeds(), this.buildMessage('join'), out);
    this.joinRetryAtMs = nowMs + joinRetryDelayMs(this.joinAttempts, this.options.joinRetryMs, this.options.joinRetryMsMax, this.random);
  }

  private seeds(): readonly string[] {
    return this.options.seeds.filter((seed) => seed !== this.table.self.address);
  }

  /**
   * A message with our record first, then the others; past `messageMembersMax` records, a
   * window that rotates with every message so each record still goes out regularly.
   */
  private buildMessage(type: GossipMessageType, others: readonly MemberRecord[] = this.table.others()): GossipMessage {
    const room = this.options.messageMembersMax - 1;
    const members: MemberRecord[] = [this.table.self];
    if (others.length <= room) {
      members.push(...others);
    } else {
      for (let i = 0; i < room; i++) members.push(others[(this.windowStart + i) % others.length] as MemberRecord);
      this.windowStart = (this.windowStart + room) % others.length;
    }
    return { version: GOSSIP_PROTOCOL_VERSION, type, sender: this.id, members };
  }

  private pick(records: readonly MemberRecord[], count: number): string[] {
    return sampleDistinct(records, count, this.random).map((record) => record.address);
  }

  private sendTo(addresses: readonly string[], message: GossipMessage, out: StepOutput): void {
    for (const to of addresses) out.send.push({ to, message });
    this.counters.messagesSent += addresses.length;
  }

  private timers(): TimerRequest[] {
    if (this.phase === 'new' || this.phase === 'stopped') return [];
    const atMs = this.joining ? Math.min(this.nextRoundAtMs, this.joinRetryAtMs) : this.nextRoundAtMs;
    return [{ atMs }];
  }
}

/** Our own record at start, validated with the same rules as a record from the wire. */
function selfRecord(self: GossipSelf): MemberRecord {
  if (typeof self !== 'object' || self === null) throw badRequest('self must be an object { id, address, zone?, weight?, generation }');
  const raw = { ...self, weight: self.weight ?? 1, heartbeat: 0, status: 'up', suspectedBy: NO_REPORTERS };
  if (!isRecord(raw) || raw.generation >= Number.MAX_SAFE_INTEGER) {
    throw badRequest(
      'self must have a non-empty id (≤ 256 chars), a non-empty address (≤ 512), an optional non-empty zone (≤ 128), ' +
        `a weight in (0, 1e6] and an integer generation in 0..2^53 - 2; got ${JSON.stringify(self)}`,
    );
  }
  return copyRecord(raw);
}

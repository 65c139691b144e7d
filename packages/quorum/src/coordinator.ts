// Coordinator: the per-node state machine that serves clients' get, put and delete (Dynamo §4.5,
// Riak's get/put FSMs, sans-IO). For each request it plans the targets (primaries, and fallbacks
// for down ones: replica-plan.ts), resolves R or W (consistency.ts), sends, counts answers by
// distinct node, and replies at the R/W-th answer or at the deadline, with a receipt.
//
// A put or delete is not written here: it is forwarded to one replica of the key (this node when
// it is an up primary, otherwise the first up primary, or the first fallback), whose Replica
// generates the write's dot as its own actor and replicates the set (replica.ts). Acks come back
// here from every target. A get asks every target, merges the answers, replies at R, then
// lingers for the rest so read repair reaches late answers too.
//
// Contract: `step(input, nowMs)` never throws for bad client requests or bad peer messages
// (they become BAD_REQUEST replies, or are dropped and counted); it reads no clock and no
// randomness except through `config.random`.
import type { SiblingSet } from '@kv/vclock';
import { contextOf, isDeleted, liveValues, toPlain } from '@kv/vclock';
import type { ClientReply } from './client-reply.js';
import type { ClientRequest, ValidRequest } from './client-request.js';
import { parseClientRequest } from './client-request.js';
import type { ClusterView, ViewState } from './cluster-view.js';
import { viewState } from './cluster-view.js';
import { requiredAnswers } from './consistency.js';
import type { CoordinatorDefaults } from './defaults.js';
import { coordinatorDefaults, quorumLimits } from './defaults.js';
import type { QuorumErrorCode } from './errors.js';
import { QuorumError, assert } from './errors.js';
import type { KeyspacePolicy, ResolvedKeyspace } from './keyspace.js';
import { resolveKeyspaces } from './keyspace.js';
import { formatKey } from './key.js';
import { isProblem, parseCoordinatorMessage } from './message-validation.js';
import type { Envelope, ReadReplyMessage, WriteAckMessage } from './messages.js';
import type { RequestSetup } from './pending-request.js';
import { PendingRead } from './pending-read.js';
import { PendingWrite } from './pending-write.js';
import type { Random } from './random.js';
import { randomHex32 } from './random.js';
import { readerContext } from './reader-context.js';
import type { ReplicaPlan, Target } from './replica-plan.js';
import { planReplicas, zoneOf } from './replica-plan.js';
import type { TimerRequest } from './step-output.js';

export interface CoordinatorConfig<V> extends Partial<CoordinatorDefaults> {
  /** This node's id: a ring member id. */
  readonly self: string;
  readonly random: Random;
  /** Validates values in peers' answers (e.g. `(v): v is Uint8Array => v instanceof Uint8Array`). */
  readonly isValue: (value: unknown) => value is V;
  /** Replication policies by name; `default` is `{ n }` (config `n`, else 3) unless given. */
  readonly keyspaces?: Readonly<Record<string, KeyspacePolicy>>;
}

export type CoordinatorInput<V> =
  | { readonly type: 'request'; readonly request: ClientRequest<V> }
  | { readonly type: 'message'; readonly from: string; readonly message: unknown }
  | { readonly type: 'timer'; readonly id: string }
  | { readonly type: 'view'; readonly view: ClusterView };

export type CoordinatorEvent =
  /** Read repair sent after the reply, to replicas whose answers came late. */
  | { readonly type: 'read-repair'; readonly requestId: string; readonly nodes: readonly string[] }
  /** A peer's message failed validation (or held a dot conflict) and was dropped. */
  | { readonly type: 'message-dropped'; readonly from: string; readonly problem: string };

export interface CoordinatorOutput<V> {
  readonly send: Envelope<V>[];
  readonly timers: TimerRequest[];
  /** Timers no longer needed (their requests finished); firing one anyway is harmless. */
  readonly cancelTimers: string[];
  readonly replies: ClientReply<V>[];
  readonly events: CoordinatorEvent[];
}

export interface CoordinatorStats {
  /** Requests holding a slot: waiting for answers, or reads lingering for repair. */
  readonly inFlight: number;
  readonly requests: number;
  readonly succeeded: number;
  readonly failed: Readonly<Record<QuorumErrorCode, number>>;
  /** Peer messages that failed validation or carried a conflicting dot. */
  readonly droppedMessages: number;
  /** Valid answers for requests already finished, from nodes outside the plan, or repeated. */
  readonly ignoredAnswers: number;
  readonly divergentReads: number;
  /** Repair messages sent (before and after replies). */
  readonly readRepairs: number;
}

type Pending<V> = PendingRead<V> | PendingWrite<V>;

export class Coordinator<V> {
  private readonly self: string;
  private readonly random: Random;
  private readonly isValue: (value: unknown) => value is V;
  private readonly settings: CoordinatorDefaults;
  private readonly keyspaces: ReadonlyMap<string, ResolvedKeyspace>;
  private readonly opPrefix: string;
  private view: ViewState | undefined;
  private opCounter = 0;
  private readonly pending = new Map<string, Pending<V>>();
  /** Client request id → op id, for requests not yet replied to. */
  private readonly unreplied = new Map<string, string>();
  private counters = { requests: 0, succeeded: 0, droppedMessages: 0, ignoredAnswers: 0, divergentReads: 0, readRepairs: 0 };
  private readonly failed: Record<QuorumErrorCode, number> = { BAD_REQUEST: 0, UNAVAILABLE: 0, TIMEOUT: 0, OVERLOADED: 0 };

  constructor(config: CoordinatorConfig<V>) {
    assert(typeof config.self === 'string' && config.self.length > 0, 'config.self must be a node id');
    assert(typeof config.random?.nextU32 === 'function', 'config.random must be a Random');
    assert(typeof config.isValue === 'function', 'config.isValue must be a function');
    const { self: _self, random: _random, isValue: _isValue, keyspaces: _keyspaces, ...overrides } = config;
    this.settings = { ...coordinatorDefaults, ...overrides };
    const { requestTimeoutMs, requestsInFlightMax } = this.settings;
    assert(Number.isSafeInteger(requestTimeoutMs) && requestTimeoutMs >= 1 && requestTimeoutMs <= quorumLimits.timeoutMsMax, 'requestTimeoutMs out of range');
    assert(Number.isSafeInteger(requestsInFlightMax) && requestsInFlightMax >= 1, 'requestsInFlightMax must be an integer ≥ 1');
    this.self = config.self;
    this.random = config.random;
    this.isValue = config.isValue;
    this.keyspaces = resolveKeyspaces(config.keyspaces, this.settings.n);
    // A fresh prefix per instance: a restarted coordinator never takes an answer meant for its
    // previous incarnation's request as one for a new request.
    this.opPrefix = `${randomHex32(this.random)}${randomHex32(this.random)}`;
  }

  step(input: CoordinatorInput<V>, nowMs: number): CoordinatorOutput<V> {
    assert(Number.isFinite(nowMs), `nowMs must be a finite number, got ${nowMs}`);
    const out: CoordinatorOutput<V> = { send: [], timers: [], cancelTimers: [], replies: [], events: [] };
    switch (input.type) {
      case 'request':
        this.onRequest(input.request, nowMs, out);
        break;
      case 'message':
        this.onMessage(input.from, input.message, nowMs, out);
        break;
      case 'timer':
        this.onTimer(input.id, nowMs, out);
        break;
      case 'view':
        this.view = viewState(input.view);
        break;
      default:
        assert(false, `unknown input type ${String((input as { type?: unknown }).type)}`);
    }
    return out;
  }

  stats(): CoordinatorStats {
    return { inFlight: this.pending.size, ...this.counters, failed: { ...this.failed } };
  }

  private onRequest(raw: ClientRequest<V>, nowMs: number, out: CoordinatorOutput<V>): void {
    this.counters.requests++;
    const parsed = parseClientRequest(raw, this.keyspaces, this.settings, this.isValue);
    if (!parsed.ok) return this.fail(out, parsed.requestId, new QuorumError('BAD_REQUEST', parsed.message));
    const { request } = parsed;
    if (this.unreplied.has(request.requestId)) {
      return this.fail(out, request.requestId, new QuorumError('BAD_REQUEST', `requestId ${request.requestId} is already in flight`));
    }
    if (this.pending.size >= this.settings.requestsInFlightMax) {
      return this.fail(out, request.requestId, new QuorumError('OVERLOADED', `${this.pending.size} requests in flight (requestsInFlightMax)`));
    }
    if (this.view === undefined) return this.fail(out, request.requestId, new QuorumError('UNAVAILABLE', 'no cluster view yet'));
    const setup = this.setUp(request, this.view, nowMs);
    if (setup instanceof QuorumError) return this.fail(out, request.requestId, setup);
    const reachable = setup.plan.targets.filter((t) => setup.zone === undefined || setup.zones.get(t.node) === setup.zone).length;
    if (reachable < setup.required) {
      const pending = this.pendingFor(setup);
      const where = setup.zone === undefined ? '' : ` in zone ${setup.zone}`;
      const message = `${reachable} of the ${setup.required} replicas needed${where} are reachable for ${formatKey(request.key)}`;
      const receipt = { ...pending.receipt(nowMs), coordinatedBy: undefined }; // nothing was sent
      return this.fail(out, request.requestId, new QuorumError('UNAVAILABLE', message, { receipt }));
    }
    const pending = this.pendingFor(setup);
    this.pending.set(setup.opId, pending);
    this.unreplied.set(request.requestId, setup.opId);
    out.timers.push({ id: setup.timerId, atMs: nowMs + request.timeoutMs });
    if (pending.kind === 'read') this.sendReads(pending, out);
    else this.sendCoordinate(pending, out);
  }

  private setUp(request: ValidRequest<V>, view: ViewState, nowMs: number): RequestSetup<V> | QuorumError {
    const plan: ReplicaPlan = planReplicas(view, request.key, request.policy, request.sloppy);
    const selfZone = zoneOf(view, this.self);
    const localReplicas = selfZone === undefined ? 0 : plan.primaries.filter((p) => zoneOf(view, p) === selfZone).length;
    const resolved = requiredAnswers(request.level, { n: request.policy.n, selfZone, localReplicas }, request.op === 'get' ? 'r' : 'w');
    if (!resolved.ok) return new QuorumError(resolved.code, resolved.message);
    const opId = `${this.opPrefix}.${++this.opCounter}`;
    return {
      opId,
      request,
      plan,
      required: resolved.required,
      zone: resolved.zone,
      zones: new Map(plan.targets.map((t) => [t.node, zoneOf(view, t.node)])),
      timerId: `request:${opId}`,
      startedAtMs: nowMs,
    };
  }

  private pendingFor(setup: RequestSetup<V>): Pending<V> {
    if (setup.request.op === 'get') return new PendingRead(setup);
    return new PendingWrite(setup, coordinatingTarget(setup, this.self)?.node ?? this.self);
  }

  private sendReads(read: PendingRead<V>, out: CoordinatorOutput<V>): void {
    const { opId, request, plan } = read.setup;
    for (const target of plan.targets) {
      out.send.push({ to: target.node, message: { type: 'read', opId, key: request.key, hintFor: target.hintFor ?? null } });
    }
  }

  private sendCoordinate(write: PendingWrite<V>, out: CoordinatorOutput<V>): void {
    const { opId, request, plan } = write.setup;
    assert(request.write !== undefined, 'a write request carries its operation');
    out.send.push({
      to: write.coordinatedBy,
      message: {
        type: 'coordinate',
        opId,
        origin: this.self,
        key: request.key,
        targets: plan.targets,
        context: request.contextToken,
        write: request.write,
      },
    });
  }

  private onMessage(from: string, raw: unknown, nowMs: number, out: CoordinatorOutput<V>): void {
    const message = parseCoordinatorMessage(raw, this.isValue);
    if (isProblem(message)) return this.drop(out, from, message.problem);
    const pending = this.pending.get(message.opId);
    if (pending === undefined) {
      this.counters.ignoredAnswers++;
      return;
    }
    if (message.type === 'write-ack' && pending.kind === 'write') return this.onWriteAck(pending, from, message, nowMs, out);
    if (message.type === 'read-reply' && pending.kind === 'read') return this.onReadReply(pending, from, message, nowMs, out);
    this.drop(out, from, `${message.type} for a request of the other kind`);
  }

  private onWriteAck(write: PendingWrite<V>, from: string, ack: WriteAckMessage, nowMs: number, out: CoordinatorOutput<V>): void {
    if (!write.onAck(from, ack, nowMs)) {
      this.counters.ignoredAnswers++;
      return;
    }
    if (write.satisfied) {
      const receipt = write.receipt(nowMs);
      this.succeed(out, write, { requestId: write.requestId, ok: true, op: receipt.op as 'put' | 'delete', dot: write.dot, siblings: write.siblings, receipt });
    } else if (write.impossible) {
      const message = `only ${write.receipt(nowMs).acks.filter((a) => a.counted).length} of ${write.setup.required} acks possible (refused by ${write.receipt(nowMs).refusals.map((r) => r.node).join(', ')})`;
      this.finishWithError(out, write, new QuorumError('UNAVAILABLE', message, { receipt: write.receipt(nowMs) }));
    }
  }

  private onReadReply(read: PendingRead<V>, from: string, reply: ReadReplyMessage<SiblingSet<V>>, nowMs: number, out: CoordinatorOutput<V>): void {
    const outcome = read.onAnswer(from, reply.set, nowMs);
    if (outcome === 'ignored') {
      this.counters.ignoredAnswers++;
      return;
    }
    if (outcome === 'conflict') return this.drop(out, from, 'read reply holds a dot that names a different write (actor reused?)');
    if (!read.replied && read.satisfied) this.replyToRead(read, nowMs, out);
    if (read.replied && read.allAnswered) this.finishLingering(read, out);
  }

  private replyToRead(read: PendingRead<V>, nowMs: number, out: CoordinatorOutput<V>): void {
    this.sendRepairs(read, out);
    read.replied = true;
    this.unreplied.delete(read.requestId);
    const receipt = read.receipt(nowMs);
    if (receipt.divergent) this.counters.divergentReads++;
    this.counters.succeeded++;
    out.replies.push({
      requestId: read.requestId,
      ok: true,
      op: 'get',
      found: !isDeleted(read.merged),
      values: liveValues(read.merged),
      context: readerContext(contextOf(read.merged)),
      receipt,
    });
  }

  /** A replied read whose remaining answers are in (or whose deadline passed): repair late answers, free the slot. */
  private finishLingering(read: PendingRead<V>, out: CoordinatorOutput<V>): void {
    const nodes = this.sendRepairs(read, out);
    if (nodes.length > 0) out.events.push({ type: 'read-repair', requestId: read.requestId, nodes });
    this.release(read, out);
  }

  private sendRepairs(read: PendingRead<V>, out: CoordinatorOutput<V>): string[] {
    const repairs = read.takeRepairs();
    if (repairs.length === 0) return [];
    const plain = toPlain(read.merged);
    for (const { target } of repairs) {
      out.send.push({ to: target.node, message: { type: 'repair', key: read.setup.request.key, hintFor: target.hintFor ?? null, set: plain } });
    }
    this.counters.readRepairs += repairs.length;
    return repairs.map((r) => r.target.node);
  }

  private onTimer(id: string, nowMs: number, out: CoordinatorOutput<V>): void {
    const prefix = 'request:';
    const pending = id.startsWith(prefix) ? this.pending.get(id.slice(prefix.length)) : undefined;
    if (pending === undefined) return; // finished already: a timer the caller did not cancel
    if (pending.kind === 'read' && pending.replied) return this.finishLingering(pending, out);
    const { required, zone } = pending.setup;
    const counted = pending.receipt(nowMs).acks.filter((a) => a.counted).length;
    const what = pending.kind === 'read' ? 'answers' : 'acks';
    const message = `${counted} of ${required} ${what}${zone === undefined ? '' : ` from zone ${zone}`} within ${pending.setup.request.timeoutMs} ms`;
    this.finishWithError(out, pending, new QuorumError('TIMEOUT', message, { receipt: pending.receipt(nowMs) }));
  }

  private succeed(out: CoordinatorOutput<V>, pending: Pending<V>, reply: ClientReply<V>): void {
    this.counters.succeeded++;
    out.replies.push(reply);
    this.release(pending, out);
  }

  private finishWithError(out: CoordinatorOutput<V>, pending: Pending<V>, error: QuorumError): void {
    this.fail(out, pending.requestId, error);
    this.release(pending, out);
  }

  private release(pending: Pending<V>, out: CoordinatorOutput<V>): void {
    this.pending.delete(pending.setup.opId);
    if (this.unreplied.get(pending.requestId) === pending.setup.opId) this.unreplied.delete(pending.requestId);
    out.cancelTimers.push(pending.setup.timerId);
  }

  private fail(out: CoordinatorOutput<V>, requestId: string, error: QuorumError): void {
    this.failed[error.code]++;
    out.replies.push({ requestId, ok: false, error });
  }

  private drop(out: CoordinatorOutput<V>, from: string, problem: string): void {
    this.counters.droppedMessages++;
    out.events.push({ type: 'message-dropped', from, problem });
  }
}

/**
 * The replica that coordinates a write: this node when it is an up primary; else the first up
 * primary (in this node's zone first, for local_quorum); else the first fallback.
 */
export function coordinatingTarget<V>(setup: RequestSetup<V>, self: string): Target | undefined {
  const primaries = setup.plan.targets.filter((t) => t.hintFor === undefined);
  const own = primaries.find((t) => t.node === self);
  if (own !== undefined) return own;
  const local = setup.zone === undefined ? undefined : primaries.find((t) => setup.zones.get(t.node) === setup.zone);
  return local ?? primaries[0] ?? setup.plan.targets[0];
}

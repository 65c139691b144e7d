// Replica: the per-node state machine that holds data (Riak's vnode, sans-IO). It coordinates
// the writes forwarded to it (reads its own set, applies vclock's `write` as its own actor,
// stores the result and replicates it to the other targets), syncs replicated and repaired sets
// into its store, answers reads, keeps hints for down owners (Dynamo §4.6) and hands them off
// when the owners are back (handoff.ts).
//
// Storage is synchronous through the injected ReplicaStore and HintStore; the output's
// `persist` says which were written, and the caller makes them durable before sending.
// Contract: `step` never throws for a peer's bad message (dropped and counted); a dot that names
// two different writes (an actor reused: kv679) is never merged, only counted and reported.
import type { Clock, SiblingSet } from '@kv/vclock';
import { VclockError, counterOf, decodeContext, emptySet, pruneSet, setEquals, sync, toPlain, write } from '@kv/vclock';
import { epochActor, replicaActor } from './actor-id.js';
import type { ClusterView, ViewState } from './cluster-view.js';
import { isUp, viewState } from './cluster-view.js';
import type { ReplicaDefaults } from './defaults.js';
import { replicaDefaults } from './defaults.js';
import { conflictingDot, syncChecked } from './dot-conflict.js';
import { assert } from './errors.js';
import { HandoffWindow } from './handoff.js';
import type { HintStore } from './hint-store.js';
import type { Key } from './key.js';
import type { ReceivedReplicaMessage } from './message-validation.js';
import { isProblem, parseReplicaMessage } from './message-validation.js';
import type { CoordinateMessage, Envelope, RefusalReason, WriteAckMessage } from './messages.js';
import type { Random } from './random.js';
import type { ReplicaStore } from './replica-store.js';
import type { PersistRequest, TimerRequest } from './step-output.js';

export interface ReplicaConfig<V> extends Partial<ReplicaDefaults> {
  /** This node's id: a ring member id. */
  readonly self: string;
  /** Persisted by the node before it serves; a node restarted without its data takes a new one. */
  readonly generation: number;
  readonly random: Random;
  readonly isValue: (value: unknown) => value is V;
  readonly store: ReplicaStore<V>;
  readonly hints: HintStore<V>;
}

export type ReplicaInput =
  | { readonly type: 'message'; readonly from: string; readonly message: unknown }
  | { readonly type: 'timer'; readonly id: string }
  | { readonly type: 'view'; readonly view: ClusterView };

export type ReplicaEvent =
  | { readonly type: 'message-dropped'; readonly from: string; readonly problem: string }
  /** A set from `from` holds a dot naming a different write than ours: some actor was reused (kv679). */
  | { readonly type: 'dot-conflict'; readonly from: string; readonly key: Key }
  | { readonly type: 'hint-refused'; readonly target: string; readonly key: Key }
  | { readonly type: 'handoff-completed'; readonly target: string; readonly key: Key };

export interface ReplicaOutput<V> {
  readonly send: Envelope<V>[];
  readonly timers: TimerRequest[];
  readonly events: ReplicaEvent[];
  /** Present when a store was written: make it durable before sending `send`. */
  persist: PersistRequest | undefined;
}

export interface ReplicaStats {
  readonly actor: string;
  readonly writesCoordinated: number;
  /** Writes coordinated under a one-time epoch actor (no local history of the key). */
  readonly epochActors: number;
  readonly setsApplied: number;
  readonly hintsStored: number;
  readonly hintsRefused: number;
  /** Keys hinted per owner now (the handoff backlog). */
  readonly hintsByTarget: Readonly<Record<string, number>>;
  readonly handoffsSent: number;
  readonly handoffsCompleted: number;
  readonly handoffsInFlight: number;
  readonly droppedMessages: number;
  readonly dotConflicts: number;
  readonly clockEntriesPruned: number;
}

/** The one timer a Replica arms: the handoff round. */
export const handoffTimerId = 'handoff';

type Outcome = 'stored' | 'hinted' | RefusalReason | 'conflict';

export class Replica<V> {
  readonly actor: string;
  private readonly settings: ReplicaDefaults;
  private readonly handoff: HandoffWindow<V>;
  private view: ViewState | undefined;
  private timerArmed = false;
  private counters = {
    writesCoordinated: 0, epochActors: 0, setsApplied: 0, hintsStored: 0, hintsRefused: 0,
    handoffsSent: 0, handoffsCompleted: 0, droppedMessages: 0, dotConflicts: 0, clockEntriesPruned: 0,
  };

  constructor(private readonly config: ReplicaConfig<V>) {
    this.actor = replicaActor(config.self, config.generation);
    const { self: _s, generation: _g, random: _r, isValue: _i, store: _st, hints: _h, ...overrides } = config;
    this.settings = { ...replicaDefaults, ...overrides };
    const { hintsPerTargetMax, handoffInFlightMax, handoffRetryMs } = this.settings;
    assert(Number.isSafeInteger(hintsPerTargetMax) && hintsPerTargetMax >= 0, 'hintsPerTargetMax must be an integer ≥ 0');
    assert(Number.isSafeInteger(handoffInFlightMax) && handoffInFlightMax >= 1, 'handoffInFlightMax must be an integer ≥ 1');
    assert(Number.isSafeInteger(handoffRetryMs) && handoffRetryMs >= 1, 'handoffRetryMs must be an integer ≥ 1');
    this.handoff = new HandoffWindow(config.hints, handoffInFlightMax, handoffRetryMs);
  }

  step(input: ReplicaInput, nowMs: number): ReplicaOutput<V> {
    assert(Number.isFinite(nowMs) && nowMs >= 0, `nowMs must be a finite number ≥ 0, got ${nowMs}`);
    const out: ReplicaOutput<V> = { send: [], timers: [], events: [], persist: undefined };
    switch (input.type) {
      case 'message':
        this.onMessage(input.from, input.message, nowMs, out);
        break;
      case 'timer':
        if (input.id === handoffTimerId) this.onHandoffTimer(nowMs, out);
        break;
      case 'view':
        this.onView(viewState(input.view), nowMs, out);
        break;
      default:
        assert(false, `unknown input type ${String((input as { type?: unknown }).type)}`);
    }
    return out;
  }

  stats(): ReplicaStats {
    const hintsByTarget: Record<string, number> = {};
    for (const target of this.config.hints.targets()) hintsByTarget[target] = this.config.hints.count(target);
    return { actor: this.actor, ...this.counters, hintsByTarget, handoffsInFlight: this.handoff.inFlightCount };
  }

  private onMessage(from: string, raw: unknown, nowMs: number, out: ReplicaOutput<V>): void {
    const message = parseReplicaMessage(raw, this.config.isValue);
    if (isProblem(message)) return this.drop(out, from, message.problem);
    this.dispatch(from, message, nowMs, out);
  }

  private dispatch(from: string, m: ReceivedReplicaMessage<V>, nowMs: number, out: ReplicaOutput<V>): void {
    switch (m.type) {
      case 'coordinate':
        return this.onCoordinate(from, m, nowMs, out);
      case 'replicate': {
        const outcome = this.apply(from, m.key, m.hintFor, m.set, nowMs, out);
        if (outcome !== 'conflict') out.send.push({ to: m.origin, message: ack(m.opId, outcome, m.dot, null) });
        return;
      }
      case 'read': {
        const set = this.localView(m.key, m.hintFor);
        out.send.push({ to: from, message: { type: 'read-reply', opId: m.opId, set: set === undefined ? null : toPlain(set) } });
        return;
      }
      case 'repair':
        this.apply(from, m.key, m.hintFor, m.set, nowMs, out);
        return;
      case 'handoff':
        if (this.apply(from, m.key, null, m.set, nowMs, out) === 'stored') {
          out.send.push({ to: from, message: { type: 'handoff-ack', seq: m.seq, key: m.key } });
        }
        return;
      case 'handoff-ack':
        return this.onHandoffAck(from, m.seq, m.key, nowMs, out);
    }
  }

  /**
   * Coordinates a forwarded write (Riak's coordinating vnode): the new dot is generated from
   * this replica's own set, as its own actor, so it can never collide with an earlier dot.
   */
  private onCoordinate(from: string, m: CoordinateMessage<V>, nowMs: number, out: ReplicaOutput<V>): void {
    const slot = m.targets.find((t) => t.node === this.config.self);
    if (slot === undefined) {
      out.send.push({ to: m.origin, message: ack(m.opId, 'not-a-target', null, null) });
      return;
    }
    let context: Clock;
    try {
      context = m.context === null ? [] : decodeContext(m.context);
    } catch (error) {
      if (error instanceof VclockError) return this.drop(out, from, `coordinate: context: ${error.message}`);
      throw error;
    }
    const hintFor = slot.hintFor === undefined || slot.hintFor === this.config.self ? null : slot.hintFor;
    const local = hintFor === null ? this.config.store.get(m.key) : this.config.hints.get(hintFor, m.key);
    const actor = (hintFor === null && local !== undefined ? this.ownActorIn(local.context, context) : undefined) ?? this.takeEpochActor();
    const written = write(local ?? emptySet<V>(), { context, actor, nowMs, ...m.write });
    const dot = { actor, counter: counterOf(written.context, actor) };
    const { set, pruned } = pruneSet(written, { ...this.settings.prune, nowMs, keep: (a) => a === this.actor || a === actor });
    this.counters.clockEntriesPruned += pruned;
    this.counters.writesCoordinated++;
    const outcome = hintFor === null ? this.storePrimary(m.key, set, out) : this.storeHint(hintFor, m.key, set, nowMs, out);
    const plain = toPlain(set);
    for (const target of m.targets) {
      if (target.node === this.config.self) continue;
      const message = { type: 'replicate', opId: m.opId, origin: m.origin, key: m.key, hintFor: target.hintFor ?? null, set: plain, dot } as const;
      out.send.push({ to: target.node, message });
    }
    out.send.push({ to: m.origin, message: ack(m.opId, outcome, dot, set.siblings.length) });
  }

  /**
   * The actor to continue the key's history with: one of ours (this generation's actor, or an
   * epoch actor this generation minted) that the local set's clock already holds, so its next
   * counter is past every dot it ever issued for the key. None when the local set has none of
   * ours: we may have written the key before and lost that history (a purged tombstone, a wiped
   * disk), so counting from 1 again could reuse a dot (Riak's kv679); a fresh epoch actor is safe.
   */
  private ownActorIn(local: Clock, context: Clock): string | undefined {
    for (const entry of local) {
      const mine = entry.actor === this.actor || entry.actor.startsWith(`${this.actor}~`);
      if (mine && canIncrement(local, context, entry.actor)) return entry.actor;
    }
    return undefined;
  }

  private takeEpochActor(): string {
    this.counters.epochActors++;
    return epochActor(this.actor, this.config.random);
  }

  /** Syncs a set that came from `from` into the store (or the hint for `hintFor`). */
  private apply(from: string, key: Key, hintFor: string | null, incoming: SiblingSet<V>, nowMs: number, out: ReplicaOutput<V>): Outcome {
    const forOwner = hintFor === null || hintFor === this.config.self;
    const local = forOwner ? this.config.store.get(key) : this.config.hints.get(hintFor, key);
    if (local !== undefined && conflictingDot(local, incoming) !== undefined) {
      this.counters.dotConflicts++;
      out.events.push({ type: 'dot-conflict', from, key });
      return 'conflict';
    }
    this.counters.setsApplied++;
    return forOwner ? this.storePrimary(key, local === undefined ? incoming : sync(local, incoming), out, local) : this.storeHint(hintFor, key, incoming, nowMs, out);
  }

  private storePrimary(key: Key, set: SiblingSet<V>, out: ReplicaOutput<V>, previous?: SiblingSet<V>): 'stored' {
    if (previous !== undefined && setEquals(previous, set)) return 'stored';
    this.config.store.put(key, set);
    out.persist = { replicaStore: true, hintStore: out.persist?.hintStore ?? false };
    return 'stored';
  }

  /** Syncs `set` into the hint for (target, key); refused when that would exceed the owner's backlog bound. */
  private storeHint(target: string, key: Key, set: SiblingSet<V>, nowMs: number, out: ReplicaOutput<V>): 'hinted' | 'hints-full' {
    const hints = this.config.hints;
    const existing = hints.get(target, key);
    if (existing === undefined && hints.count(target) >= this.settings.hintsPerTargetMax) {
      this.counters.hintsRefused++;
      out.events.push({ type: 'hint-refused', target, key });
      return 'hints-full';
    }
    const merged = existing === undefined ? set : sync(existing, set);
    if (existing === undefined || !setEquals(existing, merged)) {
      hints.put(target, key, merged);
      this.counters.hintsStored++;
      out.persist = { replicaStore: out.persist?.replicaStore ?? false, hintStore: true };
    }
    this.armTimer(nowMs, out);
    return 'hinted';
  }

  /** What this replica holds for a key: its store's set, synced with the hint for `hintFor`. */
  private localView(key: Key, hintFor: string | null): SiblingSet<V> | undefined {
    const own = this.config.store.get(key);
    const hinted = hintFor === null ? undefined : this.config.hints.get(hintFor, key);
    if (own === undefined || hinted === undefined) return own ?? hinted;
    return syncChecked(own, hinted) ?? own;
  }

  private onView(view: ViewState, nowMs: number, out: ReplicaOutput<V>): void {
    this.view = view;
    for (const target of this.config.hints.targets()) {
      if (isUp(view, target)) this.pumpHandoff(target, nowMs, out);
      else this.handoff.forget(target);
    }
    if (this.config.hints.targets().length > 0) this.armTimer(nowMs, out);
  }

  private onHandoffTimer(nowMs: number, out: ReplicaOutput<V>): void {
    this.timerArmed = false;
    const view = this.view;
    if (view === undefined) return;
    for (const target of this.config.hints.targets()) if (isUp(view, target)) this.pumpHandoff(target, nowMs, out);
    if (this.config.hints.targets().length > 0) this.armTimer(nowMs, out);
  }

  private onHandoffAck(from: string, seq: number, key: Key, nowMs: number, out: ReplicaOutput<V>): void {
    const outcome = this.handoff.onAck(from, seq, key);
    if (outcome === 'ignored') return;
    if (outcome === 'completed') {
      this.counters.handoffsCompleted++;
      out.persist = { replicaStore: out.persist?.replicaStore ?? false, hintStore: true };
      out.events.push({ type: 'handoff-completed', target: from, key });
    }
    if (this.view !== undefined && isUp(this.view, from)) this.pumpHandoff(from, nowMs, out);
  }

  private pumpHandoff(target: string, nowMs: number, out: ReplicaOutput<V>): void {
    const messages = this.handoff.pump(target, nowMs);
    this.counters.handoffsSent += messages.length;
    for (const message of messages) out.send.push({ to: target, message });
  }

  private armTimer(nowMs: number, out: ReplicaOutput<V>): void {
    if (this.timerArmed) return;
    this.timerArmed = true;
    out.timers.push({ id: handoffTimerId, atMs: nowMs + this.settings.handoffRetryMs });
  }

  private drop(out: ReplicaOutput<V>, from: string, problem: string): void {
    this.counters.droppedMessages++;
    out.events.push({ type: 'message-dropped', from, problem });
  }
}

/** Whether `actor`'s next counter stays a safe integer (a hostile context could claim 2^53 − 1). */
function canIncrement(local: Clock, context: Clock, actor: string): boolean {
  return Math.max(counterOf(local, actor), counterOf(context, actor)) < Number.MAX_SAFE_INTEGER;
}

function ack(opId: string, outcome: Exclude<Outcome, 'conflict'>, dot: WriteAckMessage['dot'], siblings: number | null): WriteAckMessage {
  const refused = outcome === 'hints-full' || outcome === 'not-a-target';
  return { type: 'write-ack', opId, outcome: refused ? 'refused' : outcome, reason: refused ? outcome : null, dot, siblings };
}

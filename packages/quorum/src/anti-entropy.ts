// Anti-entropy: the per-node state machine that finds and repairs the keys where two replicas of
// the same keys differ (Dynamo §4.7, Riak's Tictac AAE; DESIGN.md §5 "Permanent failures"),
// sans-IO like the Coordinator and the Replica.
//
// Replica groups. A key's replicas are its N primaries on the ring; the keys whose primaries are
// the same set of nodes form a replica group (its id: the members' ids, sorted, comma-joined),
// and every member keeps a @kv/merkle tree over the group's keys, with the set digest
// (set-digest.ts) as each key's version. With vnodes, each group is the union of the ring ranges
// that share one preference list: Dynamo's tree per key range, merged per replica set so two
// replicas compare all the keys they share in one exchange.
//
// Trees. Built from a store scan when a view brings a new ring (or at start: a tree lives in
// memory only, so a restarted node rebuilds it from its disk), in chunks that let writes go on;
// from then on updated on every
// write through ObservedReplicaStore (observed-store.ts), in O(depth), before the write's step
// returns. A node that lost its disk has empty trees, and its peers' exchanges repair it.
//
// Exchange (anti-entropy-messages.ts has the flow). Every `exchangeIntervalMs` a node starts one
// exchange (at most one of its own at a time): the next of its groups, round-robin, with a random
// up member. Its groups come from the ring, not its keys, so a node that lost its disk starts
// exchanges too. A `repair` input (`kv repair`) runs a round: every group with every other
// member, one exchange after another, with its progress in `stats().round`. The two walk their tree snapshots level by level (merkle's TreeExchange) to the
// differing leaves; the initiator lists its (key, digest) pairs in those leaves; the responder
// diffs them with its own, sends its set of every key it holds newer or alone as a `repair`, and
// asks for the initiator's sets of the rest (`ae-want`). Sets go to the receiver's Replica, which
// syncs them (a join: never loses a write, whichever side is newer). Both messages and sets are
// proportional to the difference; a repair of more than `keysPerExchangeMax` keys continues in
// the next exchange. A ring the two sides disagree on (fingerprints differ) aborts the exchange.
//
// Memory: besides the trees, an index of every key held (leaf → key, digest) that exchanges list
// differing leaves from, and the list of tombstones that purge passes read. Not here yet: trees
// for keyspaces whose N differs from `n`, and an IO/bandwidth budget beyond the per-exchange key
// bound.
import type { PlainSet, SiblingSet } from '@kv/vclock';
import { isDeleted, toPlain } from '@kv/vclock';
import type { TreeShape } from '@kv/merkle';
import { MerkleError, MerkleTree, TreeExchange, merkleDefaults, segmentOf } from '@kv/merkle';
import type { AeEntry, AntiEntropyMessage } from './anti-entropy-messages.js';
import type { HintStore } from './hint-store.js';
import { parseAntiEntropyMessage } from './anti-entropy-messages.js';
import type { ClusterView, ViewState } from './cluster-view.js';
import { isUp, viewState } from './cluster-view.js';
import { assert } from './errors.js';
import type { Key } from './key.js';
import { KeyMap } from './key-map.js';
import type { RepairMessage } from './messages.js';
import type { Random } from './random.js';
import { randomHex32 } from './random.js';
import type { ReplicaStore } from './replica-store.js';
import { setDigest } from './set-digest.js';
import type { TimerRequest } from './step-output.js';

/** A ReplicaStore that can also list what it holds (for tree builds and leaf scans). */
export interface ScannableReplicaStore<V> extends ReplicaStore<V> {
  /**
   * Every (key, set) this replica holds, as of the call: a snapshot that writes made while it is
   * being read do not change (a tree rebuild relies on it).
   */
  scan(): Iterable<{ readonly key: Key; readonly set: SiblingSet<V> }>;
  /** Removes a key (a purged tombstone); needed only when tombstone purge is on. */
  readonly remove?: ((key: Key) => void) | undefined;
}

export interface AntiEntropyDefaults {
  /** How often this node starts an exchange (one group with one peer). */
  readonly exchangeIntervalMs: number;
  /** An exchange not finished after this long is abandoned (lost messages, a dead peer). */
  readonly exchangeTimeoutMs: number;
  /** Sets one side sends, and asks for, in one exchange; the rest waits for the next. */
  readonly keysPerExchangeMax: number;
  /** Differing leaves whose keys one exchange lists. */
  readonly segmentsPerExchangeMax: number;
  /** Exchanges other nodes started that this node answers at once; more are refused (`busy`). */
  readonly respondersMax: number;
  /** Keys a tree rebuild scans per step before it yields (a timer due at once) to other work. */
  readonly rebuildChunkKeys: number;
  /** Tree shape; every node of a cluster must use the same. */
  readonly shape: TreeShape;
  /**
   * A tombstone is purged only once it is this old (its newest sibling's timestamp) and every
   * member of its group holds the same one and no node holds a hint for the key; 0: never purge.
   */
  readonly tombstoneGraceMs: number;
  /** How often this node looks for tombstones to purge. */
  readonly purgeIntervalMs: number;
  /** Tombstones one purge checks and removes at most. */
  readonly purgeKeysMax: number;
}

export const antiEntropyDefaults: AntiEntropyDefaults = {
  // One exchange per node every 10 s: with G groups per node, each group is compared about every
  // 10·G/2 s (both members start exchanges), and an idle cluster pays one root (22 bytes) per tick.
  exchangeIntervalMs: 10_000,
  exchangeTimeoutMs: 30_000,
  // 1 000 sets × 10 KiB ≤ 10 MiB per exchange and direction.
  keysPerExchangeMax: 1_000,
  // Every differing leaf up to the message bound: with 2^18 leaves a key range of 10^5 keys has
  // ≈ 0.4 keys per leaf, so capping leaves would cap the repair rate far below keysPerExchangeMax.
  segmentsPerExchangeMax: 65_536,
  respondersMax: 8,
  // ≈ 10–50 ms of decoding and hashing per step on this machine: writes wait at most that long.
  rebuildChunkKeys: 10_000,
  shape: merkleDefaults.shape,
  // Cassandra's gc_grace_seconds default: ten days for a down replica to come back and be repaired.
  tombstoneGraceMs: 10 * 24 * 3_600_000,
  purgeIntervalMs: 60_000,
  purgeKeysMax: 1_000,
};

export interface AntiEntropyConfig<V> extends Partial<AntiEntropyDefaults> {
  readonly self: string;
  readonly random: Random;
  /** Replicas per key (the default keyspace's N). */
  readonly n: number;
  /** The store the Replica writes through (an ObservedReplicaStore that calls `noteWrite`). */
  readonly store: ScannableReplicaStore<V>;
  /** The Replica's hint store, read to answer purge checks (no purge without it). */
  readonly hints?: HintStore<V>;
}

export type AntiEntropyInput =
  | { readonly type: 'view'; readonly view: ClusterView }
  | { readonly type: 'timer'; readonly id: string }
  | { readonly type: 'message'; readonly from: string; readonly message: unknown }
  /** Compare every group with every up member now, one exchange after another (`kv repair`). */
  | { readonly type: 'repair' };

/** A repair round's progress: exchanges planned and finished (completed or aborted). */
export interface RepairRound {
  readonly pairsTotal: number;
  readonly pairsDone: number;
  /** Exchanges run so far (a pair is compared again while its exchanges still repair). */
  readonly exchanges: number;
  readonly startedAtMs: number;
  /** Set once every pair is done. */
  readonly finishedAtMs: number | undefined;
}

export type AntiEntropyEvent =
  /** An exchange this node started ended: `segments` leaves differed; sets went both ways. */
  | { readonly type: 'exchange-completed'; readonly peer: string; readonly group: string; readonly segments: number; readonly setsSent: number }
  /** This node answered a peer's entries: it sent `setsSent` sets and asked for `setsWanted`. */
  | { readonly type: 'exchange-answered'; readonly peer: string; readonly group: string; readonly setsSent: number; readonly setsWanted: number }
  | { readonly type: 'exchange-aborted'; readonly peer: string; readonly reason: string }
  | { readonly type: 'trees-rebuilt'; readonly groups: number; readonly keys: number }
  | { readonly type: 'message-dropped'; readonly from: string; readonly problem: string };

/** What anti-entropy sends: its own messages, and sets as `repair` messages for the peer's Replica. */
export type AntiEntropyEnvelope<V> = { readonly to: string; readonly message: AntiEntropyMessage | RepairMessage<PlainSet<V>> };

export interface AntiEntropyOutput<V> {
  readonly send: AntiEntropyEnvelope<V>[];
  readonly timers: TimerRequest[];
  readonly events: AntiEntropyEvent[];
}

export interface AntiEntropyStats {
  /** Replica groups this node is a member of (by the ring), and those it holds keys of. */
  readonly groups: number;
  readonly groupsWithKeys: number;
  readonly keys: number;
  readonly exchangesStarted: number;
  readonly exchangesCompleted: number;
  readonly exchangesAborted: number;
  /** Completed exchanges that found the trees equal. */
  readonly exchangesEqual: number;
  readonly setsSent: number;
  readonly setsWanted: number;
  readonly treeRebuilds: number;
  /** Tombstones this node removed after a purge every node agreed to. */
  readonly tombstonesPurged: number;
  /** Whether a tree rebuild is scanning the store (exchanges wait for it). */
  readonly rebuilding: boolean;
  readonly droppedMessages: number;
  /** The latest repair round, if one was asked for. */
  readonly round: RepairRound | undefined;
}

/** Exchanges a repair round runs for one pair at most (each repairs up to keysPerExchangeMax keys each way). */
const roundRepeatsMax = 10_000;

/** The exchange timer anti-entropy arms. */
export const antiEntropyTimerId = 'anti-entropy';
/** The timer of the next tombstone purge pass. */
export const antiEntropyPurgeTimerId = 'anti-entropy-purge';
/** The timer of a tree rebuild's next chunk (due at once: it only yields to other work). */
export const antiEntropyRebuildTimerId = 'anti-entropy-rebuild';

interface Outgoing {
  readonly sid: string;
  readonly group: string;
  readonly peer: string;
  readonly exchange: TreeExchange;
  readonly startedMs: number;
  segments: number;
}

interface Responding {
  readonly from: string;
  readonly exchange: TreeExchange;
  readonly startedMs: number;
}

export class AntiEntropy<V> {
  private readonly settings: AntiEntropyDefaults;
  private view: ViewState | undefined;
  private ringFingerprint: string | undefined;
  private readonly trees = new Map<string, MerkleTree>();
  /**
   * The trees' entries, by group and leaf: an exchange lists the keys of its differing leaves
   * from here instead of scanning the store (≈ 100 bytes of memory per key held).
   */
  private readonly index = new Map<string, Map<number, KeyMap<AeEntry>>>();
  /** Keys whose set is all tombstones, with their group and newest timestamp: the purge candidates. */
  private readonly tombstones = new KeyMap<{ readonly key: Key; readonly group: string; readonly newestMs: number; readonly digest: Uint8Array }>();
  /** A purge this node started: the entries checked, and the ring members yet to answer. */
  private purge: { readonly sid: string; readonly group: string; readonly entries: KeyMap<AeEntry>; readonly agreed: KeyMap<number>; readonly awaiting: Set<string>; readonly startedMs: number } | undefined;
  private purgeTimerArmed = false;
  /** The scan of a tree rebuild in progress; exchanges wait until it is done. */
  private rebuilding: Iterator<{ readonly key: Key; readonly set: SiblingSet<V> }> | undefined;
  /** Group id by preference list (in ring order, joined): '' when this node is not in it. At most one per ring range. */
  private readonly groupNames = new Map<string, string>();
  /** The groups this node is a member of under the current ring, sorted. */
  private groups: readonly string[] = [];
  private round:
    | {
        readonly pairs: readonly { readonly group: string; readonly peer: string }[];
        next: number;
        done: number;
        /** Exchanges run for the current pair: it is compared again while an exchange still repairs. */
        repeats: number;
        exchanges: number;
        readonly startedAtMs: number;
        finishedAtMs: number | undefined;
      }
    | undefined;
  private keys = 0;
  private groupCursor = 0;
  private outgoing: Outgoing | undefined;
  private readonly responding = new Map<string, Responding>();
  /**
   * Keys this node asked a peer for (ae-want) and has not received yet, with when the ask
   * expires: two peers repairing this node at once then fill each key once, not twice. Bounded
   * by respondersMax × keysPerExchangeMax.
   */
  private readonly awaited = new KeyMap<{ readonly key: Key; readonly untilMs: number }>();
  private timerArmed = false;
  private counters = {
    exchangesStarted: 0, exchangesCompleted: 0, exchangesAborted: 0, exchangesEqual: 0,
    setsSent: 0, setsWanted: 0, treeRebuilds: 0, droppedMessages: 0, tombstonesPurged: 0,
  };

  constructor(private readonly config: AntiEntropyConfig<V>) {
    const { self: _s, random: _r, n: _n, store: _st, ...overrides } = config;
    this.settings = { ...antiEntropyDefaults, ...overrides };
    const s = this.settings;
    assert(Number.isSafeInteger(config.n) && config.n >= 1, 'n must be an integer ≥ 1');
    for (const name of ['exchangeIntervalMs', 'exchangeTimeoutMs', 'keysPerExchangeMax', 'segmentsPerExchangeMax', 'respondersMax', 'rebuildChunkKeys', 'purgeIntervalMs', 'purgeKeysMax'] as const) {
      assert(Number.isSafeInteger(s[name]) && s[name] >= 1, `${name} must be an integer ≥ 1`);
    }
    assert(Number.isSafeInteger(s.tombstoneGraceMs) && s.tombstoneGraceMs >= 0, 'tombstoneGraceMs must be an integer ≥ 0');
  }

  step(input: AntiEntropyInput, nowMs: number): AntiEntropyOutput<V> {
    assert(Number.isFinite(nowMs) && nowMs >= 0, `nowMs must be a finite number ≥ 0, got ${nowMs}`);
    const out: AntiEntropyOutput<V> = { send: [], timers: [], events: [] };
    switch (input.type) {
      case 'view':
        this.onView(viewState(input.view), nowMs, out);
        break;
      case 'timer':
        if (input.id === antiEntropyTimerId) this.onTimer(nowMs, out);
        else if (input.id === antiEntropyRebuildTimerId) this.rebuildStep(nowMs, out);
        else if (input.id === antiEntropyPurgeTimerId) this.onPurgeTimer(nowMs, out);
        break;
      case 'message':
        this.onMessage(input.from, input.message, nowMs, out);
        break;
      case 'repair':
        this.startRound(nowMs, out);
        break;
      default:
        assert(false, `unknown input type ${String((input as { type?: unknown }).type)}`);
    }
    return out;
  }

  /** A store write (ObservedReplicaStore calls it): the key's tree moves from `before` to `after`. */
  noteWrite(key: Key, before: SiblingSet<V> | undefined, after: SiblingSet<V> | undefined): void {
    this.awaited.delete(key);
    if (this.view === undefined || before === after) return; // no trees yet: the first view builds them from the store
    const group = this.groupOf(key);
    if (group === undefined) return;
    if (before === undefined) this.keys++;
    if (after === undefined) this.keys--;
    const digest = after === undefined ? null : setDigest(after);
    const segment = segmentOf(key, this.settings.shape);
    // The index holds the digest of `before` already (a key not reached yet by a rebuild scan is not in it).
    const old = before === undefined ? null : (this.index.get(group)?.get(segment)?.get(key)?.digest ?? setDigest(before));
    this.treeOf(group).update(key, old, digest);
    this.indexEntry(group, segment, key, after, digest);
  }

  /** Keeps the leaf index and the tombstone list in step with a key's set (undefined: removed). */
  private indexEntry(group: string, segment: number, key: Key, set: SiblingSet<V> | undefined, digest: Uint8Array | null): void {
    let leaves = this.index.get(group);
    if (leaves === undefined) this.index.set(group, (leaves = new Map()));
    let entries = leaves.get(segment);
    if (set === undefined || digest === null) {
      entries?.delete(key);
      if (entries !== undefined && entries.size === 0) leaves.delete(segment);
      this.tombstones.delete(key);
      return;
    }
    if (entries === undefined) leaves.set(segment, (entries = new KeyMap()));
    entries.set(key, { key, digest });
    if (isDeleted(set) && set.siblings.length > 0) this.tombstones.set(key, { key, group, newestMs: newestMs(set), digest });
    else this.tombstones.delete(key);
  }

  /** The root hash of each group's tree (for status pages and tests). */
  roots(): ReadonlyMap<string, string> {
    return new Map([...this.trees].map(([group, tree]) => [group, tree.root()]));
  }

  stats(): AntiEntropyStats {
    const round = this.round === undefined ? undefined : { pairsTotal: this.round.pairs.length, pairsDone: this.round.done, exchanges: this.round.exchanges, startedAtMs: this.round.startedAtMs, finishedAtMs: this.round.finishedAtMs };
    return { groups: this.groups.length, groupsWithKeys: this.trees.size, keys: this.keys, ...this.counters, round, rebuilding: this.rebuilding !== undefined };
  }

  // ---- view and trees ------------------------------------------------------------------------

  private onView(view: ViewState, nowMs: number, out: AntiEntropyOutput<V>): void {
    this.view = view;
    if (view.ring.fingerprint !== this.ringFingerprint) {
      this.ringFingerprint = view.ring.fingerprint;
      this.groupNames.clear();
      const groups = new Set<string>();
      for (const range of view.ring.ranges(this.config.n)) if (range.owners.includes(this.config.self)) groups.add([...range.owners].sort().join(','));
      this.groups = [...groups].sort();
      this.rebuild(nowMs, out);
    }
    if (!this.purgeTimerArmed && this.purgeEnabled()) {
      this.purgeTimerArmed = true;
      out.timers.push({ id: antiEntropyPurgeTimerId, atMs: nowMs + this.settings.purgeIntervalMs });
    }
    if (!this.timerArmed) {
      this.timerArmed = true;
      // The first exchange at a random point of the interval, so nodes started together spread out.
      out.timers.push({ id: antiEntropyTimerId, atMs: nowMs + 1 + (this.config.random.nextU32() % this.settings.exchangeIntervalMs) });
    }
  }

  /**
   * Every tree again from a scan of the store (a new ring regroups the keys), `rebuildChunkKeys`
   * keys per step so writes and requests go on meanwhile. Sound because a tree is the XOR of its
   * entries: the scan reads a snapshot taken now, and every write from now on XORs its before
   * and after digests in at once, so a key written during the rebuild ends with exactly its
   * latest digest whether the scan reaches it before or after the write.
   */
  private rebuild(nowMs: number, out: AntiEntropyOutput<V>): void {
    this.trees.clear();
    this.index.clear();
    this.tombstones.clear();
    this.keys = 0;
    this.round = undefined; // a new ring ends the round
    this.abortOutgoing(nowMs, out, 'ring changed');
    this.responding.clear();
    this.rebuilding?.return?.();
    this.rebuilding = this.config.store.scan()[Symbol.iterator]();
    this.rebuildStep(nowMs, out);
  }

  /** The next chunk of the rebuild scan; arms the rebuild timer while keys are left. */
  private rebuildStep(nowMs: number, out: AntiEntropyOutput<V>): void {
    const scan = this.rebuilding;
    if (scan === undefined) return;
    for (let i = 0; i < this.settings.rebuildChunkKeys; i++) {
      const next = scan.next();
      if (next.done === true) {
        this.rebuilding = undefined;
        this.counters.treeRebuilds++;
        out.events.push({ type: 'trees-rebuilt', groups: this.trees.size, keys: this.keys });
        return;
      }
      const { key, set } = next.value;
      const group = this.groupOf(key);
      if (group === undefined) continue;
      const digest = setDigest(set);
      this.treeOf(group).insert(key, digest);
      this.indexEntry(group, segmentOf(key, this.settings.shape), key, set, digest);
      this.keys++;
    }
    out.timers.push({ id: antiEntropyRebuildTimerId, atMs: nowMs });
  }

  private treeOf(group: string): MerkleTree {
    let tree = this.trees.get(group);
    if (tree === undefined) {
      tree = MerkleTree.create(this.settings.shape);
      this.trees.set(group, tree);
    }
    return tree;
  }

  /** The key's replica group, or undefined when this node is not one of its primaries. */
  private groupOf(key: Key): string | undefined {
    const view = this.view;
    if (view === undefined || view.ring.size === 0) return undefined;
    const primaries = view.ring.preferenceList(key, this.config.n);
    const list = primaries.join(',');
    let group = this.groupNames.get(list);
    if (group === undefined) {
      group = primaries.includes(this.config.self) ? [...primaries].sort().join(',') : '';
      this.groupNames.set(list, group);
    }
    return group === '' ? undefined : group;
  }

  /** This node's (key, digest) pairs of `group` whose leaf is in `segments`. */
  private entriesIn(group: string, segments: ReadonlySet<number>): AeEntry[] {
    const entries: AeEntry[] = [];
    const leaves = this.index.get(group);
    if (leaves === undefined) return entries;
    for (const segment of segments) for (const entry of leaves.get(segment)?.values() ?? []) entries.push(entry);
    return entries;
  }

  // ---- starting exchanges ----------------------------------------------------------------------

  private onTimer(nowMs: number, out: AntiEntropyOutput<V>): void {
    const { exchangeTimeoutMs, exchangeIntervalMs } = this.settings;
    for (const [sid, session] of this.responding) if (nowMs - session.startedMs > exchangeTimeoutMs) this.responding.delete(sid);
    for (const ask of [...this.awaited.values()]) if (ask.untilMs <= nowMs) this.awaited.delete(ask.key);
    if (this.outgoing !== undefined && nowMs - this.outgoing.startedMs > exchangeTimeoutMs) this.abortOutgoing(nowMs, out, 'timed out');
    if (this.outgoing === undefined && !this.roundRunning() && this.rebuilding === undefined) this.startExchange(nowMs, out);
    out.timers.push({ id: antiEntropyTimerId, atMs: nowMs + exchangeIntervalMs });
  }

  /** The periodic exchange: the next group (round-robin) with a random up member of it. */
  private startExchange(nowMs: number, out: AntiEntropyOutput<V>): void {
    const view = this.view;
    if (view === undefined) return;
    const groups = this.groups;
    for (let tries = 0; tries < groups.length; tries++) {
      const group = groups[this.groupCursor++ % groups.length] as string;
      const peers = group.split(',').filter((id) => id !== this.config.self && isUp(view, id));
      if (peers.length === 0) continue;
      this.exchangeWith(group, peers[this.config.random.nextU32() % peers.length] as string, nowMs, out);
      return;
    }
  }

  private exchangeWith(group: string, peer: string, nowMs: number, out: AntiEntropyOutput<V>): void {
    const exchange = new TreeExchange(this.treeOf(group).clone());
    const sid = `${this.config.self}/${randomHex32(this.config.random)}${randomHex32(this.config.random)}`;
    this.outgoing = { sid, group, peer, exchange, startedMs: nowMs, segments: 0 };
    this.counters.exchangesStarted++;
    out.send.push({ to: peer, message: { type: 'ae-tree', sid, group, ring: this.ringFingerprint ?? '', slice: exchange.start() } });
  }

  /** A repair round: every group with every other member, one exchange after another. */
  private startRound(nowMs: number, out: AntiEntropyOutput<V>): void {
    const pairs = this.groups.flatMap((group) => group.split(',').filter((id) => id !== this.config.self).map((peer) => ({ group, peer })));
    this.round = { pairs, next: 0, done: 0, repeats: 0, exchanges: 0, startedAtMs: nowMs, finishedAtMs: undefined };
    if (this.outgoing === undefined) this.nextInRound(nowMs, out);
  }

  private roundRunning(): boolean {
    return this.round !== undefined && this.round.finishedAtMs === undefined;
  }

  /** Starts the round's next pair whose peer is up; pairs with a down peer count as done. */
  private nextInRound(nowMs: number, out: AntiEntropyOutput<V>): void {
    const round = this.round;
    const view = this.view;
    if (round === undefined || round.finishedAtMs !== undefined || view === undefined) return;
    if (this.rebuilding !== undefined) {
      round.finishedAtMs = nowMs; // a round asked for during a rebuild ends at once; ask again after it
      return;
    }
    while (round.next < round.pairs.length) {
      const { group, peer } = round.pairs[round.next++] as { group: string; peer: string };
      round.repeats = 0;
      if (isUp(view, peer)) return this.exchangeWith(group, peer, nowMs, out);
      round.done++;
    }
    round.finishedAtMs = nowMs;
  }

  /**
   * An exchange this node started ended. In a round, a pair whose exchange still found
   * differences is compared again (an exchange repairs at most keysPerExchangeMax keys each way),
   * up to roundRepeatsMax times; a pair found equal, or aborted, is done and the round moves on.
   */
  private exchangeEnded(nowMs: number, out: AntiEntropyOutput<V>, repaired = false): void {
    const ended = this.outgoing;
    this.outgoing = undefined;
    const round = this.round;
    if (round === undefined || round.finishedAtMs !== undefined || ended === undefined) return;
    round.exchanges++;
    if (repaired && round.repeats < roundRepeatsMax && this.view !== undefined && isUp(this.view, ended.peer)) {
      round.repeats++;
      return this.exchangeWith(ended.group, ended.peer, nowMs, out);
    }
    round.done++;
    this.nextInRound(nowMs, out);
  }

  private abortOutgoing(nowMs: number, out: AntiEntropyOutput<V>, reason: string): void {
    const session = this.outgoing;
    if (session === undefined) return;
    this.counters.exchangesAborted++;
    out.events.push({ type: 'exchange-aborted', peer: session.peer, reason });
    this.exchangeEnded(nowMs, out);
  }

  // ---- tombstone purge -------------------------------------------------------------------------
  //
  // A tombstone may go only when no copy anywhere could bring a value it deleted back: every
  // member of its group holds the same tombstone (same digest: a value it superseded cannot
  // hide in it), no node holds a hint for the key (a hint is the one copy outside the group),
  // and it is older than the grace period (messages in flight, a replica that was cut off). A
  // member that is down, or any ring member that does not answer, stops the purge: a node
  // returning after a long absence may hold old values, and nothing of its groups was purged
  // while it was away. A member that misses the `ae-purge` keeps its tombstone and an exchange
  // gives it back to the others: churn, never a resurrection.

  private purgeEnabled(): boolean {
    return this.settings.tombstoneGraceMs > 0 && this.config.hints !== undefined && this.config.store.remove !== undefined;
  }

  private onPurgeTimer(nowMs: number, out: AntiEntropyOutput<V>): void {
    out.timers.push({ id: antiEntropyPurgeTimerId, atMs: nowMs + this.settings.purgeIntervalMs });
    if (this.purge !== undefined && nowMs - this.purge.startedMs > this.settings.exchangeTimeoutMs) this.purge = undefined;
    const view = this.view;
    if (this.purge !== undefined || view === undefined || this.rebuilding !== undefined) return;
    const others = view.ring.members.map((m) => m.id).filter((id) => id !== this.config.self);
    if (!others.every((id) => isUp(view, id))) return; // a down node may hold hints or old values
    const byGroup = new Map<string, AeEntry[]>();
    for (const { key, group, newestMs: newest, digest } of this.tombstones.values()) {
      if (newest > nowMs - this.settings.tombstoneGraceMs) continue;
      const list = byGroup.get(group) ?? [];
      if (list.length < this.settings.purgeKeysMax) list.push({ key, digest });
      byGroup.set(group, list);
    }
    const [group, entries] = [...byGroup].sort((a, b) => b[1].length - a[1].length)[0] ?? [];
    if (group === undefined || entries === undefined || others.length === 0) return;
    const sid = `${this.config.self}/purge-${randomHex32(this.config.random)}${randomHex32(this.config.random)}`;
    const checked = new KeyMap<AeEntry>();
    for (const entry of entries) checked.set(entry.key, entry);
    this.purge = { sid, group, entries: checked, agreed: new KeyMap<number>(), awaiting: new Set(others), startedMs: nowMs };
    for (const id of others) out.send.push({ to: id, message: { type: 'ae-purge-check', sid, group, ring: this.ringFingerprint ?? '', entries } });
  }

  /** Another node's purge check: the keys we agree to (same tombstone if a member, no hint either way). */
  private onPurgeCheck(from: string, message: Extract<AntiEntropyMessage, { type: 'ae-purge-check' }>, out: AntiEntropyOutput<V>): void {
    if (message.ring !== this.ringFingerprint || this.rebuilding !== undefined || this.config.hints === undefined) {
      out.send.push({ to: from, message: { type: 'ae-purge-ok', sid: message.sid, keys: [] } });
      return;
    }
    const targets = this.config.hints.targets();
    const member = this.isMember(message.group);
    const keys: Key[] = [];
    for (const entry of message.entries) {
      if (this.holdsHint(entry.key, targets)) continue;
      if (member) {
        const set = this.config.store.get(entry.key);
        if (set === undefined || !bytesEqual(setDigest(set), entry.digest)) continue;
      }
      keys.push(entry.key);
    }
    out.send.push({ to: from, message: { type: 'ae-purge-ok', sid: message.sid, keys } });
  }

  private onPurgeOk(from: string, sid: string, keys: readonly Key[], out: AntiEntropyOutput<V>): void {
    const purge = this.purge;
    if (purge === undefined || purge.sid !== sid || !purge.awaiting.delete(from)) return;
    for (const key of keys) if (purge.entries.has(key)) purge.agreed.set(key, (purge.agreed.get(key) ?? 0) + 1);
    if (purge.awaiting.size > 0) return;
    this.purge = undefined;
    const voters = (this.view?.ring.members.length ?? 1) - 1;
    const entries = [...purge.entries.values()].filter((entry) => purge.agreed.get(entry.key) === voters);
    if (entries.length === 0) return;
    for (const id of purge.group.split(',')) {
      if (id !== this.config.self) out.send.push({ to: id, message: { type: 'ae-purge', sid, group: purge.group, ring: this.ringFingerprint ?? '', entries } });
    }
    this.removeTombstones(entries);
  }

  private onPurge(message: Extract<AntiEntropyMessage, { type: 'ae-purge' }>): void {
    if (message.ring !== this.ringFingerprint || !this.isMember(message.group) || !this.purgeEnabled()) return;
    this.removeTombstones(message.entries);
  }

  /** Removes each key whose set is still the tombstone checked (a write since then keeps it). */
  private removeTombstones(entries: readonly AeEntry[]): void {
    const remove = this.config.store.remove;
    if (remove === undefined) return;
    const targets = this.config.hints?.targets() ?? [];
    for (const { key, digest } of entries) {
      const set = this.config.store.get(key);
      if (set === undefined || !isDeleted(set) || !bytesEqual(setDigest(set), digest)) continue;
      if (this.holdsHint(key, targets)) continue;
      remove.call(this.config.store, key);
      this.counters.tombstonesPurged++;
    }
  }

  /** Whether this node holds a hint for `key` for any of `targets` (its hint store's owners). */
  private holdsHint(key: Key, targets: readonly string[]): boolean {
    const hints = this.config.hints;
    return hints !== undefined && targets.some((target) => hints.get(target, key) !== undefined);
  }

  private isMember(group: string): boolean {
    return group.split(',').includes(this.config.self);
  }

  // ---- messages --------------------------------------------------------------------------------

  private onMessage(from: string, raw: unknown, nowMs: number, out: AntiEntropyOutput<V>): void {
    const message = parseAntiEntropyMessage(raw);
    if ('problem' in message) return this.drop(out, from, message.problem);
    if (this.view === undefined) {
      if (message.type === 'ae-tree' || message.type === 'ae-entries') out.send.push({ to: from, message: { type: 'ae-abort', sid: message.sid, reason: 'no view yet' } });
      return;
    }
    switch (message.type) {
      case 'ae-tree':
        return this.outgoing?.sid === message.sid && this.outgoing.peer === from ? this.onInitiatorSlice(message.slice, nowMs, out) : this.onResponderSlice(from, message, nowMs, out);
      case 'ae-entries':
        return this.onEntries(from, message, nowMs, out);
      case 'ae-want':
        return this.onWant(from, message.sid, message.keys, nowMs, out);
      case 'ae-abort':
        if (this.outgoing?.sid === message.sid && this.outgoing.peer === from) this.abortOutgoing(nowMs, out, `peer: ${message.reason}`);
        if (this.purge?.sid === message.sid) this.purge = undefined;
        this.responding.delete(message.sid);
        return;
      case 'ae-purge-check':
        return this.onPurgeCheck(from, message, out);
      case 'ae-purge-ok':
        return this.onPurgeOk(from, message.sid, message.keys, out);
      case 'ae-purge':
        return this.onPurge(message);
    }
  }

  /** A slice of an exchange this node started. */
  private onInitiatorSlice(slice: Uint8Array, nowMs: number, out: AntiEntropyOutput<V>): void {
    const session = this.outgoing as Outgoing;
    const reply = this.exchangeStep(session.exchange, slice);
    if (reply === 'bad') {
      this.abortOutgoing(nowMs, out, 'malformed slice');
      out.send.push({ to: session.peer, message: { type: 'ae-abort', sid: session.sid, reason: 'malformed slice' } });
      return;
    }
    if (reply !== null) out.send.push({ to: session.peer, message: { type: 'ae-tree', sid: session.sid, group: session.group, ring: this.ringFingerprint ?? '', slice: reply } });
    if (!session.exchange.done) return;
    const leaves = [...session.exchange.leaves].slice(0, this.settings.segmentsPerExchangeMax);
    if (leaves.length === 0) {
      this.counters.exchangesCompleted++;
      this.counters.exchangesEqual++;
      out.events.push({ type: 'exchange-completed', peer: session.peer, group: session.group, segments: 0, setsSent: 0 });
      this.exchangeEnded(nowMs, out);
      return;
    }
    session.segments = leaves.length;
    const entries = this.entriesIn(session.group, new Set(leaves));
    out.send.push({ to: session.peer, message: { type: 'ae-entries', sid: session.sid, group: session.group, ring: this.ringFingerprint ?? '', segments: leaves, entries } });
  }

  /** A slice of an exchange a peer started: answer it from a snapshot of our tree. */
  private onResponderSlice(from: string, message: Extract<AntiEntropyMessage, { type: 'ae-tree' }>, nowMs: number, out: AntiEntropyOutput<V>): void {
    let session = this.responding.get(message.sid);
    if (session === undefined || session.from !== from) {
      const refusal = this.refusal(message.group, message.ring) ?? (this.responding.size >= this.settings.respondersMax ? 'busy' : undefined);
      if (refusal !== undefined) {
        out.send.push({ to: from, message: { type: 'ae-abort', sid: message.sid, reason: refusal } });
        return;
      }
      session = { from, exchange: new TreeExchange(this.treeOf(message.group).clone()), startedMs: nowMs };
      this.responding.set(message.sid, session);
    }
    const reply = this.exchangeStep(session.exchange, message.slice);
    if (reply === 'bad') {
      this.responding.delete(message.sid);
      out.send.push({ to: from, message: { type: 'ae-abort', sid: message.sid, reason: 'malformed slice' } });
      return;
    }
    if (reply !== null) out.send.push({ to: from, message: { type: 'ae-tree', sid: message.sid, group: message.group, ring: message.ring, slice: reply } });
    if (session.exchange.done) this.responding.delete(message.sid);
  }

  /** Why this node cannot compare `group` under the sender's ring, or undefined when it can. */
  private refusal(group: string, ring: string): string | undefined {
    if (ring !== this.ringFingerprint) return 'ring differs';
    if (this.rebuilding !== undefined) return 'rebuilding trees';
    if (!this.isMember(group)) return 'not a member of the group';
    return undefined;
  }

  /** The initiator's entries: send our newer or lone sets, ask for theirs. */
  private onEntries(from: string, message: Extract<AntiEntropyMessage, { type: 'ae-entries' }>, nowMs: number, out: AntiEntropyOutput<V>): void {
    const refusal = this.refusal(message.group, message.ring);
    if (refusal !== undefined) {
      out.send.push({ to: from, message: { type: 'ae-abort', sid: message.sid, reason: refusal } });
      return;
    }
    const mine = new KeyMap<AeEntry>();
    for (const entry of this.entriesIn(message.group, new Set(message.segments))) mine.set(entry.key, entry);
    const theirs = new KeyMap<AeEntry>();
    const max = this.settings.keysPerExchangeMax;
    const wanted: Key[] = [];
    const send: Key[] = [];
    for (const entry of message.entries) {
      if (this.groupOf(entry.key) !== message.group) continue; // not a key of this group by our ring
      theirs.set(entry.key, entry);
      const local = mine.get(entry.key);
      if (local !== undefined && bytesEqual(local.digest, entry.digest)) continue;
      if (wanted.length < max && !this.isAwaited(entry.key, nowMs)) wanted.push(entry.key);
      if (local !== undefined && send.length < max) send.push(entry.key);
    }
    const { exchangeTimeoutMs, keysPerExchangeMax, respondersMax } = this.settings;
    for (const key of wanted) if (this.awaited.size < keysPerExchangeMax * respondersMax) this.awaited.set(key, { key, untilMs: nowMs + exchangeTimeoutMs });
    for (const entry of mine.values()) if (!theirs.has(entry.key) && send.length < max) send.push(entry.key);
    let sent = 0;
    for (const key of send) if (this.sendSet(from, key, out)) sent++;
    out.send.push({ to: from, message: { type: 'ae-want', sid: message.sid, keys: wanted } });
    this.counters.setsSent += sent;
    this.counters.setsWanted += wanted.length;
    out.events.push({ type: 'exchange-answered', peer: from, group: message.group, setsSent: sent, setsWanted: wanted.length });
  }

  /** The responder's wants: our sets of those keys; the exchange is complete. */
  private onWant(from: string, sid: string, keys: readonly Key[], nowMs: number, out: AntiEntropyOutput<V>): void {
    const session = this.outgoing;
    if (session === undefined || session.sid !== sid || session.peer !== from) return; // late, or not ours
    let sent = 0;
    for (const key of keys.slice(0, this.settings.keysPerExchangeMax)) if (this.sendSet(from, key, out)) sent++;
    this.counters.exchangesCompleted++;
    this.counters.setsSent += sent;
    out.events.push({ type: 'exchange-completed', peer: from, group: session.group, segments: session.segments, setsSent: sent });
    this.exchangeEnded(nowMs, out, session.segments > 0);
  }

  /** Whether `key` was asked of some peer and may still arrive (an expired ask is forgotten). */
  private isAwaited(key: Key, nowMs: number): boolean {
    const ask = this.awaited.get(key);
    if (ask === undefined) return false;
    if (ask.untilMs > nowMs) return true;
    this.awaited.delete(key);
    return false;
  }

  /** Our set of `key` to `to`'s Replica, as a repair; false when we hold none. */
  private sendSet(to: string, key: Key, out: AntiEntropyOutput<V>): boolean {
    const set = this.config.store.get(key);
    if (set === undefined) return false;
    out.send.push({ to, message: { type: 'repair', key, hintFor: null, set: toPlain(set) } });
    return true;
  }

  /** One TreeExchange step; 'bad' when the peer's slice is malformed or out of turn. */
  private exchangeStep(exchange: TreeExchange, slice: Uint8Array): Uint8Array | null | 'bad' {
    if (exchange.done) return 'bad';
    try {
      return exchange.receive(slice);
    } catch (error) {
      if (error instanceof MerkleError) return 'bad';
      throw error;
    }
  }

  private drop(out: AntiEntropyOutput<V>, from: string, problem: string): void {
    this.counters.droppedMessages++;
    out.events.push({ type: 'message-dropped', from, problem });
  }
}

/** The newest timestamp among the set's siblings (a tombstone's age counts from it). */
function newestMs(set: SiblingSet<unknown>): number {
  let newest = 0;
  for (const sibling of set.siblings) newest = Math.max(newest, sibling.timestampMs);
  return newest;
}

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

// Defaults and limits of @kv/quorum, one place, each with its unit and the reason for its value
// (CONVENTIONS.md §8). Defaults are what a Coordinator or Replica uses when its config leaves a
// knob out; limits bound what a client request or a peer's message may make us hold.
import { pruneDefaults } from '@kv/vclock';
import type { Consistency } from './consistency.js';

/** Hard limits: requests beyond them get BAD_REQUEST, configs beyond them are assertion failures. */
export const quorumLimits = {
  /** Longest key in bytes (UTF-8 for strings): the data model's key limit (DESIGN.md §4). */
  keyBytesMax: 1024,
  /** Longest client request id in UTF-16 code units: room for a connection id plus a counter. */
  requestIdCharsMax: 128,
  /** Longest keyspace name in UTF-16 code units. */
  keyspaceCharsMax: 64,
  /**
   * Most replicas per key (N). Dynamo runs N = 3; a quorum over more than 16 copies costs 16
   * messages per request and buys no durability a Merkle repair would not. Bounds the target
   * list every forwarded write carries.
   */
  replicasMax: 16,
  /** Longest timeout a request may ask for, in ms: Riak's default request timeout (60 s). */
  timeoutMsMax: 60_000,
} as const;

export interface CoordinatorDefaults {
  /** Replicas per key for the `default` keyspace. */
  readonly n: number;
  /** Read quorum when a get names none. */
  readonly r: Consistency;
  /** Write quorum when a put or delete names none. */
  readonly w: Consistency;
  /** Whether down primaries are replaced by fallbacks (Dynamo §4.6) when a request does not say. */
  readonly sloppy: boolean;
  /** How long a request waits for R/W answers, in ms. */
  readonly requestTimeoutMs: number;
  /** Most requests in flight (including reads still collecting late answers for read repair). */
  readonly requestsInFlightMax: number;
}

export const coordinatorDefaults: CoordinatorDefaults = {
  // Dynamo §6: "the common (N,R,W) configuration used by several instances of Dynamo is (3,2,2)".
  n: 3,
  r: 'quorum',
  w: 'quorum',
  // Dynamo's "always writeable" default; a request passes `sloppy: false` for a strict quorum.
  sloppy: true,
  // Cassandra's write_request_timeout (2 s): a LAN round trip is < 1 ms (p99 ≈ 0.4 ms,
  // shared/notes/measurements.md) plus one fsync (≈ 10 ms), so 2 s only expires when a replica
  // is really gone, and still lets a client retry well within a human-visible delay.
  requestTimeoutMs: 2_000,
  // A pending request holds at most N answers of at most maxPairBytes (10 KiB) each: 4096 × 3 ×
  // 10 KiB ≈ 120 MiB in the worst case, a few MiB in practice. At ~100 k requests/s and ~1 ms
  // per request that is 40× the steady-state need; beyond it the node is overloaded anyway.
  requestsInFlightMax: 4_096,
};

export interface ReplicaDefaults {
  /** Most keys a replica keeps hinted for one absent owner; beyond it a hinted write is refused. */
  readonly hintsPerTargetMax: number;
  /** Handoff messages in flight (sent, not yet acknowledged) per owner: the handoff window. */
  readonly handoffInFlightMax: number;
  /** Period of the handoff timer, in ms: unacknowledged handoffs are resent after this long. */
  readonly handoffRetryMs: number;
  /** Clock pruning at the coordinating replica (vclock's defaults: Riak's small/big/young/old vclock). */
  readonly prune: typeof pruneDefaults;
}

export const replicaDefaults: ReplicaDefaults = {
  // 10 000 keys × maxPairBytes (10 KiB) ≤ 100 MiB of hints per absent node: an hour of a
  // 3-writes-per-second key range, and a bound a 64 GiB disk tolerates for every peer at once.
  hintsPerTargetMax: 10_000,
  // 16 sets in flight keep a LAN link busy (16 in flight ≈ 115 k ops/s on one connection,
  // measurements.md) while holding at most 16 × 10 KiB of sent sets per owner in memory.
  handoffInFlightMax: 16,
  // Gossip declares a node up within about a second; retrying once a second delivers hints
  // soon after, and a lost handoff message costs one second, not a stuck backlog.
  handoffRetryMs: 1_000,
  prune: pruneDefaults,
};

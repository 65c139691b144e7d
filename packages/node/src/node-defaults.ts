// Node defaults: every knob of NodeOptions with its unit and the reason for its value
// (CONVENTIONS.md §8). A node started without seeds is a single-node store, so its default N is 1.
import { protocolLimits } from '@kv/protocol';

export const nodeDefaults = {
  host: '127.0.0.1',
  /** One port for clients and peers. */
  port: 7070,
  cluster: 'kv',
  /** Development only: the node logs a warning when it runs with this secret. */
  secret: 'kv-development-secret',
  weight: 1,
  /** Replicas per key with seeds (a cluster); without seeds a node is alone, so 1. */
  n: 3,
  nAlone: 1,
  r: 'quorum',
  w: 'quorum',
  maxPairBytes: protocolLimits.maxPairBytesDefault,
  requestTimeoutMs: 2_000,
  /** An acknowledged write survives power loss; group commit amortises the fsync. */
  syncPolicy: 'always',
  cacheBytes: 64 * 1024 * 1024,
  memtableBytes: 16 * 1024 * 1024,
  /** Gossip round; suspicion after 6 rounds without a heartbeat → down detected in ≈ 3–5 s on loopback. */
  gossipIntervalMs: 500,
  suspicionRounds: 6,
  /** Each node starts one anti-entropy exchange this often (@kv/quorum's default). */
  antiEntropyIntervalMs: 10_000,
  /** Tombstones are purged after ten days (Cassandra's gc_grace_seconds), once every replica holds them. */
  tombstoneGraceMs: 10 * 24 * 3_600_000,
  clientConnectionsMax: 1024,
  requestsInFlightMax: 4096,
  connectionRequestsMax: 1024,
  clientFrameBytesMax: protocolLimits.clientFrameBytesMax,
  peerFrameBytesMax: protocolLimits.peerFrameBytesMax,
  socketBufferBytesMax: 8 * 1024 * 1024,
  /** Messages queued for one peer while its connection opens; past it new ones are dropped (gossip retries, quorum times out). */
  peerQueueMessagesMax: 16_384,
  /** Reconnect backoff to a peer: doubles from min to max. */
  peerBackoffMsMin: 100,
  peerBackoffMsMax: 2_000,
  /** How long close() waits for requests in flight before failing them. */
  drainMsMax: 2_000,
} as const;

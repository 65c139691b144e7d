// Node options: everything a kv node can be configured with, their defaults and validation.
// kv-server maps its flags, config file and environment onto this (apps/server).
import type { Consistency } from '@kv/protocol';

export type SyncPolicy = 'always' | 'never' | { readonly intervalMs: number };

export interface NodeOptions {
  /** Where the node keeps its data (lsm store: replicas' data, hints, node metadata). Required. */
  readonly dataDir: string;
  /** Interface to listen on (default 127.0.0.1). */
  readonly host?: string;
  /** Port for clients and peers (one WebSocket server; default 7070; 0 picks a free one). */
  readonly port?: number;
  /** Host other nodes and clients reach this node at (default: `host`). */
  readonly advertiseHost?: string;
  /** The node's id; default: the id stored in dataDir, else a new random one (stored before serving). */
  readonly nodeId?: string;
  /** Datacenter / zone, for zone-aware placement and local_quorum. */
  readonly zone?: string;
  /** Ring weight (vnodes ∝ weight; default 1). */
  readonly weight?: number;
  /** Peer URLs (ws://host:port) to join through; empty: a cluster of its own. */
  readonly seeds?: readonly string[];
  /** Cluster name; peers of another cluster are refused (default 'kv'). */
  readonly cluster?: string;
  /** Shared secret that authenticates peers (HMAC handshake); default a development secret (logged as a warning). */
  readonly secret?: string;
  /** Replicas per key for the default keyspace (default 3, or 1 for a node started without seeds). */
  readonly n?: number;
  /** Default read and write levels (default quorum). */
  readonly r?: Consistency;
  readonly w?: Consistency;
  /** Largest key + value (default 10 240 bytes = 10 KiB). */
  readonly maxPairBytes?: number;
  /** Default request timeout (default 2 000 ms). */
  readonly requestTimeoutMs?: number;
  /** Commit log fsync policy (default 'always': an acknowledged write survives power loss). */
  readonly syncPolicy?: SyncPolicy;
  /** lsm block cache (default 64 MiB) and memtable (default 16 MiB) sizes. */
  readonly cacheBytes?: number;
  readonly memtableBytes?: number;
  /** Gossip round interval (default 500 ms) — failure detection time scales with it. */
  readonly gossipIntervalMs?: number;
  /** How often the node starts an anti-entropy exchange with a replica (default 10 000 ms). */
  readonly antiEntropyIntervalMs?: number;
  /**
   * A tombstone older than this (default ten days) is purged once anti-entropy has shown every
   * replica of its group holds it and no node holds a hint for the key; 0 keeps tombstones.
   */
  readonly tombstoneGraceMs?: number;
  /** Client connections at most (default 1024); past it new connections are refused. */
  readonly clientConnectionsMax?: number;
  /** Requests in flight per node at most (default 4096); past it: OVERLOADED. */
  readonly requestsInFlightMax?: number;
  /** Requests in flight per client connection at most (default 1024); past it: OVERLOADED. */
  readonly connectionRequestsMax?: number;
  /** Largest client frame (default 1 MiB) and peer frame (default 32 MiB) decoded. */
  readonly clientFrameBytesMax?: number;
  readonly peerFrameBytesMax?: number;
  /** Bytes buffered for a slow client or peer socket before it counts as overloaded (default 8 MiB). */
  readonly socketBufferBytesMax?: number;
  /** Structured logger (pino-compatible); default: silent. */
  readonly logger?: Logger;
}

/** The subset of pino's API the node uses: `logger.info({ fields }, 'message')`. */
export interface Logger {
  debug(fields: object, message: string): void;
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

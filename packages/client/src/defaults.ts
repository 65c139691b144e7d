// Defaults of @kv/client, one place, each with its unit and the reason for its value
// (CONVENTIONS.md §8). `connect()` uses them where its options leave a knob out; every queue
// the client keeps is bounded by one of them.
import { protocolLimits } from '@kv/protocol';

/** The SDK's own version, sent in the hello's `agent` (a test keeps it equal to package.json's). */
export const clientVersion = '0.0.0';

export interface ReconnectDefaults {
  /** Backoff ceiling of the first retry, in ms; the n-th retry's ceiling doubles it n times. */
  readonly initialDelayMs: number;
  /** Largest backoff ceiling, in ms. */
  readonly maxDelayMs: number;
  /** Consecutive failed dials before the client gives up (waiting calls fail UNAVAILABLE). */
  readonly attemptsMax: number;
}

export interface ClientDefaults {
  /** Per-request time budget, in ms: waiting for a connection or a pipeline slot plus the node's work. */
  readonly timeoutMs: number;
  /**
   * How long past a request's deadline the client still waits for the node's own TIMEOUT reply
   * (which carries the receipt) before failing the call itself, in ms.
   */
  readonly replyGraceMs: number;
  /** Requests in flight (sent, unanswered) on one connection. */
  readonly pipelineMax: number;
  /** Calls waiting for a connection or a pipeline slot; one more fails OVERLOADED at once. */
  readonly queuedMax: number;
  /** Time from opening a socket to the node's welcome, in ms; past it the dial counts as failed. */
  readonly connectTimeoutMs: number;
  /** Largest server frame the client decodes, in bytes (Node only; browsers cannot bound a message). */
  readonly replyFrameBytesMax: number;
  /** Most node URLs the client remembers (listed + learned from welcomes). */
  readonly nodesMax: number;
  /** How long `close()` waits for the socket's closing handshake, in ms. */
  readonly closeWaitMs: number;
  readonly reconnect: ReconnectDefaults;
}

export const clientDefaults: ClientDefaults = {
  // The node's own requestTimeoutMs default (Cassandra's 2 s, @kv/quorum's coordinatorDefaults):
  // a LAN quorum round is a few ms, so 2 s only expires when replicas are really gone.
  timeoutMs: 2_000,
  // A LAN round trip is < 1 ms; 200 ms covers a node whose event loop is busy when its own
  // timer fires, so the node's TIMEOUT (with the receipt of what was achieved) normally wins.
  replyGraceMs: 200,
  // 1024 requests in flight keep one connection at the ~100 k requests/s a node serves
  // (measurements: 16 in flight ≈ 115 k ops/s on loopback); equal to messagesPerFrameMax, so a
  // full pipeline still fits one frame.
  pipelineMax: 1_024,
  // A queued put holds its value (≤ maxPairBytes, 10 KiB by default): 1024 × 10 KiB ≈ 10 MiB in
  // the worst case. Past that the application is producing faster than the cluster serves.
  queuedMax: 1_024,
  // A dial is a TCP connect plus one round trip; 5 s tolerates a node that is starting up.
  connectTimeoutMs: 5_000,
  // The protocol's ceiling for a node's frames (32 MiB): ≤ 1024 replies of a few 10 KiB siblings
  // and a receipt each. It bounds what a broken node can make the client buffer.
  replyFrameBytesMax: protocolLimits.serverFrameBytesMax,
  // A cluster of up to 64 nodes is fully remembered; beyond that the listed ones and the first
  // learned ones are enough to find the rest.
  nodesMax: 64,
  // A node answers a close frame within a round trip; a dead one must not hold up close().
  closeWaitMs: 1_000,
  reconnect: {
    // AWS's "Exponential Backoff And Jitter": full jitter, base 100 ms, cap 5 s. A restarted node
    // is back within seconds; a dead one costs ≈ 8 s of dialing (expected) before giving up.
    initialDelayMs: 100,
    maxDelayMs: 5_000,
    attemptsMax: 8,
  },
};

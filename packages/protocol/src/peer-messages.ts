// Node ↔ node messages (exported from `@kv/protocol/peer`, so the browser client never bundles
// them). A node dials one connection per peer and sends on it; the same framing as clients
// (a frame is a CBOR array of messages), coalescing everything queued for a peer in one
// event-loop turn into one frame (DESIGN.md §7).
//
// The handshake is mutual and authenticated with the cluster secret: the dialer sends
// `peer-hello` with a fresh nonce, the time and a proof; the acceptor checks the proof and the
// time window and answers `peer-welcome` with its own proof over the same nonce. The proofs are
// HMAC-SHA256 computed by the node runtime (this package only defines what is signed:
// `peerProofInput`). Payloads of `gossip` and `quorum` messages are validated by @kv/gossip and
// @kv/quorum themselves, which never trust their input; here they are only checked to be present.

export interface PeerHelloMessage {
  readonly t: 'peer-hello';
  readonly versionMin: number;
  readonly versionMax: number;
  readonly cluster: string;
  /** The dialer's node id and its generation. */
  readonly node: string;
  readonly generation: number;
  /** The dialer's peer address (the URL gossip knows it by). */
  readonly address: string;
  /** 16..64 random bytes, fresh per connection. */
  readonly nonce: Uint8Array;
  /** The dialer's wall-clock time (ms since the epoch); the acceptor refuses a skew over its window. */
  readonly timeMs: number;
  /** HMAC-SHA256(secret, peerProofInput('hello', …)): 32 bytes. */
  readonly proof: Uint8Array;
}

export interface PeerWelcomeMessage {
  readonly t: 'peer-welcome';
  readonly version: number;
  readonly node: string;
  readonly generation: number;
  /** HMAC-SHA256(secret, peerProofInput('welcome', …)) over the dialer's nonce. */
  readonly proof: Uint8Array;
}

/** A @kv/gossip message; `from` is the sender's gossip address. */
export interface GossipPeerMessage {
  readonly t: 'gossip';
  readonly from: string;
  readonly m: unknown;
}

/** A @kv/quorum message; `from` is the sender's node id. */
export interface QuorumPeerMessage {
  readonly t: 'quorum';
  readonly from: string;
  readonly m: unknown;
}

/** Refusal of a handshake or a frame (then the acceptor closes the connection). */
export interface PeerErrorMessage {
  readonly t: 'peer-error';
  readonly code: 'VERSION_MISMATCH' | 'UNAUTHORIZED' | 'BAD_FRAME' | 'FRAME_TOO_LARGE' | 'OVERLOADED';
  readonly message: string;
}

export type PeerMessage = PeerHelloMessage | PeerWelcomeMessage | GossipPeerMessage | QuorumPeerMessage | PeerErrorMessage;

// Client ↔ node messages: the shapes a frame carries between an SDK (or the CLI) and any node
// (PROTOCOL.md, "Messages"). Every message is a CBOR map with a `t` (type) field; requests carry
// an `id` (1..2^53-1, chosen by the client, unique among its requests in flight on that
// connection) and every reply echoes it, so many requests share one connection.
//
// Keys are UTF-8 strings or byte strings (1..1024 bytes); values are byte strings (the SDK
// encodes JS values with CBOR on top). Contexts are the opaque tokens of @kv/vclock.
import type { ErrorCode } from './error-codes.js';

export type Key = string | Uint8Array;

/** A consistency level: a replica count, or a named level resolved against N. */
export type Consistency = number | 'one' | 'quorum' | 'all' | 'local_quorum';

// ---- client → node ----------------------------------------------------------------------------

/** The first message on a connection. The node answers `welcome` or an `error` (VERSION_MISMATCH). */
export interface HelloMessage {
  readonly t: 'hello';
  readonly versionMin: number;
  readonly versionMax: number;
  /** Who is connecting, for the node's logs (e.g. `@kv/client/0.1.0 node`), ≤ 128 chars. */
  readonly agent: string;
}

interface RequestFields {
  readonly id: number;
  readonly key: Key;
  /** Replication policy (default `default`). */
  readonly keyspace?: string;
  /** 1..60 000 ms; default the node's requestTimeoutMs. */
  readonly timeoutMs?: number;
  /** false: strict quorum (primaries only, no hinted handoff). Default the node's setting (true). */
  readonly sloppy?: boolean;
}

export interface GetMessage extends RequestFields {
  readonly t: 'get';
  readonly r?: Consistency;
}

export interface PutMessage extends RequestFields {
  readonly t: 'put';
  readonly value: Uint8Array;
  /** The context token of the read this write follows; absent: a new sibling. */
  readonly context?: string;
  readonly w?: Consistency;
}

export interface DeleteMessage extends RequestFields {
  readonly t: 'delete';
  /** Required: the context of the read this delete supersedes. */
  readonly context: string;
  readonly w?: Consistency;
}

/** Admin: the node's view of the cluster (the CLI's `kv status`). */
export interface StatusMessage {
  readonly t: 'status';
  readonly id: number;
}

/** Admin: the ring (the CLI's `kv ring`). */
export interface RingMessage {
  readonly t: 'ring';
  readonly id: number;
}

/** Admin: start an anti-entropy repair round on this node now (the CLI's `kv repair`). */
export interface RepairRequestMessage {
  readonly t: 'repair';
  readonly id: number;
}

export type ClientMessage = HelloMessage | GetMessage | PutMessage | DeleteMessage | StatusMessage | RingMessage | RepairRequestMessage;
export type ClientRequestMessage = GetMessage | PutMessage | DeleteMessage | StatusMessage | RingMessage | RepairRequestMessage;

// ---- node → client ----------------------------------------------------------------------------

export interface WelcomeMessage {
  readonly t: 'welcome';
  readonly version: number;
  /** The node's id and the cluster's name. */
  readonly node: string;
  readonly cluster: string;
  /** The largest frame this node decodes from a client. */
  readonly frameBytesMax: number;
  /** The largest key + value this cluster stores. */
  readonly maxPairBytes: number;
  /** Client URLs of the members this node knows to be up (the SDK can reconnect to them). */
  readonly nodes: readonly string[];
}

/** One node's answer (reads) or acknowledgement (writes), as the receipt records it. */
export interface ReceiptAck {
  readonly node: string;
  readonly role: 'primary' | 'fallback';
  /** A fallback's down primary, for whom it stored a hint. */
  readonly hintFor?: string;
  readonly zone?: string;
  /** Whether it counted towards R/W (false: outside the zone of a local_quorum request). */
  readonly counted: boolean;
}

/** What a request achieved (the @kv/quorum receipt, on the wire). Every result carries one. */
export interface Receipt {
  /** The level asked for, and the replica count it resolved to. */
  readonly consistency: Consistency;
  readonly required: number;
  readonly sloppy: boolean;
  readonly zone?: string;
  /** The key's primaries in preference order. */
  readonly primaries: readonly string[];
  /** The nodes the request went to (primaries, and fallbacks with the primary they stand in for). */
  readonly targets: readonly { readonly node: string; readonly hintFor?: string }[];
  /** Down primaries that got no fallback. */
  readonly uncovered: readonly string[];
  /** The replica that coordinated a write (generated its version). */
  readonly coordinatedBy?: string;
  readonly acks: readonly ReceiptAck[];
  readonly refusals: readonly { readonly node: string; readonly reason: string }[];
  readonly hintsWritten: readonly { readonly node: string; readonly hintFor: string }[];
  /** Reads: the replicas did not all answer the same versions. */
  readonly divergent: boolean;
  /** Reads: replicas that were sent the merged versions. */
  readonly readRepairs: readonly string[];
  /** The node the client sent the request to. */
  readonly servedBy: string;
  readonly durationMs: number;
}

export interface GetReplyMessage {
  readonly t: 'got';
  readonly id: number;
  /** false: no live value (never written, or deleted). `values` is then empty. */
  readonly found: boolean;
  /** Every concurrent live sibling (more than one: a conflict the reader must resolve). */
  readonly values: readonly Uint8Array[];
  /** The causal context: a put or delete with it supersedes exactly these values. */
  readonly context: string;
  readonly receipt: Receipt;
}

export interface WriteReplyMessage {
  readonly t: 'done';
  readonly id: number;
  /** Siblings at the coordinating replica after the write (1 = no concurrent versions). */
  readonly siblings?: number;
  readonly receipt: Receipt;
}

export interface ErrorMessage {
  readonly t: 'error';
  /** The request's id; null when the error is about a frame or message whose id is unknown. */
  readonly id: number | null;
  readonly code: ErrorCode;
  readonly message: string;
  /** For UNAVAILABLE/TIMEOUT: what the request achieved before it failed. */
  readonly receipt?: Receipt;
}

export interface MemberInfo {
  readonly id: string;
  /** Client URL (ws://host:port). */
  readonly url: string;
  readonly status: 'up' | 'suspect' | 'down' | 'left';
  readonly generation: number;
  readonly zone?: string;
  /** Milliseconds since this node last heard of the member's heartbeat advancing. */
  readonly lastHeardMs?: number;
}

export interface StatusReplyMessage {
  readonly t: 'status-reply';
  readonly id: number;
  readonly node: string;
  readonly cluster: string;
  readonly generation: number;
  readonly uptimeMs: number;
  readonly members: readonly MemberInfo[];
  /** Hinted keys this node holds, per down owner. */
  readonly hints: Readonly<Record<string, number>>;
  readonly requestsInFlight: number;
  readonly keyspaces: Readonly<Record<string, { readonly n: number }>>;
  /** Anti-entropy on this node (absent from nodes that predate it). */
  readonly antiEntropy?: AntiEntropyInfo;
}

export interface AntiEntropyInfo {
  /** Replica groups this node is a member of, and the keys it holds as a primary. */
  readonly groups: number;
  readonly keys: number;
  readonly exchangesCompleted: number;
  readonly exchangesAborted: number;
  /** Sets this node sent to replicas that lacked or differed on them. */
  readonly setsSent: number;
  /** The latest repair round (`repair`), if any. */
  readonly round?: { readonly pairsTotal: number; readonly pairsDone: number; readonly finished: boolean; readonly elapsedMs: number };
}

/** The repair round started: `pairsTotal` exchanges (each group with each other member). */
export interface RepairReplyMessage {
  readonly t: 'repair-reply';
  readonly id: number;
  readonly pairsTotal: number;
}

export interface RingReplyMessage {
  readonly t: 'ring-reply';
  readonly id: number;
  readonly vnodes: number;
  /** Per member: its vnodes and the fraction of the hash space it owns (as a primary). */
  readonly owners: readonly { readonly node: string; readonly zone?: string; readonly weight: number; readonly vnodes: number; readonly share: number }[];
}

export type ServerMessage = WelcomeMessage | GetReplyMessage | WriteReplyMessage | ErrorMessage | StatusReplyMessage | RingReplyMessage | RepairReplyMessage;

// Messages: everything one node's quorum cores send another's, as plain data (strings,
// numbers, null, arrays, objects and the caller's value type) that the protocol package can
// CBOR as is. Sibling sets travel in vclock's plain encoding (`toPlain`: actor ids written
// once, a documented grammar); the receiver decodes and validates them with `fromPlain`.
// Absent fields are `null`, never missing, so every message has one shape on the wire.
//
// Flows (→ = one message; the receiving role in brackets):
//   put/delete: origin ─coordinate→ [replica] coordinating replica ─replicate→ [replica] other targets
//               every target (coordinating replica included) ─write-ack→ [coordinator] origin
//   get:        origin ─read→ [replica] each target ─read-reply→ [coordinator] origin
//               origin ─repair→ [replica] each answering replica that is behind (no answer)
//   handoff:    fallback ─handoff→ [replica] owner ─handoff-ack→ [replica] fallback
//   anti-entropy: ae-tree / ae-entries / ae-want / ae-abort between [anti-entropy] cores, and
//               repair→ [replica] with the sets (anti-entropy-messages.ts)
import type { Dot, PlainSet } from '@kv/vclock';
import type { AntiEntropyMessage } from './anti-entropy-messages.js';
import { antiEntropyTypes } from './anti-entropy-messages.js';
import type { Key } from './key.js';
import type { Target } from './replica-plan.js';

/** The write a coordinating replica applies: a value, or a tombstone (a delete). */
export type WriteOperation<V> = { readonly tombstone: false; readonly value: V } | { readonly tombstone: true };

/** Origin → coordinating replica: apply this write to your own set as your actor, then replicate it. */
export interface CoordinateMessage<V> {
  readonly type: 'coordinate';
  /** The origin coordinator's id for this request; acks echo it. */
  readonly opId: string;
  /** The node whose coordinator collects the acks. */
  readonly origin: string;
  readonly key: Key;
  /** Every target of the write, the recipient among them; fallbacks carry `hintFor`. */
  readonly targets: readonly Target[];
  /** The client's context token (`encodeContext`), or null for a blind write. */
  readonly context: string | null;
  readonly write: WriteOperation<V>;
}

/** Coordinating replica → another target: sync this set into yours (or into the hint for `hintFor`). */
export interface ReplicateMessage<S> {
  readonly type: 'replicate';
  readonly opId: string;
  readonly origin: string;
  readonly key: Key;
  /** The primary this target stands in for, or null when the target is a primary. */
  readonly hintFor: string | null;
  readonly set: S;
  /** The dot of the write this set carries (for the receipt). */
  readonly dot: Dot;
}

/** Origin → target: send me your set for this key. */
export interface ReadMessage {
  readonly type: 'read';
  readonly opId: string;
  readonly key: Key;
  /** For a fallback: the primary whose hinted set to include. */
  readonly hintFor: string | null;
}

/** Origin → an answering replica that is behind: sync this merged set into yours. Not acknowledged. */
export interface RepairMessage<S> {
  readonly type: 'repair';
  readonly key: Key;
  readonly hintFor: string | null;
  readonly set: S;
}

/** Fallback → owner that is up again: a hinted set to sync into your store. */
export interface HandoffMessage<S> {
  readonly type: 'handoff';
  /** Per-fallback sequence number; the ack echoes it, so a late ack of an older send is ignored. */
  readonly seq: number;
  readonly key: Key;
  readonly set: S;
}

/** Owner → fallback: the handoff with this `seq` is stored; the hint can go. */
export interface HandoffAckMessage {
  readonly type: 'handoff-ack';
  readonly seq: number;
  readonly key: Key;
}

/** Why a target did not store a write. */
export type RefusalReason = 'hints-full' | 'not-a-target';

/** Target → origin: what became of the write. */
export interface WriteAckMessage {
  readonly type: 'write-ack';
  readonly opId: string;
  /** `stored` in the replica store (a primary), `hinted` in the hint store (a fallback), or `refused`. */
  readonly outcome: 'stored' | 'hinted' | 'refused';
  readonly reason: RefusalReason | null;
  /** The write's dot (null when the target never saw it, e.g. `not-a-target`). */
  readonly dot: Dot | null;
  /** Siblings in the coordinating replica's set after the write; null from other targets. */
  readonly siblings: number | null;
}

/** Target → origin: my set for the key (merged with the hinted one for `hintFor`), or null. */
export interface ReadReplyMessage<S> {
  readonly type: 'read-reply';
  readonly opId: string;
  readonly set: S | null;
}

/** Messages a Replica handles, with sets of representation S. */
export type ReplicaMessageOf<V, S> =
  | CoordinateMessage<V>
  | ReplicateMessage<S>
  | ReadMessage
  | RepairMessage<S>
  | HandoffMessage<S>
  | HandoffAckMessage;

/** Messages a Coordinator handles. */
export type CoordinatorMessageOf<S> = WriteAckMessage | ReadReplyMessage<S>;

/** Every message as it travels: sets in plain encoding. */
export type QuorumMessage<V> = ReplicaMessageOf<V, PlainSet<V>> | CoordinatorMessageOf<PlainSet<V>> | AntiEntropyMessage;

/** An outgoing message and the node it goes to (the sender is the node whose core produced it). */
export interface Envelope<V> {
  readonly to: string;
  readonly message: QuorumMessage<V>;
}

const replicaTypes: ReadonlySet<string> = new Set(['coordinate', 'replicate', 'read', 'repair', 'handoff', 'handoff-ack']);
const coordinatorTypes: ReadonlySet<string> = new Set(['write-ack', 'read-reply']);

/**
 * Which core of the receiving node handles a message: the node routes every incoming message
 * by this (on its `type` alone; the core validates the rest). undefined: not a quorum message.
 */
export function roleOf(message: unknown): 'coordinator' | 'replica' | 'anti-entropy' | undefined {
  if (typeof message !== 'object' || message === null) return undefined;
  const type = (message as { type?: unknown }).type;
  if (typeof type !== 'string') return undefined;
  if (replicaTypes.has(type)) return 'replica';
  if (coordinatorTypes.has(type)) return 'coordinator';
  if (antiEntropyTypes.has(type)) return 'anti-entropy';
  return undefined;
}

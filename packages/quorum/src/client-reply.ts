// Client replies: what the Coordinator answers each client request with, as plain data plus
// a QuorumError for failures. Every success and every failure after planning carries a Receipt.
import type { Dot } from '@kv/vclock';
import type { QuorumError } from './errors.js';
import type { Receipt } from './receipt.js';

export interface GetResult<V> {
  readonly requestId: string;
  readonly ok: true;
  readonly op: 'get';
  /** false when no replica that answered holds a live value (never written, or deleted). */
  readonly found: boolean;
  /** Every concurrent live sibling, in canonical (dot) order. */
  readonly values: V[];
  /** The causal context token: a put or delete with it supersedes exactly these values. */
  readonly context: string;
  readonly receipt: Receipt;
}

export interface WriteResult {
  readonly requestId: string;
  readonly ok: true;
  readonly op: 'put' | 'delete';
  /** The write's dot (actor, counter): its identity for history checkers. */
  readonly dot: Dot | undefined;
  /** Siblings at the coordinating replica after the write (1 = no concurrent versions there). */
  readonly siblings: number | undefined;
  readonly receipt: Receipt;
}

export interface FailedReply {
  readonly requestId: string;
  readonly ok: false;
  readonly error: QuorumError;
}

export type ClientReply<V> = GetResult<V> | WriteResult | FailedReply;

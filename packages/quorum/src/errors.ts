// Errors: the one typed error @kv/quorum reports for operating failures (a malformed client
// request, too few replicas reachable, a request that ran out of time, too many requests in
// flight), and the assertion used for broken invariants. The code names are the ones the kv
// wire protocol uses, so a node turns a QuorumError straight into an error frame
// (CONVENTIONS.md §7). Nothing here is thrown out of `step`: failures arrive as replies.
import type { Receipt } from './receipt.js';

/**
 * The closed set of QuorumError codes, and what the caller should do about each.
 * - `BAD_REQUEST`: the request is malformed (key, value, context token, consistency level,
 *   keyspace, timeout, duplicate request id). It fails the same way again: fix it, do not retry.
 * - `UNAVAILABLE`: fewer replicas than the request needs are reachable according to the
 *   cluster view (or the ones that answered refused). Nothing was acknowledged; retry after the
 *   view changes, or ask for a lower R/W.
 * - `TIMEOUT`: the request did not gather R/W answers in time. A write may still have been
 *   applied by some replicas (the receipt says which acked); a retry with the same context is
 *   safe but can leave the value twice as two siblings. A read can simply be retried.
 * - `OVERLOADED`: too many requests are in flight on this coordinator. Nothing was sent; back
 *   off and retry.
 */
export type QuorumErrorCode = 'BAD_REQUEST' | 'UNAVAILABLE' | 'TIMEOUT' | 'OVERLOADED';

const retryableCodes: Readonly<Record<QuorumErrorCode, boolean>> = {
  BAD_REQUEST: false,
  UNAVAILABLE: true,
  TIMEOUT: true,
  OVERLOADED: true,
};

export class QuorumError extends Error {
  override readonly name = 'QuorumError';
  readonly code: QuorumErrorCode;
  /** Whether the same request may succeed later (see the code's doc line). */
  readonly retryable: boolean;
  /** What happened before the failure: who was asked, who acked. Absent for BAD_REQUEST / OVERLOADED. */
  readonly receipt: Receipt | undefined;

  constructor(code: QuorumErrorCode, message: string, options: { readonly receipt?: Receipt; readonly cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.retryable = retryableCodes[code];
    this.receipt = options.receipt;
  }
}

/** Thrown only for broken invariants (a bug here or a broken caller contract); never catch it to carry on. */
export class QuorumAssertionError extends Error {
  override readonly name = 'QuorumAssertionError';
}

export function assert(condition: boolean, message: string): asserts condition {
  if (!condition) throw new QuorumAssertionError(`@kv/quorum invariant broken: ${message}`);
}

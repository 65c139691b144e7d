// Errors: the one typed error @kv/gossip throws, for bad local API use (an invalid option, an
// input of the wrong shape, time running backwards, `start` twice), and the assertion used for
// broken invariants. Bad input from the network is never an error: a malformed or
// unsupported message is dropped and counted in `stats()` (a peer must not be able to make
// `step` throw). The code name is the kv wire protocol's (CONVENTIONS.md §7).

/**
 * The closed set of GossipError codes.
 * - `BAD_REQUEST`: the caller used the API wrongly (see the message). It fails the same way
 *   again; fix the calling code or configuration, do not retry.
 */
export type GossipErrorCode = 'BAD_REQUEST';

export class GossipError extends Error {
  override readonly name = 'GossipError';
  readonly code: GossipErrorCode;
  /** Always false: the same call fails the same way. */
  readonly retryable = false;

  constructor(code: GossipErrorCode, message: string, options?: { readonly cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
  }
}

/** Shorthand for the only code there is. */
export function badRequest(message: string): GossipError {
  return new GossipError('BAD_REQUEST', message);
}

/** A programmer error: an invariant of this package does not hold. Never caught. */
export function assert(condition: boolean, message: string): asserts condition {
  if (!condition) throw new Error(`@kv/gossip assertion failed: ${message}`);
}

// Errors: the one typed error @kv/merkle throws for bad input (a malformed slice or entry list
// from a peer, a key that is too long, an impossible tree shape), and the assertion used for
// broken invariants. The code names are the ones the kv wire protocol uses, so a node can turn
// a MerkleError straight into an error frame (CONVENTIONS.md §7).

/**
 * The closed set of MerkleError codes.
 * - `BAD_REQUEST`: the input was malformed or out of bounds; it will fail the same way again.
 *   Fix or drop the input (a peer sending it is buggy or hostile); do not retry.
 */
export type MerkleErrorCode = 'BAD_REQUEST';

export class MerkleError extends Error {
  override readonly name = 'MerkleError';
  readonly code: MerkleErrorCode;
  /** Always false: the same input fails the same way. */
  readonly retryable = false;

  constructor(code: MerkleErrorCode, message: string, options?: { readonly cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
  }
}

/** Shorthand for the only code there is. */
export function badRequest(message: string, options?: { readonly cause?: unknown }): MerkleError {
  return new MerkleError('BAD_REQUEST', message, options);
}

/** A programmer error: an invariant of this package does not hold. Never caught. */
export function assert(condition: boolean, message: string): asserts condition {
  if (!condition) throw new Error(`@kv/merkle assertion failed: ${message}`);
}

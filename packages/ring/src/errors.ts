// RingError: the one operating error of @kv/ring. Bad input from a caller (an invalid member
// list, option, replica count, position or zone map) is refused with a typed error and a
// message that names the offending field, before anything is built. The `code` union is
// closed and uses the same names as the wire protocol, so a server can forward it as it is.
// Broken internal invariants are not RingErrors: they are `assert` failures (see assert.ts).

/**
 * The codes a {@link RingError} can carry.
 *
 * - `BAD_REQUEST`: the input is invalid (the message says which field and why). Retrying the
 *   same call cannot succeed; fix the input (membership config, `n`, position, zone map).
 */
export type RingErrorCode = 'BAD_REQUEST';

export class RingError extends Error {
  override readonly name = 'RingError';
  readonly code: RingErrorCode;
  /** Always false: the same input fails the same way (the ring is a pure function). */
  readonly retryable = false;

  constructor(code: RingErrorCode, message: string, options?: { readonly cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
  }
}

/** Shorthand for the only code there is. */
export function badRequest(message: string): RingError {
  return new RingError('BAD_REQUEST', message);
}

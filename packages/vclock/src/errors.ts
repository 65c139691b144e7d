// Operating errors: malformed input that reached this package from outside the process (a
// client's context token, a peer's or the disk's plain-data set). They carry a closed `code`
// union whose names are the wire protocol's error codes, so protocol can forward them as is.

/**
 * - `BAD_REQUEST`: the input is malformed (truncated, corrupted, wrong version, over a limit,
 *   unsorted or duplicate actors, a sibling outside its context). Retrying the same input
 *   fails the same way; a client should drop the token and read the key again.
 */
export type VclockErrorCode = 'BAD_REQUEST';

export class VclockError extends Error {
  override readonly name = 'VclockError';
  readonly code: VclockErrorCode;
  /** Always false: the same input fails the same way. */
  readonly retryable = false;

  constructor(code: VclockErrorCode, message: string, options?: { readonly cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

export function badRequest(message: string): VclockError {
  return new VclockError('BAD_REQUEST', message);
}

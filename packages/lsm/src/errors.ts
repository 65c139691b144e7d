// Errors: the typed error @kv/lsm throws for operating failures (bad arguments, a closed store,
// corrupt bytes on disk, an IO failure), and the assertion used for broken invariants. The codes
// are the ones the kv wire protocol uses, so a node can turn an LsmError into an error frame
// (CONVENTIONS.md §7).

/**
 * The closed set of LsmError codes, with what the caller should do.
 * - `BAD_REQUEST`: an argument was malformed (wrong type, empty or oversized key, bad option).
 *   Nothing was written. Fix the call; retrying fails the same way.
 * - `NOT_OPEN`: the store is closed or not yet open. Open it (or stop using the handle).
 * - `NOT_FOUND`: `createIfMissing: false` and the directory holds no store.
 * - `CORRUPTION`: bytes on disk fail their checksum or grammar. The message names the file and
 *   byte offset. No value is returned from damaged bytes; restore the file from a replica.
 * - `IO_ERROR`: the file system refused an operation (disk full, permissions). The operation
 *   did not complete; it may succeed once the cause is fixed.
 * - `LOCKED`: another process holds the store's LOCK file. Close the other handle first.
 */
export type LsmErrorCode = 'BAD_REQUEST' | 'NOT_OPEN' | 'NOT_FOUND' | 'CORRUPTION' | 'IO_ERROR' | 'LOCKED';

export class LsmError extends Error {
  override readonly name = 'LsmError';
  readonly code: LsmErrorCode;
  /** True where the same call can succeed later without changing it (IO_ERROR, LOCKED). */
  readonly retryable: boolean;

  constructor(code: LsmErrorCode, message: string, options?: { readonly cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.retryable = code === 'IO_ERROR' || code === 'LOCKED';
  }
}

export function badRequest(message: string): LsmError {
  return new LsmError('BAD_REQUEST', message);
}

/** Damaged bytes: always names the file and the byte offset where the damage was found. */
export function corruption(file: string, offset: number, what: string): LsmError {
  return new LsmError('CORRUPTION', `${file} @ ${offset}: ${what}`);
}

/** A programmer error: an invariant of this package does not hold. Never caught. */
export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(`@kv/lsm assertion failed: ${message}`);
}

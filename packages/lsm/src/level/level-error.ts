// LevelError: the error LsmLevel throws, shaped like abstract-level's `ModuleError` (an Error with
// an uppercase `code` and an optional `cause`) so abstract-level code paths and its users can
// branch on `err.code`. It exists to translate the engine's LsmError codes into abstract-level's
// documented codes (README "Errors") while keeping the engine error as `cause`.

import { LsmError } from '../errors.js';
import type { LsmErrorCode } from '../errors.js';

/** The abstract-level codes this adapter produces itself. */
export type LevelErrorCode =
  | 'LEVEL_DATABASE_NOT_OPEN'
  | 'LEVEL_LOCKED'
  | 'LEVEL_CORRUPTION'
  | 'LEVEL_IO_ERROR'
  | 'LEVEL_INVALID_KEY'
  | 'LEVEL_INVALID_VALUE'
  | 'LEVEL_SNAPSHOT_NOT_OPEN'
  /** open() with createIfMissing: false found no store (the `cause` of LEVEL_DATABASE_NOT_OPEN). */
  | 'LEVEL_NOT_FOUND';

export class LevelError extends Error {
  override readonly name = 'LevelError';
  readonly code: LevelErrorCode;

  constructor(code: LevelErrorCode, message: string, options?: { readonly cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
  }
}

/**
 * Translates an engine failure into abstract-level's vocabulary; anything that is not an
 * LsmError (an assertion, a TypeError) passes through untouched. `badRequestAs` says what
 * BAD_REQUEST means for the calling operation (an invalid key for reads and deletes, an invalid
 * value for writes, whose keys LsmLevel has already checked); 'keep' leaves it an LsmError (a
 * bad option on open, which abstract-level reports as the `cause` of LEVEL_DATABASE_NOT_OPEN).
 */
export function toLevelError(
  err: unknown,
  badRequestAs: 'LEVEL_INVALID_KEY' | 'LEVEL_INVALID_VALUE' | 'keep',
): unknown {
  if (!isLsmError(err)) return err;
  if (err.code === 'BAD_REQUEST') {
    return badRequestAs === 'keep' ? err : new LevelError(badRequestAs, err.message, { cause: err });
  }
  const code = (CODE_OF as Partial<Record<string, LevelErrorCode>>)[err.code]; // a newer engine's code: pass through
  return code === undefined ? err : new LevelError(code, err.message, { cause: err });
}

const CODE_OF: Record<Exclude<LsmErrorCode, 'BAD_REQUEST'>, LevelErrorCode> = {
  NOT_OPEN: 'LEVEL_DATABASE_NOT_OPEN',
  NOT_FOUND: 'LEVEL_NOT_FOUND',
  LOCKED: 'LEVEL_LOCKED',
  CORRUPTION: 'LEVEL_CORRUPTION',
  IO_ERROR: 'LEVEL_IO_ERROR',
};

/**
 * An engine failure to open, as the `cause` abstract-level wraps in LEVEL_DATABASE_NOT_OPEN. A
 * missing store is reworded the way abstract-level's suite (and its users) expect: "does not exist".
 */
export function toOpenError(err: unknown, location: string): unknown {
  if (isLsmError(err) && err.code === 'NOT_FOUND') {
    return new LevelError('LEVEL_NOT_FOUND', `Database ${location} does not exist (createIfMissing is false)`, { cause: err });
  }
  return toLevelError(err, 'keep');
}

// By name too: the CJS builds of `@kv/lsm` and `@kv/lsm/level` each carry their own LsmError class.
function isLsmError(err: unknown): err is LsmError {
  return err instanceof LsmError || (err instanceof Error && err.name === 'LsmError' && 'code' in err);
}

/** The error for a key the engine cannot store (longer than its keyBytesMax). */
export function keyTooLong(keyBytes: number, keyBytesMax: number): LevelError {
  return new LevelError('LEVEL_INVALID_KEY', `key is ${keyBytes} bytes, more than keyBytesMax (${keyBytesMax})`);
}

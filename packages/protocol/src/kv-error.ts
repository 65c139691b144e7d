// KvError: the one error type for operating errors anywhere in kv (CONVENTIONS.md §7). It
// carries a code from the closed table in error-codes.ts, whether a retry may help, and for
// UNAVAILABLE/TIMEOUT the receipt of what the request achieved. It converts to and from the
// wire's `error` message, so a client throws the very code the node reported.
import { errorCodeTable, type ErrorCode } from './error-codes.js';
import { protocolLimits } from './limits.js';
import type { ErrorMessage, Receipt } from './messages.js';

export interface KvErrorOptions {
  readonly receipt?: Receipt;
  readonly cause?: unknown;
}

export class KvError extends Error {
  override readonly name = 'KvError';
  readonly code: ErrorCode;
  /** May the same request succeed if sent again (errorCodeTable[code].retryable)? */
  readonly retryable: boolean;
  /** What the request achieved before it failed (UNAVAILABLE, TIMEOUT); undefined otherwise. */
  readonly receipt: Receipt | undefined;

  constructor(code: ErrorCode, message: string, options: KvErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.retryable = errorCodeTable[code].retryable;
    this.receipt = options.receipt;
  }

  /** The error a client raises for an `error` message it received. */
  static fromMessage(m: ErrorMessage): KvError {
    return new KvError(m.code, m.message, m.receipt === undefined ? {} : { receipt: m.receipt });
  }

  /**
   * The `error` message that reports this error for request `id` (null: the id is unknown). The
   * message text is cut to errorMessageCharsMax so the reply always passes validation.
   */
  toMessage(id: number | null): ErrorMessage {
    const message = truncate(this.message, protocolLimits.errorMessageCharsMax);
    const base = { t: 'error', id, code: this.code, message } as const;
    return this.receipt === undefined ? base : { ...base, receipt: this.receipt };
  }
}

export function isKvError(e: unknown): e is KvError {
  return e instanceof KvError;
}

function truncate(text: string, charsMax: number): string {
  if (text.length <= charsMax) return text;
  // Do not cut a surrogate pair in half.
  const end = isHighSurrogate(text.charCodeAt(charsMax - 2)) ? charsMax - 2 : charsMax - 1;
  return `${text.slice(0, end)}…`;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

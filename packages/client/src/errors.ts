// Errors: how the client reports failures. Operating errors (a node's error reply, a timeout, a
// lost connection, a request too large to send) are KvError from @kv/protocol with the wire's
// stable `code`, so a caller branches on `error.code` wherever the error came from. A broken
// invariant — a bad `connect()` option, a bug here — is a ClientAssertionError: never caught to
// carry on (CONVENTIONS.md §7).
import { KvError } from '@kv/protocol';
import type { Receipt } from '@kv/protocol';

export class ClientAssertionError extends Error {
  override readonly name = 'ClientAssertionError';
}

export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new ClientAssertionError(`@kv/client: ${message}`);
}

export function badRequest(message: string): KvError {
  return new KvError('BAD_REQUEST', message);
}

/** The ops whose loss mid-flight leaves the outcome unknown. */
export function isWrite(op: string): boolean {
  return op === 'put' || op === 'delete';
}

/** A call whose connection closed before its reply arrived. */
export function closedInFlight(op: string, why: string): KvError {
  const outcome = isWrite(op) ? 'the write may have been applied (read before retrying, or retry with the same context)' : 'nothing was changed; retry';
  return new KvError('CLOSED', `${op}: ${why} before the reply; ${outcome}`);
}

/** A call whose deadline passed after it was sent. */
export function timedOutInFlight(op: string, timeoutMs: number, receipt?: Receipt): KvError {
  const outcome = isWrite(op) ? 'the write may have been applied' : 'retry';
  return new KvError('TIMEOUT', `${op}: no reply within ${timeoutMs} ms; ${outcome}`, receipt === undefined ? {} : { receipt });
}

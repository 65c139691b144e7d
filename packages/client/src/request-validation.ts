// Request validation: the checks the SDK makes on a call's arguments before anything is queued
// or sent, with the bounds the node enforces (PROTOCOL.md "Limits"), so a malformed request
// fails at once with KvError BAD_REQUEST and the caller's stack, not a round trip later. The
// node validates everything again; these checks only move the failure closer to the bug.
import { isKvError, protocolLimits, validateKey } from '@kv/protocol';
import type { Consistency, Key } from '@kv/protocol';
import { badRequest } from './errors.js';

const namedLevels: ReadonlySet<unknown> = new Set(['one', 'quorum', 'all', 'local_quorum']);

export function checkKey(op: string, key: unknown): asserts key is Key {
  try {
    validateKey(key);
  } catch (error) {
    throw isKvError(error) ? badRequest(`${op}: ${error.message}`) : error;
  }
}

export function checkConsistency(op: string, name: 'r' | 'w', level: unknown): asserts level is Consistency | undefined {
  if (level === undefined || namedLevels.has(level)) return;
  if (typeof level === 'number' && Number.isInteger(level) && level >= 1 && level <= protocolLimits.replicasMax) return;
  throw badRequest(`${op}: ${name} is 1..${protocolLimits.replicasMax} or one of 'one', 'quorum', 'all', 'local_quorum', got ${describe(level)}`);
}

export function checkTimeoutMs(op: string, timeoutMs: unknown): asserts timeoutMs is number {
  if (typeof timeoutMs === 'number' && Number.isInteger(timeoutMs) && timeoutMs >= 1 && timeoutMs <= protocolLimits.timeoutMsMax) return;
  throw badRequest(`${op}: timeoutMs is an integer in 1..${protocolLimits.timeoutMsMax}, got ${describe(timeoutMs)}`);
}

export function checkKeyspace(op: string, keyspace: unknown): asserts keyspace is string | undefined {
  if (keyspace === undefined) return;
  if (typeof keyspace === 'string' && keyspace.length >= 1 && keyspace.length <= protocolLimits.keyspaceCharsMax) return;
  throw badRequest(`${op}: keyspace is a name of 1..${protocolLimits.keyspaceCharsMax} characters, got ${describe(keyspace)}`);
}

export function checkSloppy(op: string, sloppy: unknown): asserts sloppy is boolean | undefined {
  if (sloppy === undefined || typeof sloppy === 'boolean') return;
  throw badRequest(`${op}: sloppy is a boolean, got ${describe(sloppy)}`);
}

export function checkContext(op: string, context: unknown): asserts context is string | undefined {
  if (context === undefined) return;
  if (typeof context === 'string' && context.length >= 1 && context.length <= protocolLimits.contextBytesMax) return;
  throw badRequest(`${op}: context is the token a get returned, got ${describe(context)}`);
}

function describe(value: unknown): string {
  if (typeof value === 'string') return value.length > 40 ? `a string of ${value.length} characters` : JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === undefined || value === null) return String(value);
  return Array.isArray(value) ? 'an array' : typeof value;
}

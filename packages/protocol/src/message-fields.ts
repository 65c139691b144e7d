// Message fields: the validators of the field types several messages share — request ids,
// keys, consistency levels, names and versions — so each rule (PROTOCOL.md, "Messages") is
// written once and every message applies it the same way.
import type { FieldReader } from './field-reader.js';
import { isRequestId } from './frame.js';
import { plainBytes } from './cbor.js';
import { validateKey } from './key.js';
import { protocolLimits } from './limits.js';
import type { Consistency, Key } from './messages.js';

const namedLevels = ['one', 'quorum', 'all', 'local_quorum'] as const;

export function readId(r: FieldReader): number {
  const id = r.raw('id');
  if (!isRequestId(id)) r.fail('id', `must be an integer in 1..${protocolLimits.requestIdMax}`);
  return id;
}

/** A key: a UTF-8 string without lone surrogates or a byte string, 1..keyBytesMax bytes. */
export function readKey(r: FieldReader): Key {
  const key = validateKey(r.raw('key'));
  return typeof key === 'string' ? key : plainBytes(key);
}

/** A consistency level: an integer 1..replicasMax or one of the named levels. */
export function readConsistency(r: FieldReader, name: string): Consistency {
  const value = r.raw(name);
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 1 && value <= protocolLimits.replicasMax) return value;
  if (typeof value === 'string' && (namedLevels as readonly string[]).includes(value)) return value as Consistency;
  return r.fail(name, `must be an integer in 1..${protocolLimits.replicasMax} or one of ${namedLevels.map((l) => `'${l}'`).join(', ')}`);
}

export function readOptionalConsistency(r: FieldReader, name: string): Consistency | undefined {
  return r.has(name) ? readConsistency(r, name) : undefined;
}

/** A node id, cluster name, zone or gossip address: 1..nameCharsMax characters. */
export function readName(r: FieldReader, name: string): string {
  return r.string(name, { charsMin: 1, charsMax: protocolLimits.nameCharsMax });
}

export function readOptionalName(r: FieldReader, name: string): string | undefined {
  return r.has(name) ? readName(r, name) : undefined;
}

export function readVersion(r: FieldReader, name: string): number {
  return r.integer(name, 1, protocolLimits.versionNumberMax);
}

/** versionMin and versionMax, with versionMin ≤ versionMax. */
export function readVersionRange(r: FieldReader): { readonly versionMin: number; readonly versionMax: number } {
  const versionMin = readVersion(r, 'versionMin');
  const versionMax = readVersion(r, 'versionMax');
  if (versionMin > versionMax) r.fail('versionMin', 'must not be greater than versionMax');
  return { versionMin, versionMax };
}

/** A context token of @kv/vclock (opaque here): a string of 1..contextBytesMax characters. */
export function readContext(r: FieldReader): string {
  return r.string('context', { charsMin: 1, charsMax: protocolLimits.contextBytesMax });
}

/** A generation counter or a count: a non-negative safe integer. */
export function readCount(r: FieldReader, name: string): number {
  return r.integer(name, 0, Number.MAX_SAFE_INTEGER);
}

/** The message type `t`, or a BAD_REQUEST naming what was there. */
export function readType(r: FieldReader): string {
  const t = r.raw('t');
  if (typeof t !== 'string') r.fail('t', 'must be a string naming the message type');
  return t;
}

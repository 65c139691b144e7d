// Key bytes: a key is a UTF-8 string or raw bytes, 1..1024 bytes (DESIGN.md §4). The tree and
// both wire formats identify a key by its bytes, so a string and its UTF-8 encoding are the same
// key. Strings go through TextEncoder.encodeInto into a caller's scratch buffer, so an update
// makes no copy of the key (a lone surrogate becomes U+FFFD, as TextEncoder writes it).
import { merkleLimits } from './defaults';
import type { MerkleError } from './errors';
import { badRequest } from './errors';

/** A key: a string (hashed and sent as UTF-8) or bytes. */
export type Key = string | Uint8Array;

/** Bytes a target needs from `offset` to hold any key that `writeKey` accepts. */
export const KEY_SCRATCH_BYTES = 3 * merkleLimits.keyBytesMax;

function tooLong(bytes: number): MerkleError {
  return badRequest(`key is ${bytes} bytes, more than keyBytesMax (${merkleLimits.keyBytesMax})`);
}

const encoder = new TextEncoder();

/** UTF-8 of `text` into `target` at `offset`, as TextEncoder writes it; returns the byte count. */
function writeUtf8(text: string, target: Uint8Array, offset: number): number {
  return encoder.encodeInto(text, target.subarray(offset)).written;
}

/**
 * Writes the key's bytes into `target` at `offset` (which must have KEY_SCRATCH_BYTES of room)
 * and returns their length. Throws MerkleError for an empty or too-long key.
 */
export function writeKey(key: Key, target: Uint8Array, offset: number): number {
  let length: number;
  if (typeof key === 'string') {
    if (key.length > merkleLimits.keyBytesMax) throw tooLong(key.length); // UTF-8 is never shorter
    length = writeUtf8(key, target, offset);
  } else if (key instanceof Uint8Array) {
    length = key.length;
    if (length > merkleLimits.keyBytesMax) throw tooLong(length);
    target.set(key, offset);
  } else {
    throw badRequest(`key must be a string or a Uint8Array, got ${typeof key}`);
  }
  if (length === 0) throw badRequest('key must not be empty');
  if (length > merkleLimits.keyBytesMax) throw tooLong(length);
  return length;
}

const encodeBuffer = new Uint8Array(KEY_SCRATCH_BYTES);

/** The key's bytes in a fresh array (validated like writeKey). */
export function keyBytes(key: Key): Uint8Array {
  const length = writeKey(key, encodeBuffer, 0);
  return encodeBuffer.slice(0, length);
}

/** Unsigned lexicographic order of two byte strings: negative, zero or positive. */
export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return a.length - b.length;
}

/** True when two byte strings are equal. */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

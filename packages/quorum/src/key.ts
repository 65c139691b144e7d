// Keys: what a client may name (a UTF-8 string or raw bytes, 1..1024 bytes; DESIGN.md §4) and
// their validation. A string key and a byte key are different keys even when the string's UTF-8
// bytes equal the bytes (they hash to the same ring position, so they land on the same nodes);
// a client should use one form per keyspace.
import { quorumLimits } from './defaults.js';

export type Key = string | Uint8Array;

const encoder = new TextEncoder();

/** Why `key` is not a valid key, or undefined when it is. */
export function keyProblem(key: unknown): string | undefined {
  if (typeof key === 'string') {
    if (key.length === 0) return 'key must not be empty';
    if (key.length > quorumLimits.keyBytesMax) return `key is over keyBytesMax ${quorumLimits.keyBytesMax}`;
    if (hasLoneSurrogate(key)) return 'key is not well-formed UTF-16 (lone surrogate)';
    // Up to 3 UTF-8 bytes per UTF-16 code unit: short keys need no encoding to check.
    if (key.length * 3 > quorumLimits.keyBytesMax && encoder.encode(key).length > quorumLimits.keyBytesMax) {
      return `key is over keyBytesMax ${quorumLimits.keyBytesMax} UTF-8 bytes`;
    }
    return undefined;
  }
  if (key instanceof Uint8Array) {
    if (key.length === 0) return 'key must not be empty';
    if (key.length > quorumLimits.keyBytesMax) return `key is ${key.length} bytes, over keyBytesMax ${quorumLimits.keyBytesMax}`;
    return undefined;
  }
  return `key must be a string or a Uint8Array, got ${key === null ? 'null' : typeof key}`;
}

function hasLoneSurrogate(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff)) return true;
      i++;
    } else if (unit >= 0xdc00 && unit <= 0xdfff) {
      return true;
    }
  }
  return false;
}

/** Lowercase hex of bytes. */
export function hexOf(bytes: Uint8Array): string {
  let hex = '';
  for (const byte of bytes) hex += byte.toString(16).padStart(2, '0');
  return hex;
}

/** A key for messages and error text: the string quoted, or `0x…` hex for bytes. */
export function formatKey(key: Key): string {
  return typeof key === 'string' ? JSON.stringify(key) : `0x${hexOf(key)}`;
}
